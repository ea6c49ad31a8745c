import { describe, expect, it } from "vitest";
import * as api from "./index.js";

describe("the library API", () => {
  it("offers the pipeline's entry points and the one way to read a cluster", () => {
    for (const name of [
      "planCommits",
      "generatePipeline",
      "explainCommits",
      "listInstances",
      "readCluster",
    ] as const) {
      expect(typeof api[name], name).toBe("function");
    }
  });
});
