import { describe, expect, it } from "vitest";
import { findKeyLine } from "./findKeyLine.js";

const TEXT = [
  "# settings", //                       1
  "instancesDir: instances", //          2
  "batch:", //                           3
  "  # rollout", //                      4
  "  canary: 1", //                      5
  "  waveSize: 25", //                   6
  "limits:", //                          7
  '  "maxJobsPerPipeline": 500', //    8
  "  'maxNeedsPerJob': 50", //           9
  "deployBranches:", //                 10
  "  - main", //                        11
  "  - release", //                     12
  "manual: {deploy: true}", //          13
  "waveSize: 3", //                     14
].join("\n");

describe("findKeyLine", () => {
  it("finds a top-level key", () => {
    expect(findKeyLine(TEXT, ["instancesDir"])).toEqual({ line: 2, column: 1 });
  });

  it("finds a nested key inside its own section only", () => {
    expect(findKeyLine(TEXT, ["batch", "waveSize"])).toEqual({ line: 6, column: 3 });
    expect(findKeyLine(TEXT, ["waveSize"])).toEqual({ line: 14, column: 1 });
  });

  it("finds quoted keys", () => {
    expect(findKeyLine(TEXT, ["limits", "maxJobsPerPipeline"])).toEqual({ line: 8, column: 3 });
    expect(findKeyLine(TEXT, ["limits", "maxNeedsPerJob"])).toEqual({ line: 9, column: 3 });
  });

  it("finds list entries by index", () => {
    expect(findKeyLine(TEXT, ["deployBranches", 1])).toEqual({ line: 12, column: 3 });
  });

  it("finds list entries written at the key's own indentation", () => {
    expect(findKeyLine("a:\n- x\n- y\nb: 1\n", ["a", 1])).toEqual({ line: 3, column: 1 });
  });

  it("falls back to the deepest key found (flow style)", () => {
    expect(findKeyLine(TEXT, ["manual", "deploy"])).toEqual({ line: 13, column: 1 });
  });

  it("does not take a key of another section", () => {
    expect(findKeyLine(TEXT, ["limits", "canary"])).toEqual({ line: 7, column: 1 });
  });

  it("does not match a key that only starts the same way", () => {
    expect(findKeyLine("batchSize: 1\nbatch: 2\n", ["batch"])).toEqual({ line: 2, column: 1 });
  });

  it("is undefined when the first key is absent", () => {
    expect(findKeyLine(TEXT, ["image"])).toBeUndefined();
    expect(findKeyLine("", ["image"])).toBeUndefined();
  });
});
