import type { Plan } from "../plan/plan.js";

/**
 * At most this many job lines and skipped lines in a preview. A batch over thousands of instances
 * would otherwise make the preview itself bigger than GitLab accepts (about 80 bytes a job).
 */
export const SUMMARY_MAX_JOBS = 200;
export const SUMMARY_MAX_SKIPPED = 100;

function capped(lines: readonly string[], max: number, what: string): string[] {
  if (lines.length <= max) return [...lines];
  return [
    ...lines.slice(0, max),
    `… and ${lines.length - max} more ${what} (see grove-pipelines plan)`,
  ];
}

/**
 * Plain-text lines describing a plan, for the preview job: one per job (`deploy:site-a (wave 1)`)
 * and one per skipped instance with its reason, each list cut after a few hundred lines.
 */
export function summarizePlan(plan: Plan): string[] {
  const jobs = plan.jobs.map((job) =>
    job.wave === null ? job.name : `${job.name} (wave ${job.wave})`,
  );
  const skipped = plan.skipped.map((s) => `skipped ${s.instance}: ${s.reason}`);
  return [
    ...capped(jobs, SUMMARY_MAX_JOBS, "jobs"),
    ...capped(skipped, SUMMARY_MAX_SKIPPED, "skipped instances"),
  ];
}
