import { chmodSync, symlinkSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ok } from "../diagnostic.js";
import type { Diagnostic, Result } from "../diagnostic.js";
import { repoContext, resolveRepoRoot } from "./files.js";
import type { RepoContext } from "./files.js";
import { listInstanceEntries, readInstance } from "./instances.js";
import { DEFAULT_SETTINGS } from "./settings.js";
import type { Settings } from "./settings.js";
import type { InstanceConfig } from "./snapshot.js";
import { permissionsAreEnforced, removeTempDirs, tempTree } from "../../test/support/tempTree.js";

afterEach(removeTempDirs);

/** The repository's context, as readCluster works it out. */
function context(root: string, settings: Settings): Result<RepoContext> {
  const repo = resolveRepoRoot(root);
  return repo.ok ? repoContext(repo.value, settings) : repo;
}

/** One instance of a repository folder, read as a named directive reads it. */
function readAt(root: string, settings: Settings, name: string): Result<InstanceConfig> {
  const ctx = context(root, settings);
  return ctx.ok ? readInstance(ctx.value, name, "unknown") : ctx;
}

/** The instance names of a repository folder. */
function listNames(root: string, settings: Settings): Result<string[]> {
  const ctx = context(root, settings);
  if (!ctx.ok) return ctx;
  const entries = listInstanceEntries(ctx.value);
  return entries.ok ? ok(entries.value.map((e) => e.name)) : entries;
}

const CONFIG = `LMS_HOST: learn.example.com
EDX_PLATFORM_REPOSITORY: https://github.com/openedx/edx-platform.git
EDX_PLATFORM_VERSION: open-release/quince.3
`;

function problems(root: string, name = "a", settings: Settings = DEFAULT_SETTINGS): Diagnostic[] {
  const r = readAt(root, settings, name);
  if (r.ok) throw new Error("expected the instance to be refused");
  return [...r.diagnostics];
}

describe("readInstance", () => {
  it("reads config.yml and grove.yml", () => {
    const root = tempTree("inst", {
      "instances/a/config.yml": CONFIG,
      "instances/a/grove.yml": "BATCH_UPGRADE_DISABLED: yes\nDEPLOYMENT_TIER: staging\n",
    });
    expect(readAt(root, DEFAULT_SETTINGS, "a")).toEqual({
      ok: true,
      warnings: [],
      value: {
        name: "a",
        configFile: "instances/a/config.yml",
        groveFile: "instances/a/grove.yml",
        repository: "https://github.com/openedx/edx-platform.git",
        version: "open-release/quince.3",
        batchUpgradeDisabled: true,
        batchUpgradeDisabledRaw: "yes",
        lmsHost: "learn.example.com",
        deploymentTier: "staging",
      },
    });
  });

  it("reads an instance without grove.yml or platform keys", () => {
    const root = tempTree("inst", { "instances/a/config.yml": "LMS_HOST: a.example.com\n" });
    expect(readAt(root, DEFAULT_SETTINGS, "a")).toMatchObject({
      ok: true,
      value: {
        groveFile: null,
        repository: null,
        version: null,
        batchUpgradeDisabled: false,
        batchUpgradeDisabledRaw: null,
      },
    });
  });

  it.each([
    ["true", true, "true"],
    ["False", false, "false"],
    ["'on'", true, "on"],
    ["1", true, "1"],
    ["off", false, "off"],
  ])("reads BATCH_UPGRADE_DISABLED: %s", (written, disabled, raw) => {
    const root = tempTree("inst", {
      "instances/a/config.yml": CONFIG,
      "instances/a/grove.yml": `# grove settings\nBATCH_UPGRADE_DISABLED: ${written}\n`,
    });
    expect(readAt(root, DEFAULT_SETTINGS, "a")).toMatchObject({
      ok: true,
      value: { batchUpgradeDisabled: disabled, batchUpgradeDisabledRaw: raw },
    });
  });

  it("treats an empty grove.yml as no settings", () => {
    const root = tempTree("inst", {
      "instances/a/config.yml": CONFIG,
      "instances/a/grove.yml": "",
    });
    expect(readAt(root, DEFAULT_SETTINGS, "a")).toMatchObject({
      ok: true,
      value: { groveFile: "instances/a/grove.yml", batchUpgradeDisabled: false },
    });
  });

  it("reads from the instancesDir of the settings", () => {
    const root = tempTree("inst", { "clusters/prod/a/config.yml": CONFIG });
    const settings = { ...DEFAULT_SETTINGS, instancesDir: "clusters/prod" };
    expect(readAt(root, settings, "a")).toMatchObject({
      ok: true,
      value: { configFile: "clusters/prod/a/config.yml" },
    });
  });

  it("reports a missing instance folder as unknown-instance", () => {
    const root = tempTree("inst", { "instances/b/config.yml": CONFIG });
    expect(problems(root)).toEqual([
      expect.objectContaining({ code: "unknown-instance", file: "instances/a" }),
    ]);
  });

  it("reports a plain file in place of the folder as unknown-instance", () => {
    const root = tempTree("inst", { "instances/a": "not a folder\n" });
    expect(problems(root)).toEqual([expect.objectContaining({ code: "unknown-instance" })]);
  });

  it("reports a missing config.yml", () => {
    const root = tempTree("inst", { "instances/a/grove.yml": "BATCH_UPGRADE_DISABLED: no\n" });
    expect(problems(root)).toEqual([
      expect.objectContaining({ code: "missing-config", file: "instances/a/config.yml" }),
    ]);
  });

  it("reports a folder where config.yml should be", () => {
    const root = tempTree("inst", { "instances/a/config.yml": null });
    expect(problems(root)).toEqual([
      expect.objectContaining({ code: "not-a-file", file: "instances/a/config.yml" }),
    ]);
  });

  it("reports YAML errors of both files at once, each at line:column", () => {
    const root = tempTree("inst", {
      "instances/a/config.yml": "LMS_HOST: x\nPLUGINS: [mfe\n",
      "instances/a/grove.yml": "A: 1\nA: 2\n",
    });
    expect(problems(root)).toEqual([
      expect.objectContaining({ code: "yaml-syntax", file: "instances/a/config.yml", line: 3 }),
      expect.objectContaining({
        code: "yaml-syntax",
        file: "instances/a/grove.yml",
        line: 2,
        fileColumn: 1,
      }),
    ]);
  });

  it("refuses an empty config.yml or one that is not a mapping", () => {
    const empty = tempTree("inst", { "instances/a/config.yml": "# nothing\n" });
    expect(problems(empty)).toEqual([expect.objectContaining({ code: "not-a-mapping" })]);
    const list = tempTree("inst", { "instances/a/config.yml": "- LMS_HOST: x\n" });
    expect(problems(list)).toEqual([
      expect.objectContaining({ code: "not-a-mapping", file: "instances/a/config.yml" }),
    ]);
  });

  it("refuses platform keys that are not text, at their lines", () => {
    const root = tempTree("inst", {
      "instances/a/config.yml":
        "LMS_HOST: x\nEDX_PLATFORM_REPOSITORY:\nEDX_PLATFORM_VERSION: 17.0\n",
    });
    const found = problems(root);
    expect(found).toEqual([
      expect.objectContaining({ code: "invalid-config-value", line: 2, fileColumn: 1 }),
      expect.objectContaining({ code: "invalid-config-value", line: 3, fileColumn: 1 }),
    ]);
    expect(found[1]?.message).toBe(
      "EDX_PLATFORM_VERSION in instances/a/config.yml must be text, found the number 17; put it in quotes to make it text",
    );
  });

  it.each([["maybe"], ["2"], ["[true]"], ["~"]])(
    "refuses BATCH_UPGRADE_DISABLED: %s, naming the file and line",
    (written) => {
      const root = tempTree("inst", {
        "instances/a/config.yml": CONFIG,
        "instances/a/grove.yml": `# notes\n\nBATCH_UPGRADE_DISABLED: ${written}\n`,
      });
      const found = problems(root);
      expect(found).toEqual([
        expect.objectContaining({
          code: "invalid-batch-upgrade-disabled",
          file: "instances/a/grove.yml",
          line: 3,
        }),
      ]);
      expect(found[0]?.message).toContain("instances/a/grove.yml");
    },
  );

  it("reads an instance folder linked from inside the repository", () => {
    const root = tempTree("inst", { "shared/base/config.yml": CONFIG, instances: null });
    symlinkSync("../shared/base", path.join(root, "instances/a"));
    expect(readAt(root, DEFAULT_SETTINGS, "a")).toMatchObject({
      ok: true,
      value: { version: "open-release/quince.3" },
    });
  });

  it("refuses an instance folder linked to outside the repository", () => {
    const outside = tempTree("outside", { "config.yml": CONFIG });
    const root = tempTree("inst", { instances: null });
    symlinkSync(outside, path.join(root, "instances/a"));
    expect(problems(root)).toEqual([
      expect.objectContaining({ code: "symlink-outside-repo", file: "instances/a" }),
    ]);
  });

  it("refuses a grove.yml linked to outside the repository", () => {
    const outside = tempTree("outside", { "grove.yml": "BATCH_UPGRADE_DISABLED: true\n" });
    const root = tempTree("inst", { "instances/a/config.yml": CONFIG });
    symlinkSync(path.join(outside, "grove.yml"), path.join(root, "instances/a/grove.yml"));
    expect(problems(root)).toEqual([
      expect.objectContaining({ code: "symlink-outside-repo", file: "instances/a/grove.yml" }),
    ]);
  });

  it("refuses an instances folder linked to outside the repository", () => {
    const outside = tempTree("outside", { "a/config.yml": CONFIG });
    const root = tempTree("inst", {});
    symlinkSync(outside, path.join(root, "instances"));
    expect(problems(root)).toEqual([
      expect.objectContaining({ code: "symlink-outside-repo", file: "instances" }),
    ]);
  });

  it("reports an instance folder linked to a file or to nothing", () => {
    const root = tempTree("inst", { "notes.txt": "x\n", instances: null });
    symlinkSync("../notes.txt", path.join(root, "instances/a"));
    symlinkSync("../missing", path.join(root, "instances/b"));
    expect(problems(root, "a")).toEqual([expect.objectContaining({ code: "not-a-directory" })]);
    expect(problems(root, "b")).toEqual([expect.objectContaining({ code: "broken-symlink" })]);
  });

  it("refuses a name that is not an instance name, without touching the disk", () => {
    const root = tempTree("inst", { "x/config.yml": CONFIG });
    expect(problems(root, "../x")).toEqual([
      expect.objectContaining({ code: "invalid-instance-name" }),
    ]);
  });

  it("reports an unreadable config.yml (where permissions apply)", () => {
    const root = tempTree("inst", { "instances/a/config.yml": CONFIG });
    const file = path.join(root, "instances/a/config.yml");
    chmodSync(file, 0o000);
    const r = readAt(root, DEFAULT_SETTINGS, "a");
    chmodSync(file, 0o600);
    if (permissionsAreEnforced()) {
      expect(r.ok ? null : r.diagnostics).toEqual([
        expect.objectContaining({ code: "unreadable-file", file: "instances/a/config.yml" }),
      ]);
    } else {
      // Running as root: the file is readable; files.test.ts covers EACCES.
      expect(r.ok).toBe(true);
    }
  });
});

describe("listInstanceEntries", () => {
  it("lists instance folders sorted, ignoring files and folders that are not instances", () => {
    const root = tempTree("list", {
      "instances/site-b/config.yml": "A: 1\n",
      "instances/Site_A": null,
      "instances/9lives": null,
      "instances/.git": null,
      "instances/_template": null,
      "instances/my.site": null,
      [`instances/${"x".repeat(64)}`]: null,
      "instances/README.md": "# instances\n",
      "shared/linked": null,
    });
    symlinkSync("../shared/linked", path.join(root, "instances/linked"));
    expect(listNames(root, DEFAULT_SETTINGS)).toEqual({
      ok: true,
      warnings: [],
      value: ["9lives", "Site_A", "linked", "site-b"],
    });
  });

  it("lists the instancesDir of the settings", () => {
    const root = tempTree("list", { "clusters/prod/a": null, "instances/b": null });
    const settings = { ...DEFAULT_SETTINGS, instancesDir: "clusters/prod" };
    expect(listNames(root, settings)).toMatchObject({ ok: true, value: ["a"] });
  });

  it("gives an empty list for an empty instances folder", () => {
    const root = tempTree("list", { instances: null });
    expect(listNames(root, DEFAULT_SETTINGS)).toMatchObject({ ok: true, value: [] });
  });

  it("reports a missing instances folder, naming it", () => {
    const root = tempTree("list", {});
    const r = listNames(root, { ...DEFAULT_SETTINGS, instancesDir: "sites" });
    expect(r.ok ? null : r.diagnostics).toEqual([
      expect.objectContaining({ code: "missing-instances-dir", file: "sites" }),
    ]);
    expect(r.ok ? "" : r.diagnostics[0]?.message).toContain("sites");
  });

  it("reports an instances path that is a file", () => {
    const root = tempTree("list", { instances: "oops\n" });
    const r = listNames(root, DEFAULT_SETTINGS);
    expect(r.ok ? null : r.diagnostics[0]).toMatchObject({ code: "not-a-directory" });
  });

  it("refuses an instancesDir that leaves the repository", () => {
    const root = tempTree("list", { instances: null });
    const r = listNames(root, { ...DEFAULT_SETTINGS, instancesDir: "../" });
    expect(r.ok ? null : r.diagnostics[0]).toMatchObject({
      code: "invalid-setting",
      keyPath: "instancesDir",
    });
  });
});
