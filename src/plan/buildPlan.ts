import type { Directive, NamedDirectiveShape } from "../commit/directive.js";
import { NAMED_KINDS } from "../commit/kinds.js";
import type { KindTable } from "../commit/kinds.js";
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
export function buildPlan<X extends NamedDirectiveShape = never, Y extends string = never>(
  directive: Directive | NoInfer<X>,
  snapshot: RepoSnapshot,
  kinds: KindTable<X, Y> = NAMED_KINDS,
): Result<Plan<NoInfer<X>, NoInfer<Y>>> {
  const reason = directive.kind === "none" ? NOOP_REASONS.notDirective : NOOP_REASONS.noInstances;
  return assemblePlan(directive, workOf(directive, kinds), snapshot, reason, kinds);
}
