import { describe, expect, it } from "vitest";
import { parseInstanceList } from "./parseInstanceList.js";
import { TitleProblems } from "./titleProblems.js";

const NAMES_ONLY = "Archive and Delete take instance names only, without '|ID'";

function run(list: string, withIds: boolean) {
  const problems = new TitleProblems(`> ${list}`);
  const instances = parseInstanceList(problems.title, 2, problems, withIds ? null : NAMES_ONLY);
  return { instances, diagnostics: problems.diagnostics().map((d) => [d.code, d.column]) };
}

describe("parseInstanceList", () => {
  it("reads names with and without ids", () => {
    expect(run("a|1, b ,c | x-2", true)).toEqual({
      instances: [
        { name: "a", deploymentId: "1" },
        { name: "b", deploymentId: null },
        { name: "c", deploymentId: "x-2" },
      ],
      diagnostics: [],
    });
  });

  it("refuses ids where only names are allowed, saying why", () => {
    expect(run("a,b|1", false).diagnostics).toEqual([["id-not-allowed", 6]]);
    const problems = new TitleProblems("> b|1");
    parseInstanceList(problems.title, 2, problems, NAMES_ONLY);
    expect(problems.diagnostics()[0]?.message).toBe(`'b|1': ${NAMES_ONLY}`);
  });

  it("keeps the first of duplicate names and points at the repeat", () => {
    const { instances, diagnostics } = run("a|1,a|2", true);
    expect(instances).toEqual([{ name: "a", deploymentId: "1" }]);
    expect(diagnostics).toEqual([["duplicate-instance", 7]]);
  });

  it("treats names case-sensitively, as instance folders are", () => {
    expect(run("Site,site", true).diagnostics).toEqual([]);
  });

  it("checks every entry", () => {
    expect(run("a|, |1, b c, d|1|2, e|.x", true).diagnostics).toEqual([
      ["stray-pipe", 4],
      ["bad-instance-name", 7],
      ["trailing-text", 13],
      ["stray-pipe", 19],
      ["bad-deployment-id", 25],
    ]);
  });

  it("reads 10,000 entries", () => {
    const names = Array.from({ length: 10_000 }, (_, i) => `site-${i}`);
    const { instances, diagnostics } = run(names.join(","), false);
    expect(diagnostics).toEqual([]);
    expect(instances.map((i) => i.name)).toEqual(names);
  });
});
