import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS } from "./settings.js";
import { readTemplatesFile } from "./readTemplatesFile.js";

function repo(): string {
  return mkdtempSync(path.join(os.tmpdir(), "grove-templates-"));
}

describe("readTemplatesFile", () => {
  it("is null when the settings name no template file", () => {
    expect(readTemplatesFile(repo(), DEFAULT_SETTINGS)).toEqual({
      ok: true,
      value: null,
      warnings: [],
    });
  });

  it("reads the named file", () => {
    const root = repo();
    mkdirSync(path.join(root, "ci"));
    writeFileSync(path.join(root, "ci", "t.yml"), ".grove-noop: {}\n");
    const result = readTemplatesFile(root, { ...DEFAULT_SETTINGS, templates: "./ci/t.yml" });
    expect(result).toEqual({
      ok: true,
      value: { file: "ci/t.yml", text: ".grove-noop: {}\n" },
      warnings: [],
    });
  });

  it("names the setting when the file is missing", () => {
    const result = readTemplatesFile(repo(), { ...DEFAULT_SETTINGS, templates: "ci/t.yml" });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.diagnostics[0]).toMatchObject({
      code: "missing-file",
      file: "ci/t.yml",
      keyPath: "templates",
    });
  });

  it("refuses a template file that links outside the repository", () => {
    const root = repo();
    const outside = path.join(repo(), "secret.yml");
    writeFileSync(outside, "x: 1\n");
    symlinkSync(outside, path.join(root, "t.yml"));
    const result = readTemplatesFile(root, { ...DEFAULT_SETTINGS, templates: "t.yml" });
    expect(!result.ok && result.diagnostics[0]?.code).toBe("symlink-outside-repo");
  });
});
