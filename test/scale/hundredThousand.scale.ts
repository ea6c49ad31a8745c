import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { instanceName, instanceProfile } from "../../bench/makeCluster.mjs";
import { parsePlanJson } from "../support/planJson.js";
import type { PlanJson } from "../support/planJson.js";
import { fileJobs, jobVariable } from "./pipelineFile.js";
import { makeScaleCluster, runCli, scaleSettings } from "./scaleCluster.js";

// `npm run test:scale`: a batch over a cluster of 100,000 instances (GROVE_SCALE_HUGE=N to
// choose) with the default limits, as a pipeline generates it: the orchestrator, then every
// shard file in one run. Each run of the command reads all 100,000 instance folders, so this
// takes minutes and stays out of `npm test` (test/scale/hugePlan.test.ts covers the renderers
// over 200,000 jobs in memory there).

const COUNT = Number(process.env["GROVE_SCALE_HUGE"] ?? 100_000);
const BATCH = "[AutoDeploy][Batch][UpgradeTo] 1a2b3c4d5e6f";
const LIMITS = { maxJobsPerPipeline: 500, maxNeedsPerJob: 50, maxYamlBytes: 1_048_576 };

let cluster: string;
let out: string;
let plan: PlanJson;
beforeAll(() => {
  cluster = makeScaleCluster(COUNT, scaleSettings({ waveSize: 25 }));
  out = path.join(cluster, "out");
  fs.mkdirSync(out);
  const run = runCli(["plan", "--json", "--repo", cluster, "--message", BATCH]);
  expect(run.status, run.stderr).toBe(0);
  plan = parsePlanJson(run.stdout);
});
afterAll(() => fs.rmSync(cluster, { recursive: true, force: true }));

function expectWithinLimits(text: string): void {
  const jobs = fileJobs(text);
  expect(jobs.length).toBeLessThanOrEqual(LIMITS.maxJobsPerPipeline);
  expect(Buffer.byteLength(text, "utf8")).toBeLessThanOrEqual(LIMITS.maxYamlBytes);
  const names = new Set(jobs.map((j) => j.name));
  expect(names.size).toBe(jobs.length);
  for (const job of jobs) {
    expect((job.needs ?? []).length).toBeLessThanOrEqual(LIMITS.maxNeedsPerJob);
    for (const need of job.needs ?? []) expect(names.has(need)).toBe(true);
  }
}

describe(`a batch over ${COUNT} instances`, () => {
  it("plans every selected instance once", () => {
    const selected = Array.from({ length: COUNT }, (_, i) => i)
      .filter((i) => !instanceProfile(i).disabled)
      .map((i) => instanceName(i, COUNT));
    expect(plan.jobs.filter((j) => j.kind === "deploy").map((j) => j.instance)).toEqual(selected);
  });

  it("shards within every limit: one generator run writes every shard, each as --shard K writes it", () => {
    const child = path.join(out, "child.yml");
    const main = runCli(["generate", "--repo", cluster, "--message", BATCH, "--output", child]);
    expect(main.status, main.stderr).toBe(0);
    const shardCount = Number(/an orchestrator running (\d+) shards/.exec(main.stderr)?.[1]);
    expect(shardCount).toBeGreaterThan(400);
    const orchestrator = fs.readFileSync(child, "utf8");
    expectWithinLimits(orchestrator);
    const generator = fileJobs(orchestrator).find((j) => j.name === "generate-shards");
    const directives =
      generator === undefined ? "" : (jobVariable(generator, "GROVE_PIPELINES_DIRECTIVES") ?? "");
    expect(directives).toBe(BATCH);

    const env = { GROVE_PIPELINES_DIRECTIVES: directives };
    const shardsDir = path.join(out, "shards");
    const all = runCli(["generate", "--repo", cluster, "--all-shards", shardsDir], env);
    expect(all.status, all.stderr).toBe(0);
    const shards = Array.from({ length: shardCount }, (_, i) =>
      fs.readFileSync(path.join(shardsDir, `shard-${i + 1}.yml`), "utf8"),
    );
    expect(fs.readdirSync(shardsDir)).toHaveLength(shardCount);
    for (const shard of shards) expectWithinLimits(shard);
    // Together the shards run exactly the plan's jobs, each once, in plan order.
    expect(shards.flatMap((s) => fileJobs(s).map((j) => j.name))).toEqual(
      plan.jobs.map((j) => j.name),
    );
    // The first, a middle and the last shard, each generated alone, are the same files.
    for (const k of [1, Math.ceil(shardCount / 2), shardCount]) {
      const file = path.join(out, `alone-${k}.yml`);
      const one = runCli(
        ["generate", "--repo", cluster, "--shard", String(k), "--output", file],
        env,
      );
      expect(one.status, one.stderr).toBe(0);
      expect(fs.readFileSync(file, "utf8")).toBe(shards[k - 1]);
    }
  });

  it("summarises the plan as text and draws it one node per stage", () => {
    const text = runCli(["plan", "--repo", cluster, "--message", BATCH]);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toContain(`${plan.jobs.length} jobs are too many to list one by one`);
    const graph = runCli(["graph", "--format", "dot", "--repo", cluster, "--message", BATCH]);
    expect(graph.status, graph.stderr).toBe(0);
    expect(graph.stdout).toContain(`${plan.jobs.length} jobs are too many to draw one by one`);
  });
});
