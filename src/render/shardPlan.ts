import type { Plan, PlanJob } from "../plan/plan.js";
import type { Settings } from "../repo/settings.js";
import { gitlabRenderer } from "./gitlabRenderer.js";

/** Bytes of YAML a plan renders to; pass one that uses the real render options. */
export type MeasureBytes = (plan: Plan) => number;

const measureWithBuiltins: MeasureBytes = (plan) =>
  Buffer.byteLength(
    gitlabRenderer.render(plan, { manual: { terraformApply: false, deploy: false } }),
    "utf8",
  );

/**
 * Splits a batch plan too big for one GitLab pipeline into consecutive shards of whole waves,
 * each a plan of its own that `renderOrchestrator` runs strictly one after the other. The first
 * shard holds the base images (wave 0) and the canary wave; waves are never split, and a shard
 * takes as many further waves as fit the job and byte limits.
 *
 * Needs on jobs of earlier shards are dropped: the shard pipeline only starts once every earlier
 * shard has succeeded, which is a stronger guarantee. A wave gate that begins a shard stays as
 * its first job (it then waits for nothing) because the wave's jobs need it and it shows in the
 * pipeline where the wave starts.
 *
 * A plan that fits, or that is not a batch (a job without a wave), comes back whole. A single
 * wave that is too big by itself stays one oversized shard; `checkLimits` then reports it.
 */
export function shardPlan(
  plan: Plan,
  limits: Settings["limits"],
  measureBytes: MeasureBytes = measureWithBuiltins,
): Plan[] {
  const fits = (p: Plan): boolean =>
    p.jobs.length <= limits.maxJobsPerPipeline && measureBytes(p) <= limits.maxYamlBytes;
  if (fits(plan) || plan.jobs.some((job) => job.wave === null)) return [plan];

  const shards: Plan[] = [];
  let current: number[] = [];
  for (const group of waveGroups(plan.jobs)) {
    const candidate = [...current, ...group];
    if (current.length === 0 || fits(shardOf(plan, candidate, shards.length === 0))) {
      current = candidate;
    } else {
      shards.push(shardOf(plan, current, shards.length === 0));
      current = group;
    }
  }
  if (current.length > 0) shards.push(shardOf(plan, current, shards.length === 0));
  return shards;
}

/** Wave numbers in order, grouped so that the base images (wave 0) go with the first wave. */
function waveGroups(jobs: readonly PlanJob[]): number[][] {
  const waves = [...new Set(jobs.map((job) => job.wave ?? 0))].sort((a, b) => a - b);
  const groups = waves.map((wave) => [wave]);
  const [first, second, ...rest] = groups;
  if (first === undefined) return [];
  if (second === undefined || first[0] !== 0) return groups;
  return [[...first, ...second], ...rest];
}

function shardOf(plan: Plan, waves: readonly number[], first: boolean): Plan {
  const jobs = plan.jobs.filter((job) => waves.includes(job.wave ?? 0));
  const names = new Set(jobs.map((job) => job.name));
  const used = new Set(jobs.map((job) => job.stage));
  return {
    ...plan,
    jobs: jobs.map((job) => ({ ...job, needs: job.needs.filter((n) => names.has(n)) })),
    stages: plan.stages.filter((stage) => used.has(stage)),
    // Skipped instances are reported once, with the first shard.
    skipped: first ? plan.skipped : [],
  };
}
