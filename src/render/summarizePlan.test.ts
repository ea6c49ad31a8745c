import { describe, expect, it } from "vitest";
import { batchPlan, updatePlan } from "./samplePlans.js";
import { summarizePlan } from "./summarizePlan.js";

describe("summarizePlan", () => {
  it("lists each job, with its wave in a batch, then each skipped instance", () => {
    expect(summarizePlan(batchPlan([["a"], ["b"]]))).toEqual([
      "base-image:1 (wave 0)",
      "build-image:a (wave 1)",
      "deploy:a (wave 1)",
      "wave-gate:2 (wave 2)",
      "build-image:b (wave 2)",
      "deploy:b (wave 2)",
      "skipped site-z: BATCH_UPGRADE_DISABLED is true in instances/site-z/grove.yml",
    ]);
  });

  it("lists plain job names outside batches", () => {
    expect(summarizePlan(updatePlan([{ name: "a" }]))).toEqual(["build-image:a", "deploy:a"]);
  });
});
