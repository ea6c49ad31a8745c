// How long a generated pipeline keeps GitLab runners busy, in a small model of GitLab (issue 13):
// what a batch costs an operator is the hours its pipeline runs, not the generator's milliseconds.
//
// The model: R runners; each job takes its kind's duration (MINUTES); a job with `needs` is ready
// when its needs have finished, a job without `needs` when every job of the earlier stages has; a
// free runner takes the ready job that GitLab created first (GitLab creates a pipeline's jobs in
// stage order, then in file order, and a runner takes the lowest job id); one job per
// `resource_group` at a time; manual and delayed jobs count as ready at once. The lower bound is
// what the safety rules allow at best: max(all work / R, base image + one build + for each deploy
// wave ceil(wave size / R) deploy rounds).

/** Minutes a job of each kind takes; any other kind takes OTHER_MINUTES. */
export const MINUTES = {
  "base-image": 20,
  "build-image": 10,
  deploy: 5,
  "terraform-plan": 3,
  "terraform-apply": 5,
};
const OTHER_MINUTES = 0.5;

/** The jobs of a parsed GitLab CI file (hidden jobs and keywords left out), in job id order. */
export function pipelineJobs(doc) {
  const stages = Array.isArray(doc.stages) ? doc.stages : [];
  const jobs = Object.entries(doc)
    .filter(([name, job]) => !name.startsWith(".") && isJob(job))
    .map(([name, job], order) => {
      const kind = String(job.extends ?? "").replace(/^\.grove-/, "");
      const stage = stages.indexOf(job.stage);
      if (stage === -1) throw new Error(`job ${name} has stage ${job.stage}, not in stages`);
      const needs = Array.isArray(job.needs)
        ? job.needs.map((n) => (typeof n === "string" ? n : n.job))
        : null;
      return {
        name,
        kind,
        stage,
        order,
        needs,
        resourceGroup: job.resource_group ?? null,
        minutes: MINUTES[kind] ?? OTHER_MINUTES,
      };
    });
  // Created in stage order, then in file order: the index is the job id's rank.
  return jobs.sort((a, b) => a.stage - b.stage || a.order - b.order);
}

function isJob(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value) && "stage" in value;
}

/**
 * The minutes from the pipeline's start until its last job finishes with `runners` runners, and
 * the start and end of each job (by name). Throws when jobs can never start (a need that does
 * not exist, or a cycle): the model must not hide a broken file.
 */
export function simulate(jobs, runners) {
  const byName = new Map(jobs.map((j) => [j.name, j]));
  for (const job of jobs) {
    for (const need of job.needs ?? []) {
      if (!byName.has(need)) throw new Error(`job ${job.name} needs ${need}, which is not a job`);
    }
  }
  const finishedAt = new Map();
  const startedAt = new Map();
  const busyGroups = new Set();
  // Jobs still to finish per stage, so "every job of the earlier stages" is a quick check.
  const unfinishedByStage = new Map();
  for (const j of jobs) unfinishedByStage.set(j.stage, (unfinishedByStage.get(j.stage) ?? 0) + 1);
  const earlierDone = (stage) => {
    for (const [s, left] of unfinishedByStage) if (s < stage && left > 0) return false;
    return true;
  };
  const ready = (job, now) =>
    job.needs === null
      ? earlierDone(job.stage)
      : job.needs.every((n) => (finishedAt.get(n) ?? Infinity) <= now);

  let now = 0;
  let free = runners;
  const running = []; // { job, end }
  const waiting = [...jobs];
  while (waiting.length > 0 || running.length > 0) {
    // Free runners take ready jobs, lowest id first.
    for (let i = 0; i < waiting.length && free > 0;) {
      const job = waiting[i];
      if ((job.resourceGroup === null || !busyGroups.has(job.resourceGroup)) && ready(job, now)) {
        waiting.splice(i, 1);
        startedAt.set(job.name, now);
        running.push({ job, end: now + job.minutes });
        if (job.resourceGroup !== null) busyGroups.add(job.resourceGroup);
        free -= 1;
      } else {
        i += 1;
      }
    }
    if (running.length === 0) {
      throw new Error(`jobs that can never start: ${waiting.map((j) => j.name).join(", ")}`);
    }
    // Time moves to the next end; every job ending then frees its runner.
    now = Math.min(...running.map((r) => r.end));
    for (let i = running.length - 1; i >= 0; i -= 1) {
      const { job, end } = running[i];
      if (end !== now) continue;
      running.splice(i, 1);
      finishedAt.set(job.name, now);
      unfinishedByStage.set(job.stage, unfinishedByStage.get(job.stage) - 1);
      if (job.resourceGroup !== null) busyGroups.delete(job.resourceGroup);
      free += 1;
    }
  }
  return { makespan: now, startedAt, finishedAt };
}

/**
 * The least time the safety rules allow: all work spread over the runners, or the chain every
 * batch must walk (a base image, one build, then each deploy wave in turn, `runners` deploys at a
 * time), whichever is longer. Deploy waves are read from the stages `wave-N-deploy`.
 */
export function lowerBound(jobs, runners, stages) {
  const work = jobs.reduce((sum, j) => sum + j.minutes, 0);
  const waveSizes = new Map();
  for (const j of jobs) {
    const wave = /^wave-(\d+)-deploy$/.exec(stages[j.stage] ?? "")?.[1];
    if (j.kind === "deploy" && wave !== undefined) {
      waveSizes.set(wave, (waveSizes.get(wave) ?? 0) + 1);
    }
  }
  let chain = 0;
  if (waveSizes.size > 0) {
    chain = MINUTES["base-image"] + MINUTES["build-image"];
    for (const size of waveSizes.values()) chain += Math.ceil(size / runners) * MINUTES.deploy;
  }
  return Math.max(work / runners, chain);
}

/**
 * The builds a failed canary wastes: minutes of builds of later waves that started before the
 * last deploy of wave 1 ended (a failed canary deploy ends then, and stops the rollout).
 */
export function canaryWaste(jobs, stages, { startedAt, finishedAt }) {
  const waveOf = (j) => Number(/^wave-(\d+)-/.exec(stages[j.stage] ?? "")?.[1] ?? 0);
  const canaryEnd = Math.max(
    ...jobs
      .filter((j) => j.kind === "deploy" && waveOf(j) === 1)
      .map((j) => finishedAt.get(j.name)),
  );
  return jobs
    .filter((j) => j.kind === "build-image" && waveOf(j) > 1 && startedAt.get(j.name) < canaryEnd)
    .reduce((sum, j) => sum + j.minutes, 0);
}

/** Makespan, bound, their ratio and a failed canary's waste for a parsed pipeline file. */
export function makespanReport(doc, runners) {
  const jobs = pipelineJobs(doc);
  const run = simulate(jobs, runners);
  const bound = lowerBound(jobs, runners, doc.stages);
  return {
    makespan: run.makespan,
    bound,
    ratio: run.makespan / bound,
    canaryWaste: canaryWaste(jobs, doc.stages, run),
  };
}
