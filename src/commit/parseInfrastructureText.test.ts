import { describe, expect, it } from "vitest";
import { parseInfrastructureText } from "./parseInfrastructureText.js";
import { TitleProblems } from "./titleProblems.js";

function run(text: string) {
  const problems = new TitleProblems(`[Infrastructure]${text}`);
  const value = parseInfrastructureText(problems.title, 16, problems);
  return { value, diagnostics: problems.diagnostics().map((d) => [d.code, d.column]) };
}

describe("parseInfrastructureText", () => {
  it("trims spaces and tabs and keeps any other text", () => {
    expect(run(" \t Mise à jour: `terraform` $(x) {a: b} \u{1F680}\t ")).toEqual({
      value: "Mise à jour: `terraform` $(x) {a: b} \u{1F680}",
      diagnostics: [],
    });
  });

  it("requires a description", () => {
    expect(run(" \t").diagnostics).toEqual([["missing-text", 19]]);
  });

  it("reports each control, separator and bidi character", () => {
    expect(run(" a\u0000b\u2028c\u202ed\u0085").diagnostics).toEqual([
      ["bad-text", 19],
      ["bad-text", 21],
      ["bad-text", 23],
      ["bad-text", 25],
    ]);
  });
});
