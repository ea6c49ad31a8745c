import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { instanceName, instanceProfile } from "../../bench/makeCluster.mjs";
import { fileJobs, jobVariable } from "./pipelineFile.js";
import { parsePlanJson } from "../support/planJson.js";
import type { PlanJson } from "../support/planJson.js";
import { makeScaleCluster, runCli, scaleSettings } from "./scaleCluster.js";

const BATCH = "[AutoDeploy][Batch][UpgradeTo] 1a2b3c4d5e6f";
const COUNT = 150;
const WAVE_SIZE = 10;
const LIMITS = { maxJobsPerPipeline: 50, maxNeedsPerJob: 50 };

let cluster: string;
beforeAll(() => {
  cluster = makeScaleCluster(
    COUNT,
    scaleSettings({ waveSize: WAVE_SIZE, maxJobsPerPipeline: LIMITS.maxJobsPerPipeline }),
  );
});
afterAll(() => fs.rmSync(cluster, { recursive: true, force: true }));

function planJson(message: string): PlanJson {
  const run = runCli(["plan", "--json", "--repo", cluster, "--message", message]);
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
  return parsePlanJson(run.stdout);
}

/** The generated files of a batch: the orchestrator, then each shard its generator job writes. */
function generateAll(repo: string): { orchestrator: string; shards: string[] } {
  const out = path.join(repo, "out");
  fs.mkdirSync(out, { recursive: true });
  const main = runCli([
    "generate",
    "--repo",
    repo,
    "--message",
    BATCH,
    "--output",
    path.join(out, "child.yml"),
  ]);
  expect(main.stderr).toMatch(/an orchestrator running \d+ shards/);
  const orchestrator = fs.readFileSync(path.join(out, "child.yml"), "utf8");
  const generator = fileJobs(orchestrator).find((j) => j.name === "generate-shards");
  const directives =
    generator === undefined ? undefined : jobVariable(generator, "GROVE_PIPELINES_DIRECTIVES");
  expect(directives).toBe(BATCH);
  expect(generator?.body["script"]).toEqual([
    "node .grove/grove-pipelines.cjs generate --all-shards .",
  ]);
  // As the generator job runs it: in the repository, the directives from its variables.
  const env = { GROVE_PIPELINES_DIRECTIVES: directives ?? "" };
  const all = runCli(["generate", "--repo", repo, "--all-shards", out], env);
  expect(all.status, all.stderr).toBe(0);
  const count = fs.readdirSync(out).filter((f) => /^shard-\d+\.yml$/.test(f)).length;
  const shards = Array.from({ length: count }, (_, i) => {
    const file = path.join(out, `shard-${i + 1}.yml`);
    const text = fs.readFileSync(file, "utf8");
    // Each file is the one a run for that shard alone writes.
    const one = runCli(
      ["generate", "--repo", repo, "--shard", String(i + 1), "--output", file],
      env,
    );
    expect(one.status).toBe(0);
    expect(fs.readFileSync(file, "utf8")).toBe(text);
    return text;
  });
  expect(orchestrator).toContain(`shard-${count}:`);
  expect(orchestrator).not.toContain(`shard-${count + 1}:`);
  return { orchestrator, shards };
}

/** GitLab's limits for one file, as the settings give them. */
function expectWithinLimits(
  text: string,
  limits: { maxJobsPerPipeline: number; maxYamlBytes: number },
) {
  const jobs = fileJobs(text);
  expect(jobs.length).toBeLessThanOrEqual(limits.maxJobsPerPipeline);
  expect(Buffer.byteLength(text, "utf8")).toBeLessThanOrEqual(limits.maxYamlBytes);
  const names = jobs.map((j) => j.name);
  expect(new Set(names).size).toBe(names.length);
  for (const job of jobs) {
    expect(job.name.length).toBeLessThanOrEqual(255);
    expect((job.needs ?? []).length).toBeLessThanOrEqual(LIMITS.maxNeedsPerJob);
    // A job needs only jobs of its own file.
    for (const need of job.needs ?? []) expect(names).toContain(need);
  }
}

describe("waves of a batch over hundreds of instances", () => {
  it("gives every job a wave: base images, the canary alone, then waves of at most waveSize in name order", () => {
    const plan = planJson(BATCH);
    for (const job of plan.jobs) expect(typeof job.wave).toBe("number");
    expect(plan.jobs.filter((j) => j.kind === "base-image").every((j) => j.wave === 0)).toBe(true);

    const deploys = plan.jobs.filter((j) => j.kind === "deploy");
    const selected = Array.from({ length: COUNT }, (_, i) => i)
      .filter((i) => !instanceProfile(i).disabled)
      .map((i) => instanceName(i, COUNT));
    // Every selected instance deployed once, in name order (names are zero-padded), wave by wave.
    expect(deploys.map((j) => j.instance)).toEqual(selected);
    const waves = [...new Set(deploys.map((j) => j.wave ?? -1))];
    expect(waves).toEqual(Array.from({ length: waves.length }, (_, i) => i + 1));
    const sizes = waves.map((w) => deploys.filter((j) => j.wave === w).length);
    expect(sizes[0]).toBe(1);
    expect(sizes.slice(1, -1).every((n) => n === WAVE_SIZE)).toBe(true);
    expect(sizes.at(-1)).toBeLessThanOrEqual(WAVE_SIZE);
    // Disabled instances are skipped, with the reason.
    expect(plan.skipped.map((s) => s.instance)).toEqual(
      Array.from({ length: COUNT }, (_, i) => i)
        .filter((i) => instanceProfile(i).disabled)
        .map((i) => instanceName(i, COUNT)),
    );
  });

  it("lets wave k+1 deploy only after every deploy of wave k, through one gate per wave", () => {
    const plan = planJson(BATCH);
    const byWave = (kind: string, wave: number) =>
      plan.jobs.filter((j) => j.kind === kind && j.wave === wave);
    const lastWave = Math.max(...plan.jobs.map((j) => j.wave ?? 0));
    for (let wave = 2; wave <= lastWave; wave += 1) {
      const gate = byWave("wave-gate", wave);
      expect(gate.map((g) => g.name)).toEqual([`wave-gate:${wave}`]);
      expect(gate[0]?.needs).toEqual(byWave("deploy", wave - 1).map((d) => d.name));
      // Deploys wait for their wave's gate; builds (batch.buildAhead, 2 by default) for the gate
      // two waves earlier, when there is one.
      for (const deploy of byWave("deploy", wave))
        expect(deploy.needs).toContain(`wave-gate:${wave}`);
      for (const build of byWave("build-image", wave)) {
        expect(build.needs.filter((n) => n.startsWith("wave-gate:"))).toEqual(
          wave - 2 >= 2 ? [`wave-gate:${wave - 2}`] : [],
        );
      }
    }
  });

  it("plans the same waves every time", () => {
    const first = runCli(["plan", "--json", "--repo", cluster, "--message", BATCH]);
    const second = runCli(["plan", "--json", "--repo", cluster, "--message", BATCH]);
    expect(second.stdout).toBe(first.stdout);
  });
});

describe("GitLab's limits on what generate writes", () => {
  it("refuses, writing nothing, an Update of more instances than one pipeline may hold", () => {
    const names = Array.from({ length: 26 }, (_, i) => instanceName(i, COUNT));
    const output = path.join(cluster, "update.yml");
    const run = runCli([
      "generate",
      "--repo",
      cluster,
      "--message",
      `[AutoDeploy][Update] ${names.join(",")}`,
      "--output",
      output,
    ]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      "The generated pipeline has 52 jobs; at most 50 are allowed (setting limits.maxJobsPerPipeline)",
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(output)).toBe(false);
  });

  it("refuses, writing nothing, a batch whose wave alone is too big for a pipeline", () => {
    const repo = makeScaleCluster(40, scaleSettings({ waveSize: 30, maxJobsPerPipeline: 50 }));
    try {
      const output = path.join(repo, "child.yml");
      const run = runCli(["generate", "--repo", repo, "--message", BATCH, "--output", output]);
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(
        /error: .*shard 2 of 3: The generated pipeline has 61 jobs; at most 50 are allowed/,
      );
      // It says which settings to change.
      expect(run.stderr).toContain(
        "one wave is too big for one pipeline: lower batch.waveSize (now 30) or batch.canary (now 1), or raise limits.maxJobsPerPipeline",
      );
      expect(fs.existsSync(output)).toBe(false);
    } finally {
      fs.rmSync(repo, { recursive: true, force: true });
    }
  });

  it("shards a batch into files that each keep every limit, every job in exactly one, two levels deep", () => {
    const limits = { maxJobsPerPipeline: LIMITS.maxJobsPerPipeline, maxYamlBytes: 1_048_576 };
    const { orchestrator, shards } = generateAll(cluster);
    expect(shards.length).toBeGreaterThan(5);
    expectWithinLimits(orchestrator, limits);
    for (const shard of shards) expectWithinLimits(shard, limits);

    // Parent -> orchestrator -> shards and no deeper: only the orchestrator triggers pipelines,
    // and only the shard files its generator job wrote.
    const triggers = fileJobs(orchestrator).filter((j) => j.body["trigger"] !== undefined);
    expect(triggers.map((j) => j.name)).toEqual(shards.map((_, i) => `shard-${i + 1}`));
    for (const [i, t] of triggers.entries()) {
      expect(t.body["trigger"]).toEqual({
        include: [{ artifact: `shard-${i + 1}.yml`, job: "generate-shards" }],
        strategy: "depend",
      });
    }
    for (const shard of shards) {
      expect(fileJobs(shard).filter((j) => j.body["trigger"] !== undefined)).toEqual([]);
    }

    // Together the shards run exactly the plan's jobs, each once, in plan order.
    const planned = planJson(BATCH).jobs.map((j) => j.name);
    expect(shards.flatMap((s) => fileJobs(s).map((j) => j.name))).toEqual(planned);
  });

  it("refuses, writing nothing, a batch that needs more shards than an orchestrator may trigger, saying how many instances the limits allow", () => {
    // Waves of one: three jobs each, two waves per shard of at most 6 jobs, 5 shards at most.
    const repo = makeScaleCluster(40, scaleSettings({ waveSize: 1, maxJobsPerPipeline: 6 }));
    try {
      const output = path.join(repo, "child.yml");
      const run = runCli(["generate", "--repo", repo, "--message", BATCH, "--output", output]);
      expect(run.status).toBe(1);
      const plan = JSON.parse(
        runCli(["plan", "--json", "--repo", repo, "--message", BATCH]).stdout,
      ) as PlanJson;
      const instances = new Set(
        plan.jobs.flatMap((j) => (j.instance === null ? [] : [j.instance])),
      );
      const shards = Number(/needs (\d+) shards/.exec(run.stderr)?.[1]);
      expect(shards).toBeGreaterThan(5);
      expect(run.stderr).toBe(
        `error: key limits.maxJobsPerPipeline: this batch of ${instances.size} instances needs ${shards} shards, but one orchestrator pipeline triggers at most 5 (setting limits.maxJobsPerPipeline: 6, one job of which writes the shards), and GitLab allows no deeper nesting: the current limits allow about ${Math.floor((instances.size * 5) / shards)} instances per batch. Upgrade in smaller batches (by repository|version target), or raise limits.maxJobsPerPipeline (GitLab's higher tiers and self-managed instances allow more jobs per pipeline) and limits.maxYamlBytes\n`,
      );
      expect(fs.existsSync(output)).toBe(false);
    } finally {
      fs.rmSync(repo, { recursive: true, force: true });
    }
  });

  it("shards on the byte limit too", () => {
    const repo = makeScaleCluster(60, scaleSettings({ waveSize: 5, maxYamlBytes: 20_000 }));
    try {
      const limits = { maxJobsPerPipeline: 500, maxYamlBytes: 20_000 };
      const { orchestrator, shards } = generateAll(repo);
      expect(shards.length).toBeGreaterThan(2);
      expectWithinLimits(orchestrator, limits);
      for (const shard of shards) expectWithinLimits(shard, limits);
    } finally {
      fs.rmSync(repo, { recursive: true, force: true });
    }
  });
});
