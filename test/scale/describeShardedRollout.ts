import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectShardedRollout } from "./expectShardedRollout.js";
import { parsePlanJson } from "../support/planJson.js";
import { runShardedRollout } from "./runShardedRollout.js";
import { makeScaleCluster, runCli, scaleSettings } from "./scaleCluster.js";

const BATCH = "[AutoDeploy][Batch][UpgradeTo] 1a2b3c4d5e6f";

export interface RolloutOptions {
  /** How long gitlab-ci-local may take, in milliseconds. */
  readonly timeoutMs: number;
  /** The rollout must be split into more shards than this. */
  readonly minShards: number;
  /** Print the figures (for `npm run test:scale`). */
  readonly report?: boolean;
}

/**
 * A batch over `count` instances, run end to end in gitlab-ci-local with the built CLI: every
 * selected instance deployed exactly once, wave by wave, shard by shard.
 *
 * Waves of 100 and at most 250 jobs per pipeline give shards of one wave each (the first also
 * holds the base images and the canary): gitlab-ci-local 4.70.1, unlike GitLab, slows down
 * exponentially with the number of stage-gated waves in one pipeline (measured: 5 waves 7 s,
 * 6 waves 35 s, 7 waves over 110 s; 600 instances in shards of 2-3 waves 137 s, 2,000 instances
 * in shards of one wave 41 s).
 */
export function describeShardedRollout(count: number, options: RolloutOptions): void {
  let cluster: string;
  beforeAll(() => {
    cluster = makeScaleCluster(count, scaleSettings({ waveSize: 100, maxJobsPerPipeline: 250 }));
  });
  afterAll(() => fs.rmSync(cluster, { recursive: true, force: true }));

  describe(`a batch rollout over ${count} instances in gitlab-ci-local`, () => {
    it(
      "deploys every selected instance exactly once, wave by wave, shard by shard",
      () => {
        const plan = parsePlanJson(
          runCli(["plan", "--json", "--repo", cluster, "--message", BATCH]).stdout,
        );
        // Every instance gets a build and a deploy: the plan is big enough to need shards.
        expect(plan.jobs.length).toBeGreaterThan(count * 1.8);
        const run = runShardedRollout(cluster, BATCH, options.timeoutMs);
        expectShardedRollout(run, plan);
        expect(run.files.size).toBeGreaterThan(options.minShards);
        if (options.report === true) {
          process.stdout.write(
            `${count} instances, ${plan.jobs.length} jobs, ${run.files.size - 1} shards: ${run.seconds.toFixed(0)} s in gitlab-ci-local\n`,
          );
        }
      },
      options.timeoutMs,
    );
  });
}
