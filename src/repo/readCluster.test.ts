import { readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { matchesTarget } from "../plan/matchTarget.js";
import { resolveRepoRoot } from "./files.js";
import { readCluster } from "./readCluster.js";
import { DEFAULT_SETTINGS, loadSettings } from "./settings.js";
import type { RepoSnapshot } from "./snapshot.js";
import { BUILTIN_TEMPLATES } from "./templates.js";
import { removeTempDirs, tempTree } from "../../test/support/tempTree.js";

afterEach(removeTempDirs);

/** The package's own template file: valid, and what a cluster copies to edit. */
const TEMPLATES = readFileSync(
  new URL("../../templates/grove-templates.yml", import.meta.url),
  "utf8",
);
const SETTINGS = "grove-pipelines.yml";
const CONFIG = "EDX_PLATFORM_VERSION: v1\n";
const none = { names: [], all: false };

describe("readCluster", () => {
  it("reads the settings, the instances asked for and the built-in templates", () => {
    const root = tempTree("cluster", {
      [SETTINGS]: "image: tools:1\n",
      "instances/a/config.yml": CONFIG,
      "instances/b/config.yml": "A: [\n",
    });
    const r = readCluster(root, { names: ["a"], all: false });
    expect(r).toMatchObject({ ok: true, warnings: [] });
    if (!r.ok) return;
    expect(r.value.settings).toEqual({ ...DEFAULT_SETTINGS, image: "tools:1" });
    expect(r.value.snapshot.settings).toBe(r.value.settings);
    expect([...r.value.snapshot.instances.keys()]).toEqual(["a"]);
    expect(r.value.templates).toBe(BUILTIN_TEMPLATES);
  });

  it("tells the planner whether the template file defines .grove-verify", () => {
    const files = (templates: string) => ({
      [SETTINGS]: "templates: ci/t.yml\n",
      "ci/t.yml": templates,
      "instances/a/config.yml": "LMS_HOST: a.example.com:bad\n",
    });
    const verify = ".grove-verify:\n  script: [./check]\n";
    const withVerify = readCluster(tempTree("cluster", files(TEMPLATES + verify)), none);
    const without = readCluster(tempTree("cluster", files(TEMPLATES)), none);
    expect(withVerify.ok && withVerify.value.snapshot.verify).toBe(true);
    expect(without.ok && without.value.snapshot.verify).toBe(false);
    const builtin = readCluster(tempTree("cluster", { "instances/a/config.yml": CONFIG }), none);
    expect(builtin.ok && builtin.value.snapshot.verify).toBe(false);
    // An instance's warnings (an LMS_HOST that is not a host name) reach the caller.
    for (const all of [false, true]) {
      const read = readCluster(tempTree("cluster", files(TEMPLATES)), { names: ["a"], all });
      expect(read.warnings.map((w) => w.code)).toEqual(["invalid-lms-host"]);
    }
  });

  it("reports a missing repository folder", () => {
    const r = readCluster("/nonexistent/grove-pipelines-test-repo", none);
    expect(r.ok ? null : r.diagnostics[0]).toMatchObject({ code: "missing-repository" });
  });

  it("resolves a relative root once, against the current folder", () => {
    const root = tempTree("cluster", { "instances/a/config.yml": CONFIG });
    const r = readCluster(path.relative(process.cwd(), root), { names: ["a"], all: false });
    expect(r.ok ? r.value.snapshot.instances.get("a")?.configFile : r.diagnostics).toBe(
      "instances/a/config.yml",
    );
  });

  it("stops at broken settings, before reading any instance", () => {
    const root = tempTree("cluster", {
      [SETTINGS]: "waveSize: 3\n",
      "instances/a/config.yml": "A: [\n",
    });
    const r = readCluster(root, { names: [], all: true });
    expect(r.ok ? null : r.diagnostics.map((d) => d.code)).toEqual(["unknown-setting"]);
  });

  it("refuses an instances folder that links out of the repository, even when none is needed", () => {
    const outside = tempTree("outside", {});
    const root = tempTree("cluster", {});
    symlinkSync(outside, path.join(root, "instances"));
    const r = readCluster(root, none);
    expect(r.ok ? null : r.diagnostics).toEqual([
      expect.objectContaining({ code: "symlink-outside-repo", file: "instances" }),
    ]);
  });

  it("passes skipInvalid on: a broken instance of a batch becomes a warning", () => {
    const root = tempTree("cluster", {
      "instances/a/config.yml": CONFIG,
      "instances/b/config.yml": "- a list\n",
    });
    const r = readCluster(root, { names: [], all: true }, { skipInvalid: true });
    expect(r.ok ? r.value.snapshot.invalid.map((i) => i.instance) : null).toEqual(["b"]);
    expect(r.ok ? r.warnings : null).toEqual([
      expect.objectContaining({ severity: "warning", file: "instances/b/config.yml" }),
    ]);
  });
});

describe("readCluster's templates", () => {
  const withTemplates = (files: Record<string, string>, templates = "ci/t.yml") =>
    tempTree("templates", { [SETTINGS]: `templates: ${templates}\n`, ...files });

  it("reads and checks the file the settings name", () => {
    const text = TEMPLATES.replace('grove deploy "$INSTANCE_NAME"', "grove deploy --from-cluster");
    const root = withTemplates({ "ci/t.yml": text }, "./ci/t.yml");
    const r = readCluster(root, none);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.templates).not.toBe(BUILTIN_TEMPLATES);
    expect(r.value.templates.jobs.get(".grove-deploy")).toEqual({
      script: ["grove deploy --from-cluster"],
    });
  });

  it("reports the file's problems with its repository-relative path", () => {
    const root = withTemplates({ "ci/t.yml": ".grove-noop: {}\n" }, "./ci/t.yml");
    const r = readCluster(root, none);
    expect(r.ok ? null : r.diagnostics[0]).toMatchObject({
      code: "template-missing",
      file: "ci/t.yml",
    });
  });

  it("names the setting when the file is missing", () => {
    const r = readCluster(withTemplates({}), none);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.diagnostics[0]).toMatchObject({
      code: "missing-file",
      file: "ci/t.yml",
      keyPath: "templates",
    });
  });

  it("refuses a template file that links outside the repository", () => {
    const outside = path.join(tempTree("outside", {}), "secret.yml");
    writeFileSync(outside, TEMPLATES);
    const root = withTemplates({}, "t.yml");
    symlinkSync(outside, path.join(root, "t.yml"));
    const r = readCluster(root, none);
    expect(!r.ok && r.diagnostics[0]?.code).toBe("symlink-outside-repo");
  });

  it("are read after the instances: an instance's problems come first", () => {
    const root = withTemplates({ "instances/a/config.yml": "A: [\n" });
    const r = readCluster(root, { names: ["a"], all: false });
    expect(r.ok ? null : r.diagnostics.map((d) => d.code)).toEqual(["yaml-syntax"]);
  });
});

/* examples/cluster is documentation that must stay true: it loads cleanly and shows each case. */

const ROOT = fileURLToPath(new URL("../../examples/cluster", import.meta.url));

function exampleSnapshot(): RepoSnapshot {
  const cluster = readCluster(ROOT, { names: [], all: true });
  if (!cluster.ok) throw new Error(cluster.diagnostics.map((d) => d.message).join("\n"));
  expect(cluster.warnings).toEqual([]);
  return cluster.value.snapshot;
}

describe("examples/cluster", () => {
  it("has settings with defaults, an image and a batch section", () => {
    const root = resolveRepoRoot(ROOT);
    const r = root.ok ? loadSettings(root.value) : root;
    expect(r.ok ? r.value : null).toMatchObject({
      file: "grove-pipelines.yml",
      settings: {
        image: expect.any(String),
        defaults: { EDX_PLATFORM_REPOSITORY: "https://github.com/openedx/edx-platform.git" },
        batch: { canaryInstances: ["demo"] },
      },
    });
  });

  it("loads eight instances, all valid", () => {
    const snapshot = exampleSnapshot();
    expect(snapshot.allNames).toHaveLength(8);
    expect(snapshot.instances.size).toBe(8);
    expect(snapshot.invalid).toEqual([]);
  });

  it("shows two forks, several versions and each special case", () => {
    const all = [...exampleSnapshot().instances.values()];
    const repositories = new Set(all.map((i) => i.repository));
    expect(repositories).toContain("https://github.com/openedx/edx-platform.git");
    expect(repositories).toContain("https://github.com/open-craft/edx-platform.git");
    expect(repositories).toContain("git@github.com:openedx/edx-platform.git");
    expect(repositories).toContain(null);
    const versions = new Set(all.map((i) => i.version));
    for (const v of [
      "open-release/quince.3",
      "open-release/redwood.2",
      "opencraft-release/quince.3",
    ]) {
      expect(versions).toContain(v);
    }
    const raws = all.filter((i) => i.batchUpgradeDisabled).map((i) => i.batchUpgradeDisabledRaw);
    expect(raws.sort()).toEqual(["true", "yes"]);
    expect(all.some((i) => i.groveFile === null)).toBe(true);
  });

  it("selects three or more instances for the quince.3 batch, skips the disabled, leaves others", () => {
    const snapshot = exampleSnapshot();
    const target = {
      repository: "https://github.com/openedx/edx-platform.git",
      version: "open-release/quince.3",
    };
    const fallback = snapshot.settings.defaults.EDX_PLATFORM_REPOSITORY ?? "";
    const matched = [...snapshot.instances.values()].filter((i) =>
      matchesTarget(i.repository ?? fallback, i.version ?? "", target),
    );
    const selected = matched.filter((i) => !i.batchUpgradeDisabled).map((i) => i.name);
    const skipped = matched.filter((i) => i.batchUpgradeDisabled).map((i) => i.name);
    expect(selected).toEqual(["acme-staging", "acme-university", "demo"]);
    expect(skipped).toEqual(["hooli-edu", "umbrella-training"]);
    expect(snapshot.instances.size - matched.length).toBe(3);
  });
});
