import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectShardedRollout } from "./expectShardedRollout.js";
import type { PlanJson } from "./pipelineFile.js";
import { runShardedRollout } from "./runShardedRollout.js";
import { makeScaleCluster, runCli, scaleSettings } from "./scaleCluster.js";

// A batch over 2,000 instances (about 3,800 jobs) run end to end in gitlab-ci-local: under a
// minute on two cores, so it is part of every test run (`npm run test:scale` runs a bigger one).
// Waves of 100 and at most 250 jobs per pipeline give shards of one wave each (the first also
// holds the base images and the canary): gitlab-ci-local 4.70.1, unlike GitLab, slows down
// exponentially with the number of stage-gated waves in one pipeline (measured: 5 waves 7 s,
// 6 waves 35 s, 7 waves over 110 s; 600 instances in shards of 2-3 waves 137 s, 2,000 instances
// in shards of one wave 41 s).
const COUNT = 2000;
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
    expect(plan.jobs.length).toBeGreaterThan(3500);
    const run = runShardedRollout(cluster, BATCH, 900_000);
    expectShardedRollout(run, plan);
    expect(run.files.size).toBeGreaterThan(15);
  }, 900_000);
});
