import { execFileSync } from "node:child_process";
import { chmodSync, realpathSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  isSafeRelativePath,
  normalizeRelativePath,
  readErrorDiagnostic,
  readRepoFile,
  resolveRepoRoot,
} from "./files.js";
import type { RepoRoot } from "./files.js";
import { FILE_SIZE_CAPS } from "./regularFile.js";
import { errnoCode } from "../errors.js";
import { permissionsAreEnforced, removeTempDirs, tempTree } from "../../test/support/tempTree.js";

afterEach(removeTempDirs);

function repo(files: Record<string, string | null>): RepoRoot {
  const abs = tempTree("read", files);
  return { abs, real: realpathSync.native(abs) };
}

describe("resolveRepoRoot", () => {
  it("resolves a folder, and names a missing one or a file given as the repository", () => {
    const abs = tempTree("root", { "a.txt": "x" });
    expect(resolveRepoRoot(abs)).toEqual({
      ok: true,
      value: { abs, real: realpathSync.native(abs) },
      warnings: [],
    });
    const file = path.join(abs, "a.txt");
    const asFile = resolveRepoRoot(file);
    expect(asFile.ok ? null : asFile.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ["missing-repository", `repository folder ${file} is not a folder`],
    ]);
    const missing = resolveRepoRoot(path.join(abs, "nope"));
    expect(missing.ok ? null : missing.diagnostics[0]?.message).toMatch(/does not exist$/);
  });
});

describe("readRepoFile", () => {
  it("reads a file as text", () => {
    const r = repo({ "a/config.yml": "A: 1\n" });
    expect(readRepoFile(r, "a/config.yml", "instance")).toEqual({
      ok: true,
      value: "A: 1\n",
      warnings: [],
    });
  });

  it("gives null for a missing file", () => {
    const r = repo({});
    expect(readRepoFile(r, "nope.yml", "instance")).toMatchObject({
      ok: true,
      value: null,
    });
  });

  it("refuses a folder where a file should be", () => {
    const r = repo({ "a/config.yml": null });
    const read = readRepoFile(r, "a/config.yml", "instance");
    expect(read.ok ? null : read.diagnostics).toEqual([
      expect.objectContaining({ code: "not-a-file", file: "a/config.yml" }),
    ]);
  });

  it("reads through a symbolic link that stays inside the repository", () => {
    const r = repo({ "shared/config.yml": "A: shared\n", a: null });
    symlinkSync("../shared/config.yml", path.join(r.abs, "a/config.yml"));
    const read = readRepoFile(r, "a/config.yml", "instance");
    expect(read).toMatchObject({ ok: true, value: "A: shared\n" });
  });

  it("refuses a symbolic link that leaves the repository", () => {
    const outside = tempTree("outside", { "secret.yml": "TOKEN: x\n" });
    const r = repo({ a: null });
    symlinkSync(path.join(outside, "secret.yml"), path.join(r.abs, "a/config.yml"));
    const read = readRepoFile(r, "a/config.yml", "instance");
    expect(read.ok).toBe(false);
    expect(read.ok ? null : read.diagnostics[0]).toMatchObject({
      code: "symlink-outside-repo",
      file: "a/config.yml",
    });
  });

  it("reports a symbolic link to nothing", () => {
    const r = repo({ a: null });
    symlinkSync("missing.yml", path.join(r.abs, "a/config.yml"));
    const read = readRepoFile(r, "a/config.yml", "instance");
    expect(read.ok ? null : read.diagnostics[0]).toMatchObject({ code: "broken-symlink" });
  });

  it("reports an unreadable file (where permissions apply)", () => {
    const r = repo({ "a/config.yml": "A: 1\n" });
    const file = path.join(r.abs, "a/config.yml");
    chmodSync(file, 0o000);
    const read = readRepoFile(r, "a/config.yml", "instance");
    chmodSync(file, 0o600);
    if (permissionsAreEnforced()) {
      expect(read.ok ? null : read.diagnostics[0]).toMatchObject({
        code: "unreadable-file",
        file: "a/config.yml",
      });
    } else {
      // Root reads it anyway; the EACCES mapping itself is tested below.
      expect(read).toMatchObject({ ok: true, value: "A: 1\n" });
    }
  });

  it("refuses a file reached through a symbolic link to a folder outside the repository", () => {
    // Only the last component used to be checked: `ci/grove-templates.yml` with `ci` a link out.
    const outside = tempTree("outside", { "grove-templates.yml": "TOKEN: x\n" });
    const r = repo({});
    symlinkSync(outside, path.join(r.abs, "ci"));
    const read = readRepoFile(r, "ci/grove-templates.yml", "templates");
    expect(read.ok ? null : read.diagnostics).toEqual([
      expect.objectContaining({ code: "symlink-outside-repo", file: "ci" }),
    ]);
  });

  it("reads through a symbolic link to a folder inside the repository", () => {
    const r = repo({ "shared/t.yml": "A: 1\n" });
    symlinkSync("shared", path.join(r.abs, "ci"));
    expect(readRepoFile(r, "ci/t.yml", "templates")).toMatchObject({ ok: true, value: "A: 1\n" });
  });

  it("refuses a FIFO without waiting for a writer, naming it", () => {
    const r = repo({});
    execFileSync("mkfifo", [path.join(r.abs, "grove-pipelines.yml")]);
    const read = readRepoFile(r, "grove-pipelines.yml", "settings");
    expect(read.ok ? null : read.diagnostics).toEqual([
      expect.objectContaining({
        code: "not-a-regular-file",
        file: "grove-pipelines.yml",
        message:
          "grove-pipelines.yml is a FIFO (named pipe), not a regular file; refusing to read it",
      }),
    ]);
  });

  it("refuses a link to a character device inside the repository without reading it", () => {
    const r = repo({ a: null });
    // The device is outside, so the link is refused first; a device node inside needs root.
    symlinkSync("/dev/zero", path.join(r.abs, "a/config.yml"));
    const read = readRepoFile(r, "a/config.yml", "instance");
    expect(read.ok ? null : read.diagnostics[0]?.code).toBe("symlink-outside-repo");
  });

  it("refuses a file larger than its kind's cap", () => {
    const r = repo({ "a/config.yml": `A: "${"x".repeat(FILE_SIZE_CAPS.instance)}"\n` });
    const read = readRepoFile(r, "a/config.yml", "instance");
    expect(read.ok ? null : read.diagnostics).toEqual([
      expect.objectContaining({
        code: "file-too-large",
        message: "a/config.yml is larger than 1 MiB, the most read from a file of this kind",
      }),
    ]);
  });

  it("refuses bytes that are not UTF-8 at their line and column", () => {
    const r = repo({});
    writeFileSync(
      path.join(r.abs, "grove-pipelines.yml"),
      Buffer.concat([Buffer.from("a: 1\nbé: x"), Buffer.from([0xff]), Buffer.from("\n")]),
    );
    const read = readRepoFile(r, "grove-pipelines.yml", "settings");
    expect(read.ok ? null : read.diagnostics).toEqual([
      expect.objectContaining({ code: "invalid-utf8", line: 2, fileColumn: 6 }),
    ]);
  });

  it("reports a path through a file as not a folder", () => {
    const r = repo({ a: "plain file\n" });
    const read = readRepoFile(r, "a/config.yml", "instance");
    expect(read.ok ? null : read.diagnostics[0]).toMatchObject({ code: "not-a-directory" });
  });
});

const FILE = "instances/a/config.yml";

describe("readErrorDiagnostic", () => {
  it.each([
    ["ENOENT", "missing-file", "does not exist"],
    ["EISDIR", "not-a-file", "is a folder"],
    ["ENOTDIR", "not-a-directory", "not a folder"],
    ["EACCES", "unreadable-file", "permission denied"],
    ["EPERM", "unreadable-file", "permission denied"],
    ["ELOOP", "broken-symlink", "loop"],
    ["EIO", "unreadable-file", "EIO"],
    [undefined, "unreadable-file", "unknown error"],
  ])("maps %s to %s", (code, expected, words) => {
    const d = readErrorDiagnostic(code, FILE);
    expect(d).toMatchObject({ code: expected, severity: "error", file: FILE });
    expect(d.message).toContain(FILE);
    expect(d.message).toContain(words);
    expect(d.message).not.toContain("\n");
  });
});

describe("errnoCode", () => {
  it("reads the code of a system error", () => {
    expect(errnoCode(Object.assign(new Error("x"), { code: "EACCES" }))).toBe("EACCES");
  });
  it("is undefined for anything else", () => {
    expect(errnoCode(new Error("x"))).toBeUndefined();
    expect(errnoCode("EACCES")).toBeUndefined();
    expect(errnoCode({ code: 13 })).toBeUndefined();
  });
});

describe("isSafeRelativePath", () => {
  it.each(["instances", "clusters/prod/instances", "./instances", "a/b.c/d"])("accepts %j", (p) =>
    expect(isSafeRelativePath(p)).toBe(true),
  );
  it.each(["", "  ", "/etc", "../other", "a/../../b", "C:\\x", "a\\..\\b"])("refuses %j", (p) =>
    expect(isSafeRelativePath(p)).toBe(false),
  );
});

describe("normalizeRelativePath", () => {
  it.each([
    ["./instances/", "instances"],
    ["a//b/", "a/b"],
    ["a\\b", "a/b"],
    [".", "."],
  ])("%j → %j", (p, expected) => expect(normalizeRelativePath(p)).toBe(expected));
});
