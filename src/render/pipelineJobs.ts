import type { AnyPlan, AnyPlanJob } from "../plan/plan.js";
import type { RenderOptions } from "./renderer.js";

/** Name and stage of the one job a preview pipeline has. */
export const PREVIEW_JOB = "preview";

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
 * The `needs:` a job is rendered with, or null for none at all. A wave gate has no `needs:` so
 * that GitLab's stage order makes it wait for every job of every earlier stage: its plan needs
 * (all deploys of the wave before) could pass GitLab's cap of 50 needs per job.
 */
export function renderedNeeds(job: AnyPlanJob): readonly string[] | null {
  return job.kind === "wave-gate" ? null : job.needs;
}
