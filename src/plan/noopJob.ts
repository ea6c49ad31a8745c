import type { PlanJob } from "./plan.js";
import { NOOP_STAGE } from "./stages.js";

/**
 * Why a pipeline has nothing to do. Fixed sentences of ours: the commit message never reaches a
 * job, even as a variable, unless it has been parsed into a validated value.
 */
export const NOOP_REASONS = {
  notDirective:
    "The commit title does not start with [AutoDeploy], so there is no deployment work to do.",
  noDirectiveInPush:
    "No commit of this push has a title starting with [AutoDeploy], so there is no deployment work to do.",
  batchAllDisabled:
    "Every instance this batch matches has BATCH_UPGRADE_DISABLED set, so there is nothing to upgrade; see the skipped instances.",
  batchNothingEligible:
    "No instance is eligible for this batch, so there is nothing to upgrade; see the skipped instances.",
  noInstances: "The directive names no instance, so there is no deployment work to do.",
} as const;

/** The single job of a pipeline with nothing to do: GitLab rejects a pipeline with no jobs. */
export function noopJob(kind: string, reason: string): PlanJob {
  return {
    name: "noop",
    kind: "noop",
    instance: null,
    needs: [],
    variables: { AUTODEPLOY_KIND: kind, NOOP_REASON: reason },
    stage: NOOP_STAGE,
    wave: null,
  };
}
