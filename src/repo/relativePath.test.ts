import { describe, expect, it } from "vitest";
import { isSafeRelativePath, normalizeRelativePath } from "./relativePath.js";

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
