import type { PlanJob } from "./plan.js";

/** Stages of non-batch work, in pipeline order (a plan uses the subset it needs). */
export const NAMED_STAGES = [
  "terraform-plan",
  "terraform-apply",
  "build-image",
  "deploy",
  "archive",
  "delete",
] as const;

export const BASE_IMAGE_STAGE = "base-image";
export const NOOP_STAGE = "noop";

export function waveGateStage(wave: number): string {
  return `wave-${wave}-gate`;
}
export function waveBuildStage(wave: number): string {
  return `wave-${wave}-build`;
}
export function waveDeployStage(wave: number): string {
  return `wave-${wave}-deploy`;
}

/**
 * The stages `jobs` use, in order of first use. The planner emits jobs stage by stage in pipeline
 * order, so this is also the pipeline's stage order.
 */
export function stagesOf(jobs: readonly PlanJob[]): string[] {
  const stages = new Set<string>();
  for (const job of jobs) stages.add(job.stage);
  return [...stages];
}
