import { describe, expect, it } from "vitest";
import { gitlabRenderer } from "../../src/render/gitlabRenderer.js";
import { renderOrchestrator } from "../../src/render/renderOrchestrator.js";
import { batchPlan } from "../support/samplePlans.js";
import { shardPlan } from "../../src/render/shardPlan.js";
import { runGeneratedPipeline, TRIGGER_JOB } from "../support/e2e/runGeneratedPipeline.js";

const AUTO = { manual: { terraformApply: false, deploy: false } };

describe("a sharded batch run by gitlab-ci-local", () => {
  it("runs the shards as grandchild pipelines, each only after the one before finished", () => {
    const plan = batchPlan([["a"], ["b", "c"], ["d", "e"]]);
    const limits = { maxJobsPerPipeline: 5, maxNeedsPerJob: 50, maxYamlBytes: 1_048_576 };
    const shards = shardPlan(plan, limits);
    expect(shards).toHaveLength(3);

    // The generator job copies shard files prepared here; the CLI will generate them instead.
    const prepared = Object.fromEntries(
      shards.map((shard, i) => [`prepared/shard-${i + 1}.yml`, gitlabRenderer.render(shard, AUTO)]),
    );
    const orchestrator = renderOrchestrator(shards.length, {
      generatorCommand: (_, file) => ["cp", `prepared/${file}`, file],
    });
    const run = runGeneratedPipeline(orchestrator, { extraFiles: prepared });

    expect(run.jobs.filter((j) => j.status !== "pass")).toEqual([]);
    for (const k of [1, 2, 3]) {
      expect(run.jobs.find((j) => j.name === `shard-${k}`)?.triggeredBy).toBe(TRIGGER_JOB);
    }
    expect(run.jobs.find((j) => j.name === "deploy:d")?.triggeredBy).toBe(
      `${TRIGGER_JOB} -> shard-3`,
    );
    // Every job called its stub in shard order: all of shard 1, then 2, then 3.
    const shardOf = (job: string) => shards.findIndex((s) => s.jobs.some((j) => j.name === job));
    const order = run.calls.map((c) => shardOf(c.job));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(new Set(order)).toEqual(new Set([0, 1, 2]));
    expect(run.calls.map((c) => c.job).sort()).toEqual(
      plan.jobs
        .filter((j) => j.kind !== "wave-gate")
        .map((j) => j.name)
        .sort(),
    );
  });
});
