import type { AnyPlan, AnyPlanJob, Plan } from "../plan/plan.js";
import { undeployedSentence } from "../plan/plan.js";
import type { RenderOptions } from "./gitlabRenderer.js";

/*
 * A preview: the pipeline of a commit that may not deploy (a merge request, a branch that is not
 * a deploy branch) is one noop job that says what would run, and touches nothing.
 */

/** Name and stage of the one job a preview pipeline has. */
const PREVIEW_JOB = "preview";

/**
 * The stages and jobs the generated pipeline really has: the plan's own, or for a preview a
 * single noop job whose variables carry the reason and the summary (our own text, which like
 * every value reaches the job only as a variable).
 */
export function pipelineJobs(
  plan: AnyPlan,
  options: Pick<RenderOptions, "preview">,
): { readonly stages: readonly string[]; readonly jobs: readonly AnyPlanJob[] } {
  if (options.preview === undefined) return { stages: plan.stages, jobs: plan.jobs };
  const preview: AnyPlanJob = {
    name: PREVIEW_JOB,
    kind: "noop",
    instance: null,
    needs: [],
    variables: {
      NOOP_REASON: options.preview.reason,
      PLAN_SUMMARY: options.preview.summary.join("\n"),
    },
    stage: PREVIEW_JOB,
    wave: null,
  };
  return { stages: [PREVIEW_JOB], jobs: [preview] };
}

/**
 * At most this many job lines and skipped lines in a preview. A batch over thousands of instances
 * would otherwise make the preview itself bigger than GitLab accepts (about 80 bytes a job).
 */
const SUMMARY_MAX_JOBS = 200;
const SUMMARY_MAX_SKIPPED = 100;

/**
 * Plain-text lines describing a plan, for the preview job: one per job (`deploy:site-a (wave 1)`)
 * and one per skipped instance with its reason, each list cut after a few hundred lines.
 */
export function summarizePlan(plan: Plan): string[] {
  const jobs = plan.jobs.map((job) =>
    job.wave === null ? job.name : `${job.name} (wave ${job.wave})`,
  );
  const skipped = plan.skipped.map((s) => `skipped ${s.instance}: ${s.reason}`);
  const undeployed = plan.undeployed ?? [];
  return [
    ...capped(jobs, SUMMARY_MAX_JOBS, "jobs"),
    ...capped(skipped, SUMMARY_MAX_SKIPPED, "skipped instances"),
    ...(undeployed.length > 0 ? [undeployedSentence(undeployed)] : []),
  ];
}

function capped(lines: readonly string[], max: number, what: string): string[] {
  if (lines.length <= max) return [...lines];
  return [
    ...lines.slice(0, max),
    `… and ${lines.length - max} more ${what} (see grove-pipelines plan)`,
  ];
}
