import { describe, expect, it } from "vitest";
import {
  listEntries,
  singleWord,
  skipWhiteSpace,
  splitPieces,
  trimmedPiece,
} from "./listEntries.js";
import { TitleProblems } from "./titleProblems.js";

describe("pieces", () => {
  it("skips spaces and tabs only", () => {
    expect(skipWhiteSpace(" \t x", 0)).toBe(3);
    expect(skipWhiteSpace("\u00a0x", 0)).toBe(0);
    expect(skipWhiteSpace("   ", 0, 2)).toBe(2);
  });

  it("trims a range and remembers where its text starts", () => {
    expect(trimmedPiece("ab  cd  ef", 2, 8)).toEqual({ text: "cd", start: 4, separatorAt: -1 });
  });

  it("splits at a separator, remembering each separator's place", () => {
    expect(splitPieces("a | b|", 0, 6, "|")).toEqual([
      { text: "a", start: 0, separatorAt: -1 },
      { text: "b", start: 4, separatorAt: 2 },
      { text: "", start: 6, separatorAt: 5 },
    ]);
  });
});

describe("listEntries", () => {
  it("ignores white space around entries", () => {
    const problems = new TitleProblems("x  a , b\t,c ");
    expect(listEntries(problems.title, 1, problems, "names").map((e) => [e.text, e.start])).toEqual(
      [
        ["a", 3],
        ["b", 7],
        ["c", 10],
      ],
    );
    expect(problems.hasErrors).toBe(false);
  });

  it("reports an empty list", () => {
    const problems = new TitleProblems("x   ");
    expect(listEntries(problems.title, 1, problems, "names")).toEqual([]);
    expect(problems.diagnostics()).toMatchObject([{ code: "empty-list", column: 5 }]);
  });

  it("reports each empty entry at its place", () => {
    const problems = new TitleProblems("a,,b, ,");
    expect(listEntries(problems.title, 0, problems, "names").map((e) => e.text)).toEqual([
      "a",
      "b",
    ]);
    expect(problems.diagnostics().map((d) => [d.code, d.column])).toEqual([
      ["empty-entry", 3],
      ["empty-entry", 7],
      ["empty-entry", 8],
    ]);
  });
});

describe("singleWord", () => {
  it("keeps the first word and reports the rest as trailing text", () => {
    const problems = new TitleProblems("xx site-a please now");
    const word = singleWord({ text: "site-a please now", start: 3, separatorAt: -1 }, problems);
    expect(word).toEqual({ text: "site-a", start: 3, separatorAt: -1 });
    expect(problems.diagnostics()).toMatchObject([
      { code: "trailing-text", column: 11, message: expect.stringContaining("'please now'") },
    ]);
  });

  it("returns a one-word piece unchanged", () => {
    const problems = new TitleProblems("abc");
    const piece = { text: "abc", start: 0, separatorAt: -1 };
    expect(singleWord(piece, problems)).toBe(piece);
    expect(problems.hasErrors).toBe(false);
  });
});
