import { expect } from "vitest";
import { fileJobs } from "./pipelineFile.js";
import type { PlanJson } from "../support/planJson.js";
import { GENERATE_JOB, TRIGGER_JOB } from "./runShardedRollout.js";
import type { RolloutRun } from "./runShardedRollout.js";

/**
 * What a sharded batch rollout run by gitlab-ci-local must show, against the plan `plan --json`
 * printed for the same commit: every job passed; the child pipeline was an orchestrator of
 * `shard-1..N` grandchild pipelines (parent -> orchestrator -> shards, no deeper); every selected
 * instance was built and deployed exactly once and no other; the deploys came in wave order (so
 * no deploy of wave k+1 ran before every deploy of wave k; builds may run ahead of their wave),
 * with the canary alone first; and shard by shard. (gitlab-ci-local ignores `strategy: depend`, so ordering is what can be checked.)
 */
export function expectShardedRollout(run: RolloutRun, plan: PlanJson): void {
  // gitlab-ci-local's own complaint, when it has one, is at the end of its output.
  expect(run.exitCode, `${run.stdout.slice(-1500)}\n${run.stderr.slice(-1500)}`).toBe(0);
  expect(run.jobs.filter((j) => j.status !== "pass")).toEqual([]);

  const orchestrator = run.files.get("generated-pipeline.yml") ?? "";
  const triggers = fileJobs(orchestrator).filter((j) => j.body["trigger"] !== undefined);
  expect(triggers.length).toBeGreaterThan(1);
  const shardNames = triggers.map((_, i) => `shard-${i + 1}`);
  expect(triggers.map((t) => t.name)).toEqual(shardNames);

  // Which shard file each job is in; every planned job in exactly one.
  const shardOf = new Map<string, number>();
  shardNames.forEach((name, k) => {
    const text = run.files.get(`${name}.yml`);
    expect(text, `${name}.yml`).toBeDefined();
    for (const job of fileJobs(text ?? "")) {
      expect(shardOf.has(job.name), job.name).toBe(false);
      expect(job.body["trigger"]).toBeUndefined();
      shardOf.set(job.name, k);
    }
  });
  expect([...shardOf.keys()].sort()).toEqual(plan.jobs.map((j) => j.name).sort());

  // The summaries: the parent's jobs, the orchestrator's under the parent's trigger job, and each
  // shard's jobs under the parent's trigger and their shard's trigger: two levels below.
  const passed = new Map(run.jobs.map((j) => [j.name, j.triggeredBy]));
  expect(passed.get(GENERATE_JOB)).toBeNull();
  expect(passed.get(TRIGGER_JOB)).toBeNull();
  expect(passed.get("generate-shards")).toBe(TRIGGER_JOB);
  for (const name of shardNames) expect(passed.get(name)).toBe(TRIGGER_JOB);
  for (const [job, k] of shardOf) {
    expect(passed.get(job), job).toBe(`${TRIGGER_JOB} -> ${shardNames[k] ?? ""}`);
  }

  // Every selected instance built and deployed exactly once, nothing else touched.
  const planned = new Map(plan.jobs.map((j) => [j.name, j]));
  const calls = run.calls.filter((c) => c.job !== GENERATE_JOB);
  const deployed = calls.filter((c) => c.args.startsWith("deploy ")).map((c) => c.instance);
  const toDeploy = plan.jobs.filter((j) => j.kind === "deploy").map((j) => j.instance);
  expect([...deployed].sort()).toEqual([...toDeploy].sort());
  expect(calls.filter((c) => c.args.startsWith("build-image ")).length).toBe(toDeploy.length);
  for (const skipped of plan.skipped) expect(deployed).not.toContain(skipped.instance);

  // Deploys in wave order, every call in shard order; the canary alone first.
  const waves = calls.map((c) => planned.get(c.job)?.wave ?? -1);
  expect(waves.every((w) => w >= 0)).toBe(true);
  const deployWaves = calls
    .filter((c) => planned.get(c.job)?.kind === "deploy")
    .map((c) => planned.get(c.job)?.wave ?? -1);
  expect(deployWaves).toEqual([...deployWaves].sort((a, b) => a - b));
  const shards = calls.map((c) => shardOf.get(c.job) ?? -1);
  expect(shards).toEqual([...shards].sort((a, b) => a - b));
  expect(new Set(shards).size).toBe(shardNames.length);
  const canary = calls.filter((c) => {
    const job = planned.get(c.job);
    return job?.kind === "deploy" && job.wave === 1;
  });
  expect(canary.length).toBe(1);
  expect(calls.find((c) => c.args.startsWith("deploy "))).toBe(canary[0]);
}
