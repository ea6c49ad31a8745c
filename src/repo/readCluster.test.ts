import { readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { BUILTIN_TEMPLATES } from "../render/builtinTemplates.js";
import { readCluster } from "./readCluster.js";
import { DEFAULT_SETTINGS } from "./settings.js";
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
