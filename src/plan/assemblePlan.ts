import type { Directive, NamedDirectiveShape } from "../commit/directive.js";
import type { KindTable } from "../commit/kinds.js";
import type { Diagnostic, Result } from "../diagnostic.js";
import { fail, ok } from "../diagnostic.js";
import type { RepoSnapshot } from "../repo/snapshot.js";
import { NOOP_REASONS, noopJob } from "./noopJob.js";
import type { Plan, PlanJob, SkippedInstance } from "./plan.js";
import { planBatch } from "./planBatch.js";
import { planNamed } from "./planNamed.js";
import { selectBatch } from "./selectBatch.js";
import { stagesOf } from "./stages.js";
import { unknownInstances } from "./unknownInstances.js";
import type { Work } from "./work.js";

/**
 * Turns work into a plan, or every reason it cannot: unknown instances, batch targets that match
 * nothing, unknown canaries. `noopReason` explains an empty plan that is not a batch's doing.
 */
export function assemblePlan<X extends NamedDirectiveShape, Y extends string>(
  directive: Directive | X,
  work: Work<Y>,
  snapshot: RepoSnapshot,
  noopReason: string,
  kinds: KindTable<X, Y>,
): Result<Plan<X, Y>> {
  const problems: Diagnostic[] = unknownInstances(
    work.named.map((w) => w.name),
    snapshot,
  );
  const selection = work.batch === null ? null : selectBatch(work.batch, snapshot);
  if (selection !== null) problems.push(...selection.diagnostics);
  if (problems.length > 0) return fail(problems);

  const jobs: PlanJob<Y>[] = planNamed(work, kinds);
  let skipped: readonly SkippedInstance[] = [];
  let reason = noopReason;
  if (work.batch !== null && selection !== null) {
    jobs.push(...planBatch(work.batch, selection.selected, snapshot.settings));
    skipped = selection.skipped;
    if (selection.selected.length === 0) {
      reason = selection.evaluations.some((e) => e.matched)
        ? NOOP_REASONS.batchAllDisabled
        : NOOP_REASONS.batchNothingEligible;
    }
  }
  if (jobs.length === 0) jobs.push(noopJob(directive.kind, reason));
  return ok({ directive, jobs, skipped, stages: stagesOf(jobs) });
}
