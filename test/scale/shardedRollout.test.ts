import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectShardedRollout } from "./expectShardedRollout.js";
import type { PlanJson } from "./pipelineFile.js";
import { runShardedRollout } from "./runShardedRollout.js";
import { makeScaleCluster, runCli, scaleSettings } from "./scaleCluster.js";

// Enough instances to need several shards under a small job limit, few enough jobs for a
// gitlab-ci-local run in seconds on two cores. `npm run test:scale` runs thousands with the
// default limits (test/scale/rollout.scale.ts).
const COUNT = 60;
const BATCH = "[AutoDeploy][Batch][UpgradeTo] 1a2b3c4d5e6f";

let cluster: string;
beforeAll(() => {
  cluster = makeScaleCluster(COUNT, scaleSettings({ waveSize: 6, maxJobsPerPipeline: 30 }));
});
afterAll(() => fs.rmSync(cluster, { recursive: true, force: true }));

describe("a sharded batch rollout in gitlab-ci-local", () => {
  it("deploys every selected instance exactly once, wave by wave, shard by shard", () => {
    const plan = JSON.parse(
      runCli(["plan", "--json", "--repo", cluster, "--message", BATCH]).stdout,
    ) as PlanJson;
    const run = runShardedRollout(cluster, BATCH, 110_000);
    expectShardedRollout(run, plan);
    expect(run.files.size).toBeGreaterThan(4);
  });
});
