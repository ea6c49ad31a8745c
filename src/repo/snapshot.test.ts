import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { repoContext, resolveRepoRoot } from "./files.js";
import { DEFAULT_SETTINGS } from "./settings.js";
import type { Settings } from "./settings.js";
import { loadSnapshot as loadSnapshotIn } from "./snapshot.js";
import type { LoadSnapshotOptions, SnapshotNeeds } from "./snapshot.js";
import { removeTempDirs, tempTree } from "../../test/support/tempTree.js";

afterEach(removeTempDirs);

/** The repository's context, then the snapshot, as readCluster reads them. */
function loadSnapshot(
  root: string,
  settings: Settings,
  needs: SnapshotNeeds,
  options?: LoadSnapshotOptions,
) {
  const repo = resolveRepoRoot(root);
  const ctx = repo.ok ? repoContext(repo.value, settings) : repo;
  return ctx.ok ? loadSnapshotIn(ctx.value, needs, options) : ctx;
}

const config = (version: string) => `LMS_HOST: lms.example.com\nEDX_PLATFORM_VERSION: ${version}\n`;

/** Five good instances a..e. */
function cluster(extra: Record<string, string | null> = {}): string {
  const files: Record<string, string | null> = {};
  for (const name of ["a", "b", "c", "d", "e"]) {
    files[`instances/${name}/config.yml`] = config(`v-${name}`);
  }
  return tempTree("snap", { ...files, ...extra });
}

const batch = { names: [], all: true };

describe("loadSnapshot for a batch", () => {
  it("reads every instance and lists them all", () => {
    const root = cluster({ "instances/e/grove.yml": "BATCH_UPGRADE_DISABLED: on\n" });
    const r = loadSnapshot(root, DEFAULT_SETTINGS, batch);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.allNames).toEqual(["a", "b", "c", "d", "e"]);
    expect([...r.value.instances.keys()]).toEqual(["a", "b", "c", "d", "e"]);
    expect(r.value.instances.get("c")?.version).toBe("v-c");
    expect(r.value.instances.get("e")?.batchUpgradeDisabled).toBe(true);
    expect(r.value.invalid).toEqual([]);
    expect(r.value.settings).toBe(DEFAULT_SETTINGS);
  });

  it("fails with the problems of every broken instance at once", () => {
    const root = cluster({
      "instances/b/config.yml": "A: [\n",
      "instances/d/grove.yml": "BATCH_UPGRADE_DISABLED: maybe\n",
      "instances/f": null,
    });
    const r = loadSnapshot(root, DEFAULT_SETTINGS, batch);
    expect(r.ok ? null : r.diagnostics).toEqual([
      expect.objectContaining({ code: "yaml-syntax", file: "instances/b/config.yml" }),
      expect.objectContaining({
        code: "invalid-batch-upgrade-disabled",
        file: "instances/d/grove.yml",
      }),
      expect.objectContaining({ code: "missing-config", file: "instances/f/config.yml" }),
    ]);
  });

  it("with skipInvalid, sets broken instances aside and warns about them", () => {
    const root = cluster({ "instances/b/config.yml": "- not a mapping\n" });
    const r = loadSnapshot(root, DEFAULT_SETTINGS, batch, { skipInvalid: true });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect([...r.value.instances.keys()]).toEqual(["a", "c", "d", "e"]);
    expect(r.value.allNames).toEqual(["a", "b", "c", "d", "e"]);
    expect(r.value.invalid).toEqual([
      {
        instance: "b",
        diagnostics: [expect.objectContaining({ code: "not-a-mapping", severity: "error" })],
      },
    ]);
    expect(r.warnings).toEqual([
      expect.objectContaining({
        code: "not-a-mapping",
        severity: "warning",
        file: "instances/b/config.yml",
      }),
    ]);
  });

  it("never skips a broken instance that a directive also names", () => {
    const root = cluster({ "instances/b/config.yml": "- not a mapping\n" });
    const r = loadSnapshot(
      root,
      DEFAULT_SETTINGS,
      { names: ["b"], all: true },
      { skipInvalid: true },
    );
    expect(r.ok ? null : r.diagnostics).toEqual([
      expect.objectContaining({ code: "not-a-mapping" }),
    ]);
  });

  it("refuses a linked instance folder that leaves the repository", () => {
    const outside = tempTree("outside", { "config.yml": config("v-x") });
    const root = cluster();
    symlinkSync(outside, path.join(root, "instances/x"));
    const r = loadSnapshot(root, DEFAULT_SETTINGS, batch);
    expect(r.ok ? null : r.diagnostics).toEqual([
      expect.objectContaining({ code: "symlink-outside-repo", file: "instances/x" }),
    ]);
  });

  it("reports a missing instances folder", () => {
    const root = tempTree("snap", { "grove-pipelines.yml": "" });
    const r = loadSnapshot(root, DEFAULT_SETTINGS, batch);
    expect(r.ok ? null : r.diagnostics).toEqual([
      expect.objectContaining({ code: "missing-instances-dir", file: "instances" }),
    ]);
  });
});

describe("loadSnapshot for named instances", () => {
  it("opens only the named instances' files", () => {
    const root = cluster();
    // Every other instance is unreadable in a different way: touching any of them would fail.
    writeFileSync(path.join(root, "instances/a/config.yml"), "A: [\n");
    writeFileSync(path.join(root, "instances/b/grove.yml"), "BATCH_UPGRADE_DISABLED: maybe\n");
    mkdirSync(path.join(root, "instances/d/grove.yml"));
    writeFileSync(path.join(root, "instances/e/config.yml"), "- a list\n");
    const r = loadSnapshot(root, DEFAULT_SETTINGS, { names: ["c"], all: false });
    expect(r).toMatchObject({ ok: true, warnings: [] });
    if (!r.ok) return;
    expect([...r.value.instances.keys()]).toEqual(["c"]);
    expect(r.value.instances.get("c")?.configFile).toBe("instances/c/config.yml");
    expect(r.value.allNames).toBeNull();
  });

  it("keeps the order the names were given, once each", () => {
    const r = loadSnapshot(cluster(), DEFAULT_SETTINGS, { names: ["d", "a", "d"], all: false });
    expect(r.ok ? [...r.value.instances.keys()] : null).toEqual(["d", "a"]);
  });

  it("leaves a missing instance to the planner and lists the folder for suggestions", () => {
    const r = loadSnapshot(cluster(), DEFAULT_SETTINGS, { names: ["a", "bb"], all: false });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect([...r.value.instances.keys()]).toEqual(["a"]);
    expect(r.value.allNames).toEqual(["a", "b", "c", "d", "e"]);
  });

  it("fails for a named instance that exists but is broken, even with skipInvalid", () => {
    const root = cluster({ "instances/b/config.yml": "EDX_PLATFORM_VERSION: [1]\n" });
    const r = loadSnapshot(
      root,
      DEFAULT_SETTINGS,
      { names: ["a", "b"], all: false },
      {
        skipInvalid: true,
      },
    );
    expect(r.ok ? null : r.diagnostics).toEqual([
      expect.objectContaining({
        code: "invalid-config-value",
        file: "instances/b/config.yml",
        line: 1,
      }),
    ]);
  });

  it("reports a missing instances folder when a named instance is not there", () => {
    const root = tempTree("snap", {});
    const r = loadSnapshot(root, DEFAULT_SETTINGS, { names: ["a"], all: false });
    expect(r.ok ? null : r.diagnostics).toEqual([
      expect.objectContaining({ code: "missing-instances-dir" }),
    ]);
  });

  it("reads nothing when no instance is needed", () => {
    const root = tempTree("snap", {});
    expect(loadSnapshot(root, DEFAULT_SETTINGS, { names: [], all: false })).toMatchObject({
      ok: true,
      value: { allNames: null, invalid: [] },
    });
  });
});
