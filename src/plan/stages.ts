import type { AnyPlanJob } from "./plan.js";

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
export function stagesOf(jobs: readonly AnyPlanJob[]): string[] {
  const stages = new Set<string>();
  for (const job of jobs) stages.add(job.stage);
  return [...stages];
}
