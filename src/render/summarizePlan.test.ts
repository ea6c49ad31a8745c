import { describe, expect, it } from "vitest";
import { batchPlan, updatePlan } from "../../test/support/samplePlans.js";
import { SUMMARY_MAX_JOBS, summarizePlan } from "./summarizePlan.js";

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

  it("cuts long lists so a preview of thousands of instances stays small", () => {
    const names = Array.from({ length: 300 }, (_, i) => `site-${i}`);
    const lines = summarizePlan(batchPlan([names.slice(0, 1), names.slice(1)]));
    // 1 base image + 2 canary jobs + 1 gate + 598 jobs of wave 2 = 602 jobs, one skipped.
    expect(lines).toHaveLength(SUMMARY_MAX_JOBS + 1 + 1);
    expect(lines[SUMMARY_MAX_JOBS]).toBe("… and 402 more jobs (see grove-pipelines plan)");
    expect(lines.at(-1)).toMatch(/^skipped site-z: /);
  });
});
