import { InternalError } from "../errors.js";
import type { Plan, PlanJob } from "../plan/plan.js";
import type { Settings } from "../repo/settings.js";
import { jobBytesBound, remembered } from "./checkLimits.js";
import { emitYaml } from "./emitYaml.js";
import { pipelineFile, renderJob, renderTerraformPipeline, templatesOf } from "./gitlabRenderer.js";
import type { RenderOptions } from "./gitlabRenderer.js";
import { lockedPipeline, terraformLockJobs } from "./terraformLock.js";
import { mappingOf } from "./yamlValue.js";

/**
 * How many bytes the pipeline file of a part of a plan takes, as the sum of a fixed part and one
 * term per job: js-yaml writes the entries of a top-level mapping one after the other, each the
 * same whatever its neighbours, so a file's jobs add up.
 */
export interface ShardMeasure {
  /** Bytes of a file of any part of the plan besides its jobs (an upper bound). */
  readonly fixed: number;
  /** A cheap upper bound of one job's entry, without serializing it (then remembered). */
  bound(job: PlanJob): number;
  /** The exact bytes of one job's entry (serialized once, then remembered). */
  exact(job: PlanJob): number;
}

/**
 * The measure of the files `gitlabRenderer` writes for parts of `plan` with `options`. The fixed
 * part is exact for the whole set of the plan's stages and every template, which is at least what
 * any part of the plan copies.
 */
export function shardMeasure(plan: Plan, options: RenderOptions): ShardMeasure {
  // With Terraform work, the jobs that write and trigger its pipeline (terraformLock.ts) too.
  const locked = lockedPipeline(plan);
  const terraform = locked === null ? null : renderTerraformPipeline(locked.terraform, options);
  const lock = terraform === null ? [] : terraformLockJobs(terraform, options.lightImage);
  const stages = [...(locked?.rest.stages ?? []), ...plan.stages];
  const file = pipelineFile(stages, options.image, [...templatesOf(options).jobs, ...lock]);
  return {
    fixed: Buffer.byteLength(file, "utf8"),
    bound: remembered((job: PlanJob) => jobBytesBound(job, options)),
    exact: remembered((job: PlanJob) => {
      const entry = mappingOf([[job.name, renderJob(job, options)]]);
      return Buffer.byteLength(emitYaml(entry), "utf8");
    }),
  };
}

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

/** Whole waves that go into one shard together; `start` is the first of them. */
interface WaveGroup {
  readonly start: number;
  readonly waves: readonly number[];
  readonly jobs: readonly PlanJob[];
}

type Limits = Settings["limits"];

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
 * Named work pushed together with a batch (jobs of no wave: Terraform, Update, Archive...) comes
 * first, as one group that the first shard starts with, so it runs before the batch's later
 * waves, as in one pipeline; it is never split.
 *
 * A plan that fits, or that has no batch, comes back whole. A single wave (or the named work)
 * that is too big by itself stays one oversized shard; `checkLimits` then reports it.
 *
 * Bytes are counted with `measure` (`shardMeasure` of the real render options): first by cheap
 * bounds, serializing jobs only when a bound is not enough, and each job at most once, so a batch
 * of thousands of jobs costs little more than its job count.
 * The orchestrator and every shard generator compute the same shards from the same plan.
 */
export function shardPlan(plan: Plan, limits: Limits, measure: ShardMeasure): Plan[] {
  if (plan.jobs.every((job) => job.wave === null)) return [plan];
  if (fitsLimits(plan.jobs, limits, measure)) return [plan];

  // Which shard each wave goes to, filling shards greedily in wave order.
  const asIn = inShard(plan.jobs);
  const parts: PlanJob[][] = [];
  const partOfWave = new Map<number, PlanJob[]>();
  let filling: Filling | null = null;
  let part: PlanJob[] = [];
  for (const group of waveGroups(plan.jobs)) {
    if (filling === null || !addIfFits(filling, group.jobs, limits, measure, asIn)) {
      const bound = boundOf(group.jobs, measure);
      filling = {
        start: group.start,
        groups: [group.jobs],
        count: group.jobs.length,
        bound,
        exact: null,
      };
      part = [];
      parts.push(part);
    }
    for (const wave of group.waves) partOfWave.set(wave, part);
  }
  for (const job of plan.jobs) {
    const jobPart = partOfWave.get(waveOf(job));
    if (jobPart === undefined) throw new InternalError(`job ${job.name} has a wave of no shard`);
    jobPart.push(job);
  }
  const stageIndex = new Map(plan.stages.map((stage, i) => [stage, i]));
  return parts.map((jobs, i) => shardOf(plan, jobs, i === 0, stageIndex));
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
  let waveByName: Map<string, number> | null = null;
  const copies = new Map<PlanJob, { start: number; job: PlanJob }>();
  const one = (job: PlanJob, start: number): PlanJob => {
    waveByName ??= new Map(planJobs.map((j) => [j.name, waveOf(j)]));
    const waves = waveByName;
    const inside = (name: string): boolean => {
      const wave = waves.get(name);
      if (wave === undefined)
        throw new InternalError(`job ${job.name} needs ${name}, not in the plan`);
      return wave >= start;
    };
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
  limits: Limits,
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
  limits: Limits,
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

/**
 * Jobs by wave in wave order, grouped so that the base images (wave 0) go with the first wave;
 * named work (NAMED_WORK) is a group of its own before them.
 */
function waveGroups(jobs: readonly PlanJob[]): WaveGroup[] {
  const byWave = new Map<number, PlanJob[]>();
  for (const job of jobs) {
    const wave = waveOf(job);
    const list = byWave.get(wave);
    if (list === undefined) byWave.set(wave, [job]);
    else list.push(job);
  }
  const groups = [...byWave]
    .sort(([a], [b]) => a - b)
    .map(([wave, waveJobs]): WaveGroup => ({ start: wave, waves: [wave], jobs: waveJobs }));
  const named = groups[0]?.start === NAMED_WORK ? groups.slice(0, 1) : [];
  const [first, second, ...rest] = groups.slice(named.length);
  if (first === undefined || second === undefined || first.start !== 0) return groups;
  const merged = {
    start: 0,
    waves: [...first.waves, ...second.waves],
    jobs: first.jobs.concat(second.jobs),
  };
  return [...named, merged, ...rest];
}

/** The wave `shardPlan` counts the jobs of no wave (named work) in: before the base images. */
const NAMED_WORK = -1;

function waveOf(job: PlanJob): number {
  return job.wave ?? NAMED_WORK;
}

/**
 * A shard's plan: its jobs, needs on other shards' jobs dropped, and the plan's stages that its
 * jobs use, in the plan's order (found from the jobs, so that every shard does not go through
 * every stage of the plan).
 */
function shardOf(
  plan: Plan,
  jobs: readonly PlanJob[],
  first: boolean,
  stageIndex: ReadonlyMap<string, number>,
): Plan {
  const names = new Set(jobs.map((job) => job.name));
  const used = [...new Set(jobs.map((job) => job.stage))]
    .map((stage): [string, number] => [stage, stageIndex.get(stage) ?? -1])
    .filter(([, index]) => index >= 0)
    .sort(([, a], [, b]) => a - b)
    .map(([stage]) => stage);
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
    stages: used,
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
    environment: job.environment,
  };
}
