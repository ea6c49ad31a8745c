import { describe, expect, it } from "vitest";
import { parseUpgradeToPayload } from "./parseUpgradeToPayload.js";
import { TitleProblems } from "./titleProblems.js";

function run(payload: string) {
  const problems = new TitleProblems(`>${payload}`);
  const directive = parseUpgradeToPayload(problems.title, 1, problems);
  return { directive, diagnostics: problems.diagnostics().map((d) => [d.code, d.column]) };
}

describe("parseUpgradeToPayload", () => {
  it("reads a hash alone as every eligible instance", () => {
    expect(run(" abcdef1  ")).toEqual({
      directive: { kind: "batch-upgrade-to", commit: "abcdef1", targets: [] },
      diagnostics: [],
    });
  });

  it("reads targets after the hash", () => {
    expect(run(" abcdef1 *|main,r|v").directive).toEqual({
      kind: "batch-upgrade-to",
      commit: "abcdef1",
      targets: [
        { repository: "*", version: "main" },
        { repository: "r", version: "v" },
      ],
    });
  });

  it("reports a missing hash, a bad hash and bad targets together", () => {
    expect(run("").diagnostics).toEqual([["missing-commit-hash", 2]]);
    expect(run(" abcdef1,r|v").diagnostics).toEqual([["bad-commit-hash", 10]]);
    expect(run(" 0123 r").diagnostics).toEqual([
      ["bad-commit-hash", 3],
      ["missing-version", 9],
    ]);
  });
});
