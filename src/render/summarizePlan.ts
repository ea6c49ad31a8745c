import type { Plan } from "../plan/plan.js";

/**
 * Plain-text lines describing a plan, for the preview job: one per job (`deploy:site-a (wave 1)`)
 * and one per skipped instance with its reason.
 */
export function summarizePlan(plan: Plan): string[] {
  const jobs = plan.jobs.map((job) =>
    job.wave === null ? job.name : `${job.name} (wave ${job.wave})`,
  );
  const skipped = plan.skipped.map((s) => `skipped ${s.instance}: ${s.reason}`);
  return [...jobs, ...skipped];
}
