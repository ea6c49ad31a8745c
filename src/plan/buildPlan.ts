import type { Directive } from "../commit/directive.js";
import type { Result } from "../diagnostic.js";
import type { RepoSnapshot } from "../repo/snapshot.js";
import { assemblePlan } from "./assemblePlan.js";
import { NOOP_REASONS } from "./noopJob.js";
import type { Plan } from "./plan.js";
import { workOf } from "./work.js";

/**
 * The plan for one commit's directive: the jobs SPEC.md's table asks for, in an order that
 * respects their needs, or every problem that prevents it. Pure: reads nothing but its arguments.
 */
export function buildPlan(directive: Directive, snapshot: RepoSnapshot): Result<Plan> {
  const reason = directive.kind === "none" ? NOOP_REASONS.notDirective : NOOP_REASONS.noInstances;
  return assemblePlan(directive, workOf(directive), snapshot, reason);
}
