import { describe, expect, it } from "vitest";
import { parseJobResults } from "./parseJobResults.js";

// Shaped like gitlab-ci-local 4.70.1's output with --no-color and --max-job-name-padding 0.
const OUTPUT = [
  " WARN  downstream pipeline is experimental in gitlab-ci-local",
  "\t[grove-child] -> build-image:a starting shell (build-image)",
  "\t[grove-child] -> build-image:a > PASS  not a summary line",
  "\t[grove-child] -> build-image:a finished in 7.49 ms  FAIL 1 ",
  "",
  " PASS  [grove-child] -> build-image:b",
  " PASS  [grove-child -> shard-1] -> deploy:b",
  " WARN  [grove-child] -> lint  pre_script",
  " WARN  cleanup  after_script",
  " FAIL  build-image:a",
  "  > stub grove: failing build-image:a as GROVE_STUB_FAIL asks",
  "deploy:b environment: { name: b }",
  "",
  " PASS  grove-child",
].join("\n");

describe("parseJobResults", () => {
  it("reads the PASS, FAIL and WARN summary lines and nothing else", () => {
    expect(parseJobResults(OUTPUT)).toEqual([
      { name: "build-image:b", status: "pass", triggeredBy: "grove-child" },
      { name: "deploy:b", status: "pass", triggeredBy: "grove-child -> shard-1" },
      { name: "lint", status: "warn", triggeredBy: "grove-child" },
      { name: "cleanup", status: "warn", triggeredBy: null },
      { name: "build-image:a", status: "fail", triggeredBy: null },
      { name: "grove-child", status: "pass", triggeredBy: null },
    ]);
  });

  it("finds nothing in output without a summary", () => {
    expect(parseJobResults("parsing and downloads finished in 41 ms.\n")).toEqual([]);
  });
});
