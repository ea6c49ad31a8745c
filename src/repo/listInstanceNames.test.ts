import { symlinkSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { listInstanceNames } from "./listInstanceNames.js";
import { DEFAULT_SETTINGS } from "./settings.js";
import { removeTempDirs, tempTree } from "../../test/support/tempTree.js";

afterEach(removeTempDirs);

describe("listInstanceNames", () => {
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
    expect(listInstanceNames(root, DEFAULT_SETTINGS)).toEqual({
      ok: true,
      warnings: [],
      value: ["9lives", "Site_A", "linked", "site-b"],
    });
  });

  it("lists the instancesDir of the settings", () => {
    const root = tempTree("list", { "clusters/prod/a": null, "instances/b": null });
    const settings = { ...DEFAULT_SETTINGS, instancesDir: "clusters/prod" };
    expect(listInstanceNames(root, settings)).toMatchObject({ ok: true, value: ["a"] });
  });

  it("gives an empty list for an empty instances folder", () => {
    const root = tempTree("list", { instances: null });
    expect(listInstanceNames(root, DEFAULT_SETTINGS)).toMatchObject({ ok: true, value: [] });
  });

  it("reports a missing instances folder, naming it", () => {
    const root = tempTree("list", {});
    const r = listInstanceNames(root, { ...DEFAULT_SETTINGS, instancesDir: "sites" });
    expect(r.ok ? null : r.diagnostics).toEqual([
      expect.objectContaining({ code: "missing-instances-dir", file: "sites" }),
    ]);
    expect(r.ok ? "" : r.diagnostics[0]?.message).toContain("sites");
  });

  it("reports an instances path that is a file", () => {
    const root = tempTree("list", { instances: "oops\n" });
    const r = listInstanceNames(root, DEFAULT_SETTINGS);
    expect(r.ok ? null : r.diagnostics[0]).toMatchObject({ code: "not-a-directory" });
  });

  it("refuses an instancesDir that leaves the repository", () => {
    const root = tempTree("list", { instances: null });
    const r = listInstanceNames(root, { ...DEFAULT_SETTINGS, instancesDir: "../" });
    expect(r.ok ? null : r.diagnostics[0]).toMatchObject({
      code: "invalid-setting",
      keyPath: "instancesDir",
    });
  });
});
