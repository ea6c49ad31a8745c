import type { Plan, PlanJob } from "../plan/plan.js";
import type { Settings } from "../repo/settings.js";
import { shardMeasure } from "./shardMeasure.js";
import type { ShardMeasure } from "./shardMeasure.js";

/** A shard being filled: its first wave, its jobs (by wave group), their count and byte bound. */
interface Filling {
  readonly start: number;
  readonly groups: (readonly PlanJob[])[];
  count: number;
  /** measure.fixed + the jobs' cheap bounds (with all their needs). */
  bound: number;
  /** measure.fixed + the jobs' exact bytes as the shard has them, once the bound was not enough. */
  exact: number | null;
}

const AUTO = { manual: { terraformApply: false, deploy: false } };

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
 *
 * Bytes are counted with `measure` (by default that of the built-in templates; pass the real
 * render options' one): first by cheap bounds, serializing jobs only when a bound is not enough,
 * and each job at most once, so a batch of thousands of jobs costs little more than its job count.
 * The orchestrator and every shard generator compute the same shards from the same plan.
 */
export function shardPlan(
  plan: Plan,
  limits: Settings["limits"],
  measure: ShardMeasure = shardMeasure(plan, AUTO),
): Plan[] {
  if (plan.jobs.some((job) => job.wave === null)) return [plan];
  if (fitsLimits(plan.jobs, limits, measure)) return [plan];

  // Which shard each wave goes to, filling shards greedily in wave order.
  const asIn = inShard(plan.jobs);
  const shardOfWave = new Map<number, number>();
  let shard = -1;
  let filling: Filling | null = null;
  for (const group of waveGroups(plan.jobs)) {
    if (filling === null || !addIfFits(filling, group.jobs, limits, measure, asIn)) {
      shard += 1;
      const start = group.waves[0] ?? 0;
      const bound = boundOf(group.jobs, measure);
      filling = { start, groups: [group.jobs], count: group.jobs.length, bound, exact: null };
    }
    for (const wave of group.waves) shardOfWave.set(wave, shard);
  }
  const shardCount = shard + 1;

  const parts: PlanJob[][] = Array.from({ length: shardCount }, () => []);
  for (const job of plan.jobs) parts[shardOfWave.get(job.wave ?? 0) ?? 0]?.push(job);
  return parts.map((jobs, i) => shardOf(plan, jobs, i === 0));
}

/**
 * Jobs as a shard whose first wave is `start` holds them: needs on jobs of earlier waves (which
 * are in earlier shards, needs never pointing forward) dropped, as `shardOf` drops them. The same
 * job object comes back for the same shard start, so a measure remembers its size.
 */
function inShard(
  planJobs: readonly PlanJob[],
): (jobs: readonly PlanJob[], start: number) => readonly PlanJob[] {
  // Made at the first use only: with the default limits, bounds always suffice and it never is.
  let waveOf: Map<string, number> | null = null;
  const copies = new Map<PlanJob, { start: number; job: PlanJob }>();
  const one = (job: PlanJob, start: number): PlanJob => {
    waveOf ??= new Map(planJobs.map((j) => [j.name, j.wave ?? 0]));
    const waves = waveOf;
    const inside = (name: string) => (waves.get(name) ?? 0) >= start;
    if (job.needs.every(inside)) return job;
    const cached = copies.get(job);
    if (cached?.start === start) return cached.job;
    const copy = withNeeds(job, job.needs.filter(inside));
    copies.set(job, { start, job: copy });
    return copy;
  };
  return (jobs, start) => jobs.map((job) => one(job, start));
}

/** Whether a file of `jobs` keeps within the job and byte limits, by `measure`. */
export function fitsLimits(
  jobs: readonly PlanJob[],
  limits: Settings["limits"],
  measure: ShardMeasure,
): boolean {
  if (jobs.length > limits.maxJobsPerPipeline) return false;
  if (boundOf(jobs, measure) <= limits.maxYamlBytes) return true;
  return exactOf(jobs, measure, limits.maxYamlBytes) <= limits.maxYamlBytes;
}

/**
 * Adds `jobs` to the shard being filled when the shard still fits with them. The bounds count
 * jobs with all their needs, which is never less than the shard will write; when that is not
 * enough, the exact sizes count the jobs as the shard has them (`inShard`).
 */
function addIfFits(
  filling: Filling,
  jobs: readonly PlanJob[],
  limits: Settings["limits"],
  measure: ShardMeasure,
  asIn: (jobs: readonly PlanJob[], start: number) => readonly PlanJob[],
): boolean {
  const count = filling.count + jobs.length;
  if (count > limits.maxJobsPerPipeline) return false;
  const bound = filling.bound + boundOf(jobs, measure) - measure.fixed;
  let exact = filling.exact;
  if (bound > limits.maxYamlBytes) {
    // Each job is serialized once, then remembered.
    const exactIn = (group: readonly PlanJob[]) =>
      exactOf(asIn(group, filling.start), measure, Infinity) - measure.fixed;
    exact ??= filling.groups.reduce((sum, group) => sum + exactIn(group), measure.fixed);
    exact += exactIn(jobs);
    if (exact > limits.maxYamlBytes) return false;
  }
  filling.groups.push(jobs);
  filling.count = count;
  filling.bound = bound;
  filling.exact = exact;
  return true;
}

function boundOf(jobs: readonly PlanJob[], measure: ShardMeasure): number {
  let bytes = measure.fixed;
  for (const job of jobs) bytes += measure.bound(job);
  return bytes;
}

/** measure.fixed + the exact bytes of `jobs`, stopping early once past `stopAbove`. */
function exactOf(jobs: readonly PlanJob[], measure: ShardMeasure, stopAbove: number): number {
  let bytes = measure.fixed;
  for (const job of jobs) {
    bytes += measure.exact(job);
    if (bytes > stopAbove) break;
  }
  return bytes;
}

/** Jobs by wave in wave order, grouped so that the base images (wave 0) go with the first wave. */
function waveGroups(jobs: readonly PlanJob[]): { waves: number[]; jobs: PlanJob[] }[] {
  const byWave = new Map<number, PlanJob[]>();
  for (const job of jobs) {
    const wave = job.wave ?? 0;
    const list = byWave.get(wave);
    if (list === undefined) byWave.set(wave, [job]);
    else list.push(job);
  }
  const groups = [...byWave.keys()]
    .sort((a, b) => a - b)
    .map((wave) => ({ waves: [wave], jobs: byWave.get(wave) ?? [] }));
  const [first, second, ...rest] = groups;
  if (first === undefined) return [];
  if (second === undefined || first.waves[0] !== 0) return groups;
  return [
    { waves: [...first.waves, ...second.waves], jobs: [...first.jobs, ...second.jobs] },
    ...rest,
  ];
}

function shardOf(plan: Plan, jobs: readonly PlanJob[], first: boolean): Plan {
  const names = new Set(jobs.map((job) => job.name));
  const used = new Set(jobs.map((job) => job.stage));
  return {
    ...plan,
    jobs: jobs.map((job) =>
      job.needs.every((n) => names.has(n))
        ? job
        : withNeeds(
            job,
            job.needs.filter((n) => names.has(n)),
          ),
    ),
    stages: plan.stages.filter((stage) => used.has(stage)),
    // Skipped instances are reported once, with the first shard.
    skipped: first ? plan.skipped : [],
  };
}

/**
 * The job with other needs, written out field by field: shards of a large batch copy thousands
 * of jobs this way, where a spread with an overriding key took V8's slow path.
 */
function withNeeds(job: PlanJob, needs: readonly string[]): PlanJob {
  return {
    name: job.name,
    kind: job.kind,
    instance: job.instance,
    needs,
    variables: job.variables,
    stage: job.stage,
    wave: job.wave,
  };
}
