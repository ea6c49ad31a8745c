import type { Directive, NamedDirectiveShape } from "../commit/directive.js";
import { NAMED_KINDS } from "../commit/kinds.js";
import type { KindTable } from "../commit/kinds.js";
import type { Diagnostic, Result } from "../diagnostic.js";
import { fail, ok } from "../diagnostic.js";
import type { RepoSnapshot } from "../repo/snapshot.js";
import { assemblePlan } from "./assemblePlan.js";
import { buildPlan } from "./buildPlan.js";
import { conflict, mergeWork } from "./mergeWork.js";
import { NOOP_REASONS } from "./noopJob.js";
import type { Plan, PlanSource } from "./plan.js";
import { selectBatch } from "./selectBatch.js";
import { NO_WORK } from "./work.js";

/**
 * One plan for a push of several commits (oldest first), so that work asked for by a commit that
 * is not the newest is not lost. Commits that are not directives are ignored; the rules for
 * overlapping requests are those of `mergeWork`, plus one that needs the repository: a batch may
 * not select an instance another commit builds, archives or deletes.
 *
 * `directive` of the plan is the one non-none directive, or the latest when there are several;
 * `sources` lists every commit, and is set only when there were several.
 */
export function combineDirectives<X extends NamedDirectiveShape = never, Y extends string = never>(
  items: readonly PlanSource<NoInfer<X>>[],
  snapshot: RepoSnapshot,
  kinds: KindTable<X, Y> = NAMED_KINDS,
): Result<Plan<NoInfer<X>, NoInfer<Y>>> {
  const [only] = items;
  if (items.length <= 1) {
    return only === undefined
      ? assemblePlan({ kind: "none" }, NO_WORK, snapshot, NOOP_REASONS.noDirectiveInPush, kinds)
      : buildPlan(only.directive, snapshot, kinds);
  }
  const sources = items.map(({ sha, title, directive }) => ({ sha, title, directive }));
  const directives = items.filter((i) => i.directive.kind !== "none");
  const directive: Directive | X = directives[directives.length - 1]?.directive ?? {
    kind: "none",
  };

  const merged = mergeWork(items, kinds);
  const problems: Diagnostic[] = [...merged.problems];
  const { batch } = merged.work;
  if (batch !== null && merged.batchFrom !== null) {
    const selected = new Set(selectBatch(batch, snapshot).selected.map((e) => e.instance.name));
    for (const w of merged.work.named.filter((n) => selected.has(n.name))) {
      problems.push(
        conflict(
          w.name,
          merged.batchFrom,
          "batch",
          merged.askedBy.get(w.name) ?? merged.batchFrom,
          w.kind,
        ),
      );
    }
  }
  const reason =
    directives.length === 0 ? NOOP_REASONS.noDirectiveInPush : NOOP_REASONS.noInstances;
  const planned = assemblePlan(directive, merged.work, snapshot, reason, kinds);
  if (!planned.ok) return fail([...problems, ...planned.diagnostics]);
  if (problems.length > 0) return fail(problems);
  return ok({ ...planned.value, sources }, [...merged.warnings, ...planned.warnings]);
}
