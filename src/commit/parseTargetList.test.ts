import { describe, expect, it } from "vitest";
import { parseTargetList } from "./parseTargetList.js";
import { TitleProblems } from "./titleProblems.js";

function run(list: string) {
  const problems = new TitleProblems(`> ${list}`);
  const targets = parseTargetList(problems.title, 2, problems);
  return { targets, diagnostics: problems.diagnostics().map((d) => [d.code, d.column]) };
}

describe("parseTargetList", () => {
  it("reads targets as written, white space around entries and '|' ignored", () => {
    expect(run(" https://GitHub.com/o/r.git/ | main , git@h.io:o/r|v1.*")).toEqual({
      targets: [
        { repository: "https://GitHub.com/o/r.git/", version: "main" },
        { repository: "git@h.io:o/r", version: "v1.*" },
      ],
      diagnostics: [],
    });
  });

  it("counts only exact repeats as duplicates (normalising is the planner's job)", () => {
    expect(run("r|v,r|v").diagnostics).toEqual([["duplicate-target", 7]]);
    expect(run("r|v,r/|v,R|v").diagnostics).toEqual([]);
  });

  it("checks every entry", () => {
    expect(run("r, |v, r|, a|b|c, $x|v, r|v w").diagnostics).toEqual([
      ["missing-version", 4],
      ["missing-repository", 6],
      ["missing-version", 12],
      ["stray-pipe", 17],
      ["bad-repository", 21],
      ["trailing-text", 31],
    ]);
  });

  it("reports an empty list", () => {
    expect(run("").diagnostics).toEqual([["empty-list", 3]]);
  });
});
