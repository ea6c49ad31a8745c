import { describe, expect, it } from "vitest";
import { errnoCode } from "../errors.js";
import { readErrorDiagnostic } from "./readErrorDiagnostic.js";

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
