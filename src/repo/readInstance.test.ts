import { chmodSync, symlinkSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Diagnostic } from "../diagnostic.js";
import { readInstance } from "./readInstance.js";
import { DEFAULT_SETTINGS } from "./settings.js";
import type { Settings } from "./settings.js";
import { permissionsAreEnforced, removeTempDirs, tempTree } from "../../test/support/tempTree.js";

afterEach(removeTempDirs);

const CONFIG = `LMS_HOST: learn.example.com
EDX_PLATFORM_REPOSITORY: https://github.com/openedx/edx-platform.git
EDX_PLATFORM_VERSION: open-release/quince.3
`;

function problems(root: string, name = "a", settings: Settings = DEFAULT_SETTINGS): Diagnostic[] {
  const r = readInstance(root, settings, name);
  if (r.ok) throw new Error("expected the instance to be refused");
  return [...r.diagnostics];
}

describe("readInstance", () => {
  it("reads config.yml and grove.yml", () => {
    const root = tempTree("inst", {
      "instances/a/config.yml": CONFIG,
      "instances/a/grove.yml": "BATCH_UPGRADE_DISABLED: yes\n",
    });
    expect(readInstance(root, DEFAULT_SETTINGS, "a")).toEqual({
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
      },
    });
  });

  it("reads an instance without grove.yml or platform keys", () => {
    const root = tempTree("inst", { "instances/a/config.yml": "LMS_HOST: a.example.com\n" });
    expect(readInstance(root, DEFAULT_SETTINGS, "a")).toMatchObject({
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
    expect(readInstance(root, DEFAULT_SETTINGS, "a")).toMatchObject({
      ok: true,
      value: { batchUpgradeDisabled: disabled, batchUpgradeDisabledRaw: raw },
    });
  });

  it("treats an empty grove.yml as no settings", () => {
    const root = tempTree("inst", {
      "instances/a/config.yml": CONFIG,
      "instances/a/grove.yml": "",
    });
    expect(readInstance(root, DEFAULT_SETTINGS, "a")).toMatchObject({
      ok: true,
      value: { groveFile: "instances/a/grove.yml", batchUpgradeDisabled: false },
    });
  });

  it("reads from the instancesDir of the settings", () => {
    const root = tempTree("inst", { "clusters/prod/a/config.yml": CONFIG });
    const settings = { ...DEFAULT_SETTINGS, instancesDir: "clusters/prod" };
    expect(readInstance(root, settings, "a")).toMatchObject({
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
    expect(readInstance(root, DEFAULT_SETTINGS, "a")).toMatchObject({
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
    const r = readInstance(root, DEFAULT_SETTINGS, "a");
    chmodSync(file, 0o600);
    if (permissionsAreEnforced()) {
      expect(r.ok ? null : r.diagnostics).toEqual([
        expect.objectContaining({ code: "unreadable-file", file: "instances/a/config.yml" }),
      ]);
    } else {
      // Running as root: the file is readable; readErrorDiagnostic.test.ts covers EACCES.
      expect(r.ok).toBe(true);
    }
  });
});
