import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Plan } from "../plan/plan.js";
import { DEFAULT_SETTINGS } from "../repo/settings.js";
import { gitlabRenderer } from "./gitlabRenderer.js";
import { batchPlan, createPlan } from "../../test/support/samplePlans.js";
import { buildPlan } from "../plan/buildPlan.js";
import { OPENEDX, QUINCE, testInstance, testSnapshot } from "../../test/support/testSnapshot.js";
import { fitsLimits, shardMeasure, shardPlan } from "./shardPlan.js";
import type { ShardMeasure } from "./shardPlan.js";

const OPTIONS = { manual: { terraformApply: false, deploy: false, archive: false, delete: false } };
const bytesOf = (plan: Plan) => Buffer.byteLength(gitlabRenderer.render(plan, OPTIONS), "utf8");

/** `sizes[k]` instances in wave k+1, named `w<wave>-<i>`. */
function wavesOf(sizes: readonly number[]): string[][] {
  return sizes.map((n, k) => Array.from({ length: n }, (_, i) => `w${k + 1}-${i}`));
}

/** A plan of some of `plan`'s jobs, with needs and stages cut down to them, as a shard is. */
function asShard(plan: Plan, jobs: Plan["jobs"]): Plan {
  const names = new Set(jobs.map((j) => j.name));
  return {
    ...plan,
    jobs: jobs.map((j) => ({ ...j, needs: j.needs.filter((n) => names.has(n)) })),
    stages: plan.stages.filter((s) => jobs.some((j) => j.stage === s)),
  };
}

const wavesIn = (plan: Plan) => [...new Set(plan.jobs.map((j) => j.wave ?? -1))];

describe("shardPlan", () => {
  it("returns a plan that fits as it is", () => {
    const plan = batchPlan(wavesOf([1, 3]));
    expect(shardPlan(plan, DEFAULT_SETTINGS.limits, shardMeasure(plan, OPTIONS))).toEqual([plan]);
  });

  it("returns a plan that is not a batch as it is, even when too big", () => {
    const plan = createPlan(["a", "b", "c"]);
    expect(
      shardPlan(
        plan,
        { ...DEFAULT_SETTINGS.limits, maxJobsPerPipeline: 2 },
        shardMeasure(plan, OPTIONS),
      ),
    ).toEqual([plan]);
  });

  it("shards named work pushed with a batch: the named work first, whole, then the waves in order", () => {
    // Named: terraform plan and apply, build and deploy of x and y (6 jobs); batch: base 1,
    // wave 1: 2, wave 2: gate + 4, wave 3: gate + 4 (13 jobs).
    const named = createPlan(["x", "y"]);
    const batch = batchPlan(wavesOf([1, 2, 2]));
    const plan: Plan = {
      ...batch,
      jobs: [...named.jobs, ...batch.jobs],
      stages: [...named.stages, ...batch.stages],
    };
    const limits = { ...DEFAULT_SETTINGS.limits, maxJobsPerPipeline: 8 };
    const shards = shardPlan(plan, limits, shardMeasure(plan, OPTIONS));
    expect(shards.map((s) => s.jobs.map((j) => j.name))).toEqual([
      named.jobs.map((j) => j.name),
      [
        "base-image:1",
        "build-image:w1-0",
        "deploy:w1-0",
        "wave-gate:2",
        "build-image:w2-0",
        "build-image:w2-1",
        "deploy:w2-0",
        "deploy:w2-1",
      ],
      ["wave-gate:3", "build-image:w3-0", "build-image:w3-1", "deploy:w3-0", "deploy:w3-1"],
    ]);
    // Each shard keeps its own needs (the named chain whole), the stages its jobs use.
    expect(shards[0]?.jobs).toEqual(named.jobs);
    expect(shards[0]?.stages).toEqual(named.stages);
    expect(shards[2]?.jobs[0]?.needs).toEqual([]);
    // With room, the named work and the first waves share the first shard.
    const roomy = { ...limits, maxJobsPerPipeline: 14 };
    const two = shardPlan(plan, roomy, shardMeasure(plan, OPTIONS));
    expect(two.map((s) => s.jobs.length)).toEqual([14, 5]);
    expect(two[0]?.jobs.slice(0, 6)).toEqual(named.jobs);
  });

  it("splits into whole waves, base images with the canary, dropping needs across shards", () => {
    // Jobs: base 1, wave 1: 2, wave 2: gate + 4, wave 3: gate + 4 (16 in all).
    const plan = batchPlan(wavesOf([1, 2, 2]));
    const shards = shardPlan(
      plan,
      { ...DEFAULT_SETTINGS.limits, maxJobsPerPipeline: 8 },
      shardMeasure(plan, OPTIONS),
    );
    expect(shards.map((s) => s.jobs.map((j) => j.name))).toEqual([
      [
        "base-image:1",
        "build-image:w1-0",
        "deploy:w1-0",
        "wave-gate:2",
        "build-image:w2-0",
        "build-image:w2-1",
        "deploy:w2-0",
        "deploy:w2-1",
      ],
      ["wave-gate:3", "build-image:w3-0", "build-image:w3-1", "deploy:w3-0", "deploy:w3-1"],
    ]);
    const second = shards[1];
    expect(second?.stages).toEqual(["wave-3-gate", "wave-3-build", "wave-3-deploy"]);
    expect(second?.jobs.find((j) => j.name === "wave-gate:3")?.needs).toEqual([]);
    expect(second?.jobs.find((j) => j.name === "build-image:w3-0")?.needs).toEqual(["wave-gate:3"]);
    expect(shards[0]?.skipped).toEqual(plan.skipped);
    expect(second?.skipped).toEqual([]);
    expect(second?.directive).toEqual(plan.directive);
  });

  it("also splits on the byte limit, measured by the given measure", () => {
    const plan = batchPlan(wavesOf([1, 1, 1]));
    const limits = { ...DEFAULT_SETTINGS.limits, maxYamlBytes: 2000 };
    const exact: string[] = []; // jobs whose exact size was asked for
    // Bounds too big to decide, so every decision falls back to exact sizes of 500 per job.
    const measure: ShardMeasure = {
      fixed: 0,
      bound: () => 5000,
      exact: (job) => {
        exact.push(job.name);
        return 500;
      },
    };
    const shards = shardPlan(plan, limits, measure);
    expect(shards.map(wavesIn)).toEqual([[0, 1], [2], [3]]);
    expect(exact.length).toBeGreaterThan(0);
  });

  it("does not serialize any job when the bounds show that the shards fit", () => {
    const plan = batchPlan(wavesOf([1, 5, 5, 5]));
    const real = shardMeasure(plan, OPTIONS);
    let exactCalls = 0;
    const counting: ShardMeasure = {
      fixed: real.fixed,
      bound: (job) => real.bound(job),
      exact: (job) => {
        exactCalls += 1;
        return real.exact(job);
      },
    };
    const shards = shardPlan(
      plan,
      { ...DEFAULT_SETTINGS.limits, maxJobsPerPipeline: 12 },
      counting,
    );
    expect(shards.map(wavesIn)).toEqual([[0, 1], [2], [3], [4]]);
    expect(exactCalls).toBe(0);
  });

  it("measures shards with an upper bound of the file the renderer writes", () => {
    const plan = batchPlan(wavesOf([1, 3, 3]));
    const measure = shardMeasure(plan, OPTIONS);
    const exact = measure.fixed + plan.jobs.reduce((sum, j) => sum + measure.exact(j), 0);
    const bound = measure.fixed + plan.jobs.reduce((sum, j) => sum + measure.bound(j), 0);
    expect(bytesOf(plan)).toBeLessThanOrEqual(exact);
    expect(exact).toBeLessThanOrEqual(bound);
    // The fixed part is only the header, stages and templates: a few kilobytes, not a guess.
    expect(exact - bytesOf(plan)).toBeLessThan(4000);
    expect(
      fitsLimits(plan.jobs, { ...DEFAULT_SETTINGS.limits, maxYamlBytes: exact }, measure),
    ).toBe(true);
    expect(
      fitsLimits(plan.jobs, { ...DEFAULT_SETTINGS.limits, maxYamlBytes: exact - 1 }, measure),
    ).toBe(false);
  });

  it("keeps a wave too big for any pipeline whole, for checkLimits to report", () => {
    const plan = batchPlan(wavesOf([1, 6]));
    const shards = shardPlan(
      plan,
      { ...DEFAULT_SETTINGS.limits, maxJobsPerPipeline: 4 },
      shardMeasure(plan, OPTIONS),
    );
    expect(shards.map(wavesIn)).toEqual([[0, 1], [2]]);
    expect(shards[1]?.jobs).toHaveLength(13);
  });

  it("gives consecutive, self-contained shards of whole waves that each fit when they can", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 7 }),
        fc.integer({ min: 3, max: 30 }),
        fc.integer({ min: 1500, max: 20000 }),
        (sizes, maxJobs, maxBytes) => {
          const plan = batchPlan(wavesOf(sizes));
          const limits = {
            ...DEFAULT_SETTINGS.limits,
            maxJobsPerPipeline: maxJobs,
            maxYamlBytes: maxBytes,
          };
          const measure = shardMeasure(plan, OPTIONS);
          const shards = shardPlan(plan, limits, measure);
          const fits = (p: Plan) => p.jobs.length <= maxJobs && bytesOf(p) <= maxBytes;

          // Every job once, in plan order; each wave in exactly one shard; base images first.
          expect(shards.flatMap((s) => s.jobs.map((j) => j.name))).toEqual(
            plan.jobs.map((j) => j.name),
          );
          const waveLists = shards.map(wavesIn);
          expect(waveLists.flat()).toEqual(wavesIn(plan));
          if (shards.length > 1) expect(waveLists[0]?.slice(0, 2)).toEqual([0, 1]);

          for (const [i, shard] of shards.entries()) {
            const names = new Set(shard.jobs.map((j) => j.name));
            expect(shard.jobs.every((j) => j.needs.every((n) => names.has(n)))).toBe(true);
            expect(shard.stages).toEqual(
              plan.stages.filter((s) => shard.jobs.some((j) => j.stage === s)),
            );
            // A shard that is over the limits holds only waves that cannot be split further.
            const minimal = i === 0 ? (waveLists[0]?.length ?? 0) <= 2 : waveLists[i]?.length === 1;
            expect(fits(shard) || minimal).toBe(true);
            // Greedy: the next shard's first wave did not fit into this one, by the measure
            // (which may count a few template bytes more than this shard copies).
            const next = shards[i + 1];
            if (next !== undefined) {
              const firstWave = next.jobs[0]?.wave;
              const grown = plan.jobs.filter((j) => names.has(j.name) || j.wave === firstWave);
              expect(fitsLimits(asShard(plan, grown).jobs, limits, measure)).toBe(false);
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe("shardPlan with verify jobs and environments", () => {
  const snapshot = testSnapshot(
    ["a", "b", "c", "d", "e"].map((name) => testInstance(name, { lmsHost: `${name}.example.com` })),
    { batch: { canary: 1, waveSize: 2 } },
  );
  const result = buildPlan(
    { kind: "batch-upgrade", targets: [{ repository: OPENEDX, version: QUINCE }] },
    { ...snapshot, verify: true },
  );
  if (!result.ok) throw new Error("the batch has a plan");
  const plan = result.value;

  it("keeps each verify job in its wave's shard, and every job's environment", () => {
    const limits = { ...DEFAULT_SETTINGS.limits, maxJobsPerPipeline: 8 };
    const shards = shardPlan(plan, limits, shardMeasure(plan, OPTIONS));
    expect(shards.length).toBeGreaterThan(1);
    for (const shard of shards) {
      const waves = new Set(shard.jobs.map((j) => j.wave));
      for (const job of shard.jobs.filter((j) => j.kind === "verify")) {
        expect(
          shard.jobs.map((j) => j.name),
          job.name,
        ).toContain(`deploy:${job.instance ?? ""}`);
        expect(waves.has(job.wave), job.name).toBe(true);
      }
    }
    const environments = (jobs: Plan["jobs"]) =>
      jobs.filter((j) => j.environment !== undefined).map((j) => [j.name, j.environment]);
    expect(shards.flatMap((s) => environments(s.jobs))).toEqual(environments(plan.jobs));
  });
});
