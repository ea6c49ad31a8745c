import type { Directive } from "../commit/directive.js";
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
export function combineDirectives(
  items: readonly PlanSource[],
  snapshot: RepoSnapshot,
): Result<Plan> {
  const [only] = items;
  if (items.length <= 1) {
    return only === undefined
      ? assemblePlan({ kind: "none" }, NO_WORK, snapshot, NOOP_REASONS.noDirectiveInPush)
      : buildPlan(only.directive, snapshot);
  }
  const sources = items.map(({ sha, title, directive }) => ({ sha, title, directive }));
  const directives = items.filter((i) => i.directive.kind !== "none");
  const directive: Directive = directives[directives.length - 1]?.directive ?? { kind: "none" };

  const merged = mergeWork(items);
  const problems: Diagnostic[] = [...merged.problems];
  const { batch } = merged.work;
  if (batch !== null && merged.batchFrom !== null) {
    const selected = new Set(selectBatch(batch, snapshot).selected.map((e) => e.instance.name));
    const named = [...merged.work.deploys, ...merged.work.removals];
    for (const w of named.filter((n) => selected.has(n.name))) {
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
  const planned = assemblePlan(directive, merged.work, snapshot, reason);
  if (!planned.ok) return fail([...problems, ...planned.diagnostics]);
  if (problems.length > 0) return fail(problems);
  return ok({ ...planned.value, sources }, [...merged.warnings, ...planned.warnings]);
}
