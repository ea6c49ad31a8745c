import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectShardedRollout } from "./expectShardedRollout.js";
import type { PlanJson } from "./pipelineFile.js";
import { runShardedRollout } from "./runShardedRollout.js";
import { makeScaleCluster, runCli, scaleSettings } from "./scaleCluster.js";

// `npm run test:scale` (GROVE_SCALE_INSTANCES=N to choose): the rollout of
// shardedRollout.test.ts at a size that takes minutes in gitlab-ci-local, kept out of `npm test`.
// Same settings and reasons as there.
const COUNT = Number(process.env["GROVE_SCALE_INSTANCES"] ?? 5000);
const BATCH = "[AutoDeploy][Batch][UpgradeTo] 1a2b3c4d5e6f";

let cluster: string;
beforeAll(() => {
  cluster = makeScaleCluster(COUNT, scaleSettings({ waveSize: 100, maxJobsPerPipeline: 250 }));
});
afterAll(() => fs.rmSync(cluster, { recursive: true, force: true }));

describe(`a batch rollout over ${COUNT} instances in gitlab-ci-local`, () => {
  it("deploys every selected instance exactly once, wave by wave, shard by shard", () => {
    const plan = JSON.parse(
      runCli(["plan", "--json", "--repo", cluster, "--message", BATCH]).stdout,
    ) as PlanJson;
    const run = runShardedRollout(cluster, BATCH, 3_600_000);
    expectShardedRollout(run, plan);
    expect(run.files.size).toBeGreaterThan(2);
    // For the record: npm run test:scale prints it.
    process.stdout.write(
      `${COUNT} instances, ${plan.jobs.length} jobs, ${run.files.size - 1} shards: ${run.seconds.toFixed(0)} s in gitlab-ci-local\n`,
    );
  });
});
