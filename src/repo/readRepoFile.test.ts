import { chmodSync, realpathSync, symlinkSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readRepoFile } from "./readRepoFile.js";
import { permissionsAreEnforced, removeTempDirs, tempTree } from "../../test/support/tempTree.js";

afterEach(removeTempDirs);

function repo(files: Record<string, string | null>): { abs: string; real: string } {
  const abs = tempTree("read", files);
  return { abs, real: realpathSync.native(abs) };
}

describe("readRepoFile", () => {
  it("reads a file as text", () => {
    const r = repo({ "a/config.yml": "A: 1\n" });
    expect(readRepoFile(r.real, path.join(r.abs, "a/config.yml"), "a/config.yml")).toEqual({
      ok: true,
      value: "A: 1\n",
      warnings: [],
    });
  });

  it("gives null for a missing file", () => {
    const r = repo({});
    expect(readRepoFile(r.real, path.join(r.abs, "nope.yml"), "nope.yml")).toMatchObject({
      ok: true,
      value: null,
    });
  });

  it("refuses a folder where a file should be", () => {
    const r = repo({ "a/config.yml": null });
    const read = readRepoFile(r.real, path.join(r.abs, "a/config.yml"), "a/config.yml");
    expect(read.ok ? null : read.diagnostics).toEqual([
      expect.objectContaining({ code: "not-a-file", file: "a/config.yml" }),
    ]);
  });

  it("reads through a symbolic link that stays inside the repository", () => {
    const r = repo({ "shared/config.yml": "A: shared\n", a: null });
    symlinkSync("../shared/config.yml", path.join(r.abs, "a/config.yml"));
    const read = readRepoFile(r.real, path.join(r.abs, "a/config.yml"), "a/config.yml");
    expect(read).toMatchObject({ ok: true, value: "A: shared\n" });
  });

  it("refuses a symbolic link that leaves the repository", () => {
    const outside = tempTree("outside", { "secret.yml": "TOKEN: x\n" });
    const r = repo({ a: null });
    symlinkSync(path.join(outside, "secret.yml"), path.join(r.abs, "a/config.yml"));
    const read = readRepoFile(r.real, path.join(r.abs, "a/config.yml"), "a/config.yml");
    expect(read.ok).toBe(false);
    expect(read.ok ? null : read.diagnostics[0]).toMatchObject({
      code: "symlink-outside-repo",
      file: "a/config.yml",
    });
  });

  it("reports a symbolic link to nothing", () => {
    const r = repo({ a: null });
    symlinkSync("missing.yml", path.join(r.abs, "a/config.yml"));
    const read = readRepoFile(r.real, path.join(r.abs, "a/config.yml"), "a/config.yml");
    expect(read.ok ? null : read.diagnostics[0]).toMatchObject({ code: "broken-symlink" });
  });

  it("reports an unreadable file (where permissions apply)", () => {
    const r = repo({ "a/config.yml": "A: 1\n" });
    const file = path.join(r.abs, "a/config.yml");
    chmodSync(file, 0o000);
    const read = readRepoFile(r.real, file, "a/config.yml");
    chmodSync(file, 0o600);
    if (permissionsAreEnforced()) {
      expect(read.ok ? null : read.diagnostics[0]).toMatchObject({
        code: "unreadable-file",
        file: "a/config.yml",
      });
    } else {
      // Root reads it anyway; the EACCES mapping itself is tested in readErrorDiagnostic.test.ts.
      expect(read).toMatchObject({ ok: true, value: "A: 1\n" });
    }
  });

  it("reports a path through a file as not a folder", () => {
    const r = repo({ a: "plain file\n" });
    const read = readRepoFile(r.real, path.join(r.abs, "a/config.yml"), "a/config.yml");
    expect(read.ok ? null : read.diagnostics[0]).toMatchObject({ code: "not-a-directory" });
  });
});
