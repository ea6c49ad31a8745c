import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PlanJson } from "../support/planJson.js";
import { runGeneratedPipeline, TRIGGER_JOB } from "../support/e2e/runGeneratedPipeline.js";
import type { GeneratedPipelineRun } from "../support/e2e/runGeneratedPipeline.js";
import { pushToShardedCluster } from "../support/e2e/pushToShardedCluster.js";
import { VENDORED_COMMAND, vendoredCommand } from "../support/e2e/vendoredCommand.js";

/*
 * A push of two commits to the `sharded` fixture cluster (six instances, at most 8 jobs per
 * pipeline): an Update of site-1 (left out of batches by its grove.yml), then a batch over the
 * others. Together they do not fit one pipeline, so they run as shards of one orchestrator, the
 * Update's jobs in the first shard, every job once, shard after shard.
 */

const UPDATE = "[AutoDeploy][Update] site-1|77";
const BATCH = "[AutoDeploy][Batch][Upgrade] *|*";

let cluster: string;
let plan: PlanJson;
let run: GeneratedPipelineRun;
let generatedBy: string;

beforeAll(async () => {
  const pushed = await pushToShardedCluster([UPDATE, BATCH]);
  ({ cluster, plan, generatedBy } = pushed);
  run = runGeneratedPipeline(cluster, pushed.pipeline, {
    commitMessage: BATCH,
    extraFiles: { [VENDORED_COMMAND]: vendoredCommand() },
  });
}, 600_000);
afterAll(() => fs.rmSync(cluster, { recursive: true, force: true }));

describe("a push of an Update and a batch, too big for one pipeline, in gitlab-ci-local", () => {
  it("plans both and becomes an orchestrator of shards", () => {
    expect(plan.jobs.length, "the push must not fit one pipeline").toBeGreaterThan(8);
    expect(plan.jobs.filter((j) => j.wave === null).map((j) => j.name)).toEqual([
      "build-image:site-1",
      "deploy:site-1",
    ]);
    expect(generatedBy).toMatch(/an orchestrator running \d+ shards/);
  });

  it("runs every job once, the Update in the first shard, shard after shard", () => {
    expect(run.jobs.filter((j) => j.status !== "pass")).toEqual([]);
    const shardOf = (job: string): number => {
      const chain = run.jobs.find((j) => j.name === job)?.triggeredBy ?? "";
      const shard = new RegExp(`^${TRIGGER_JOB} -> shard-(\\d+)$`).exec(chain)?.[1];
      expect(shard, `${job} ran in no shard (${chain})`).toBeDefined();
      return Number(shard);
    };
    expect(shardOf("deploy:site-1")).toBe(1);
    expect(shardOf("build-image:site-1")).toBe(1);
    const order = run.calls.map((c) => shardOf(c.job));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(Math.max(...order)).toBeGreaterThan(1);
    expect(run.calls.map((c) => c.job).sort()).toEqual(
      plan.jobs
        .filter((j) => j.kind !== "wave-gate")
        .map((j) => j.name)
        .sort(),
    );
    // The Update deployed its instance, which the batch left alone.
    expect(run.calls.filter((c) => c.instance === "site-1").map((c) => c.job)).toEqual([
      "build-image:site-1",
      "deploy:site-1",
    ]);
  });
});
