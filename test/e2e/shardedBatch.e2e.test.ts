import path from "node:path";
import { describe, expect, it } from "vitest";
import { runPlannedPipeline } from "../support/e2e/plannedPipeline.js";
import { TRIGGER_JOB } from "../support/e2e/runGeneratedPipeline.js";
import { VENDORED_COMMAND, vendoredCommand } from "../support/e2e/vendoredCommand.js";
import { PROJECT_ROOT } from "../support/e2e/writeCliWrapper.js";

/*
 * The fixture cluster `sharded` (six instances, at most 8 jobs per pipeline): a batch of all six
 * does not fit one pipeline, so the generated file is an orchestrator whose generator job runs
 * the vendored command (this checkout's build) once per shard and triggers each shard as a
 * grandchild pipeline.
 */

const SHARDED_CLUSTER = path.join(PROJECT_ROOT, "test", "fixtures", "clusters", "sharded");
const SHARD_TRIGGER = /^shard-(\d+)$/;

describe("a sharded batch run by gitlab-ci-local", () => {
  it("runs the shards as grandchild pipelines, each only after the one before finished", async () => {
    const { plan, run } = await runPlannedPipeline(
      SHARDED_CLUSTER,
      "[AutoDeploy][Batch][Upgrade] *|*",
      { extraFiles: { [VENDORED_COMMAND]: vendoredCommand() } },
    );
    expect(plan.jobs.length, "the batch must not fit one pipeline").toBeGreaterThan(8);
    expect(run.jobs.filter((j) => j.status !== "pass")).toEqual([]);

    // The orchestrator's jobs, started by the parent's trigger: a generator, then the shards.
    const shards = run.jobs.filter((j) => SHARD_TRIGGER.test(j.name)).map((j) => j.name);
    expect(shards.length).toBeGreaterThan(1);
    expect([...shards].sort()).toEqual(shards.map((_, k) => `shard-${k + 1}`).sort());
    for (const job of ["generate-shards", ...shards]) {
      expect(run.jobs.find((j) => j.name === job)?.triggeredBy, job).toBe(TRIGGER_JOB);
    }
    // Every planned job but the gates ran in one of the shards, as gitlab-ci-local reports it.
    const shardOf = (job: string): number => {
      const chain = run.jobs.find((j) => j.name === job)?.triggeredBy ?? "";
      const shard = new RegExp(`^${TRIGGER_JOB} -> shard-(\\d+)$`).exec(chain)?.[1];
      expect(shard, `${job} ran in no shard (${chain})`).toBeDefined();
      return Number(shard);
    };
    const lastDeploy = plan.jobs.filter((j) => j.kind === "deploy").at(-1)?.name ?? "";
    expect(shardOf(lastDeploy)).toBe(shards.length);

    // Every job called its stub in shard order: all of shard 1, then 2, and so on.
    const order = run.calls.map((c) => shardOf(c.job));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(new Set(order)).toEqual(new Set(shards.map((_, k) => k + 1)));
    expect(run.calls.map((c) => c.job).sort()).toEqual(
      plan.jobs
        .filter((j) => j.kind !== "wave-gate")
        .map((j) => j.name)
        .sort(),
    );
  });
});
