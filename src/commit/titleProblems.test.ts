import { describe, expect, it } from "vitest";
import { MAX_TITLE_ERRORS, TitleProblems } from "./titleProblems.js";

describe("TitleProblems", () => {
  it("gives 1-based columns", () => {
    const problems = new TitleProblems("abc");
    expect([0, 2, 3].map((i) => problems.column(i))).toEqual([1, 3, 4]);
  });

  it("counts an astral character as one column", () => {
    const title = "\u{1F600}a\u{1F680}b";
    const problems = new TitleProblems(title);
    expect(problems.column(title.indexOf("a"))).toBe(2);
    expect(problems.column(title.indexOf("b"))).toBe(4);
    expect(problems.column(title.length)).toBe(5);
  });

  it("counts a lone surrogate as one column", () => {
    const problems = new TitleProblems("\ud83dab");
    expect(problems.column(2)).toBe(3);
  });

  it("lists errors in column order", () => {
    const problems = new TitleProblems("0123456789");
    problems.error("bad-text", 5, "second");
    problems.error("bad-version", 1, "first");
    expect(problems.diagnostics().map((d) => [d.code, d.column, d.severity])).toEqual([
      ["bad-version", 2, "error"],
      ["bad-text", 6, "error"],
    ]);
    expect(problems.hasErrors).toBe(true);
  });

  it("caps the list and says how many were left out", () => {
    const problems = new TitleProblems("x".repeat(1000));
    for (let i = 0; i < MAX_TITLE_ERRORS + 7; i++) problems.error("bad-text", i, `problem ${i}`);
    const diagnostics = problems.diagnostics();
    expect(diagnostics).toHaveLength(MAX_TITLE_ERRORS + 1);
    expect(diagnostics.at(-1)?.code).toBe("too-many-errors");
    expect(diagnostics.at(-1)?.message).toMatch(/^7 more problem/);
  });

  it("has no errors until one is added", () => {
    const problems = new TitleProblems("");
    expect(problems.hasErrors).toBe(false);
    expect(problems.diagnostics()).toEqual([]);
  });
});
