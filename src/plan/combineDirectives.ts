import type { Directive, NamedDirectiveShape, Target } from "../commit/directive.js";
import { isBatch, isFixed } from "../commit/directive.js";
import { NAMED_KINDS } from "../commit/kinds.js";
import type { KindTable } from "../commit/kinds.js";
import type { Diagnostic, Result } from "../diagnostic.js";
import { error, fail, ok, warning } from "../diagnostic.js";
import type { RepoSnapshot } from "../repo/snapshot.js";
import type { CheckedWork, NamedWork, Work, WorkKind } from "./buildPlan.js";
import { buildPlan, NO_WORK, planWork, workOf, workProblems } from "./buildPlan.js";
import type { Plan, PlanSource } from "./plan.js";
import { NOOP_REASONS } from "./plan.js";
import type { BatchDirective, BatchSelection } from "./selectBatch.js";
import { selectBatch } from "./selectBatch.js";

/**
 * One plan for a push of several commits (oldest first), so that work asked for by a commit that
 * is not the newest is not lost. Commits that are not directives are ignored; the rules for
 * overlapping requests are those of `mergeWork`.
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
    if (only !== undefined) return planOne(only, snapshot, kinds);
    const nothing = { work: NO_WORK, selection: null };
    const reason = NOOP_REASONS.noDirectiveInPush;
    return ok(planWork({ kind: "none" }, nothing, snapshot, reason, kinds));
  }
  const merged = mergeWork(items, snapshot, kinds);
  if (!merged.ok) return merged;
  const sources = items.map(({ sha, title, directive, origin }) =>
    origin === undefined ? { sha, title, directive } : { sha, title, directive, origin },
  );
  const latest = items.findLast((i) => i.directive.kind !== "none");
  const directive: Directive | X = latest?.directive ?? { kind: "none" };
  const reason = latest === undefined ? NOOP_REASONS.noDirectiveInPush : NOOP_REASONS.noInstances;
  const plan = planWork(directive, merged.value, snapshot, reason, kinds);
  return ok({ ...plan, sources }, merged.warnings);
}

/**
 * One directive's plan. One that did not come from a title lists where it came from under
 * `sources`, and a none with a reason of its own tells the pipeline that reason.
 */
function planOne<X extends NamedDirectiveShape, Y extends string>(
  item: PlanSource<X>,
  snapshot: RepoSnapshot,
  kinds: KindTable<X, Y>,
): Result<Plan<X, Y>> {
  const { directive, origin, noopReason } = item;
  const plan =
    directive.kind === "none" && noopReason !== undefined
      ? ok(planWork(directive, { work: NO_WORK, selection: null }, snapshot, noopReason, kinds))
      : buildPlan(directive, snapshot, kinds);
  if (origin === undefined) return plan;
  const sources = [{ sha: item.sha, title: item.title, directive, origin }];
  if (plan.ok) return ok({ ...plan.value, sources }, plan.warnings);
  // A fork's push to a branch no instance runs is nothing to do, not a mistake in a title.
  const unused = plan.diagnostics.every((d) => d.code === "target-matches-nothing");
  if (origin !== "trigger-payload" || !unused || !isFixed(directive) || !isBatch(directive)) {
    return plan;
  }
  const pushed = directive.targets.map((t) => `${t.repository}|${t.version}`).join(", ");
  const reason = `No instance of this cluster runs the pushed ${pushed}, so there is nothing to redeploy.`;
  const nothing = { work: NO_WORK, selection: null };
  const none = planWork(directive, nothing, snapshot, reason, kinds);
  return ok({ ...none, sources }, plan.warnings);
}

/** A commit as messages name it (see `describeCommit`). */
type Commit = Pick<PlanSource, "sha" | "title">;

/** One instance's merged request, with the commits messages about it name. */
interface Request<Y extends string> {
  readonly kind: WorkKind<Y>;
  /** The first commit that asked for the instance. */
  readonly askedBy: Commit;
  /** The latest deployment id given, and the commit that gave it. */
  readonly id: { readonly value: string; readonly from: Commit } | null;
}

/**
 * Merges the work of several commits (oldest first) into the work of one pipeline, and checks it
 * against the snapshot:
 * - Terraform runs once if any commit asks for it.
 * - Requests of one kind for one instance are one request, and a kind that absorbs another
 *   (kinds.ts: an instance created and updated is created once) takes it over. The deployment
 *   id is the latest one given, because that is the request whose client is still waiting (a
 *   dropped id gets a warning).
 * - Batches merge when they mean the same rollout: two `batch-upgrade`s, or two
 *   `batch-upgrade-to`s of one commit, run the union of their targets. Anything else would need
 *   one instance built two ways, so it is an error, as is any other pair of kinds on one
 *   instance (deploying and removing it, archiving and deleting it), and a batch that selects an
 *   instance another commit builds, archives or deletes. Errors name both commits.
 * A push's every problem is reported at once: conflicts, then the merged work's own problems.
 */
export function mergeWork<X extends NamedDirectiveShape, Y extends string>(
  items: readonly PlanSource<X>[],
  snapshot: RepoSnapshot,
  kinds: KindTable<X, Y>,
): Result<CheckedWork<Y>> {
  const problems: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  const requests = new Map<string, Request<Y>>();
  let terraform: string | null = null;
  let batch: { readonly directive: BatchDirective; readonly from: Commit } | null = null;
  const images: Target[] = [];

  for (const item of items) {
    const work = workOf(item.directive, kinds);
    // Infrastructure's Terraform jobs report it; otherwise the first kind that asked for them.
    if (work.terraform === "infrastructure" || (work.terraform !== null && terraform === null)) {
      terraform = work.terraform;
    }
    for (const w of work.named) {
      const id = w.deploymentId === null ? null : { value: w.deploymentId, from: item };
      const earlier = requests.get(w.name);
      if (earlier === undefined) {
        requests.set(w.name, { kind: w.kind, askedBy: item, id });
        continue;
      }
      const kind = mergedKind(earlier.kind, w.kind);
      if (kind === null) {
        problems.push(conflict(w.name, earlier.askedBy, earlier.kind, item, w.kind));
        continue;
      }
      if (id !== null && earlier.id !== null && earlier.id.value !== id.value) {
        warnings.push(replacedId(w.name, earlier.id, id));
      }
      requests.set(w.name, { kind, askedBy: earlier.askedBy, id: id ?? earlier.id });
    }
    images.push(...work.images);
    if (work.batch !== null) {
      if (batch === null) {
        batch = { directive: work.batch, from: item };
      } else {
        const merged = mergeBatches(batch.directive, work.batch);
        if (merged === null)
          problems.push(batchConflict(batch, { directive: work.batch, from: item }));
        else batch = { directive: merged, from: batch.from };
      }
    }
  }

  // Instances kept serving before those a push stops (archive, delete), each in the order asked:
  // the order in which the problems of the merged work (unknown names, batch overlaps) are listed.
  const stops = ([, r]: [string, Request<Y>]): boolean =>
    r.kind.jobs.some((j) => j.environment === "stop");
  const asked = [...requests];
  const ordered = [...asked.filter((r) => !stops(r)), ...asked.filter(stops)];
  const named = ordered.map(([name, r]): NamedWork<Y> => ({
    kind: r.kind,
    name,
    deploymentId: r.id?.value ?? null,
  }));
  let selection: BatchSelection | null = null;
  if (batch !== null) {
    selection = selectBatch(batch.directive, snapshot);
    const selected = new Set(selection.selected.map((e) => e.instance.name));
    for (const [name, r] of ordered) {
      if (selected.has(name)) problems.push(conflict(name, batch.from, "batch", r.askedBy, r.kind));
    }
  }
  const work: Work<Y> = { terraform, named, batch: batch?.directive ?? null, images };
  for (const problem of workProblems(work, selection, snapshot)) problems.push(problem);
  return problems.length > 0 ? fail(problems, warnings) : ok({ work, selection }, warnings);
}

/** The kind one instance gets when a push asks for `a` and then `b`, or null when they conflict. */
function mergedKind<K extends WorkKind<string>>(a: K, b: K): K | null {
  if (a.kind === b.kind || a.absorbs.includes(b.kind)) return a;
  return b.absorbs.includes(a.kind) ? b : null;
}

function mergeBatches(a: BatchDirective, b: BatchDirective): BatchDirective | null {
  const key = (t: { repository: string; version: string }): string =>
    `${t.repository}\u0000${t.version}`;
  const union = [...new Map([...a.targets, ...b.targets].map((t) => [key(t), t])).values()];
  if (a.kind === "batch-upgrade" && b.kind === "batch-upgrade") {
    return { kind: "batch-upgrade", targets: union };
  }
  if (
    a.kind === "batch-upgrade-to" &&
    b.kind === "batch-upgrade-to" &&
    a.commit.toLowerCase() === b.commit.toLowerCase()
  ) {
    // No targets means every instance, which already includes whatever the other one targets.
    const all = a.targets.length === 0 || b.targets.length === 0;
    return { kind: "batch-upgrade-to", commit: a.commit, targets: all ? [] : union };
  }
  return null;
}

/** A commit as people recognise it in a message: GitLab's 8-character short SHA and its title. */
function describeCommit(commit: Commit): string {
  const title = JSON.stringify(commit.title);
  return commit.sha === "" ? title : `${commit.sha.slice(0, 8)} ${title}`;
}

/** Two requests for one instance that cannot run in one pipeline; a kind's verb says what each does. */
function conflict(
  name: string,
  first: Commit,
  firstKind: { readonly verb: string } | "batch",
  second: Commit,
  secondKind: { readonly verb: string },
): Diagnostic {
  const verb = (k: { readonly verb: string } | "batch"): string =>
    k === "batch" ? "upgrades it in a batch" : `${k.verb} it`;
  return error(
    "conflicting-directives",
    `instance '${name}' cannot be handled twice in one pipeline: ${describeCommit(first)} ` +
      `${verb(firstKind)} and ${describeCommit(second)} ${verb(secondKind)}; push these commits separately`,
  );
}

function batchConflict(
  first: { readonly directive: BatchDirective; readonly from: Commit },
  second: { readonly directive: BatchDirective; readonly from: Commit },
): Diagnostic {
  const [a, b] = [first.directive, second.directive];
  const why =
    a.kind === "batch-upgrade-to" && b.kind === "batch-upgrade-to"
      ? `they pin different commits (${a.commit} and ${b.commit})`
      : "one upgrades to the configured versions and the other pins a commit";
  return error(
    "conflicting-directives",
    `two batch upgrades cannot run in one pipeline: ${describeCommit(first.from)} and ` +
      `${describeCommit(second.from)} ask for different rollouts, as ${why}; push these commits separately`,
  );
}

function replacedId(
  name: string,
  first: { readonly value: string; readonly from: Commit },
  second: { readonly value: string; readonly from: Commit },
): Diagnostic {
  return warning(
    "deployment-id-replaced",
    `instance '${name}' is deployed once for ${describeCommit(first.from)} (DEPLOYMENT_REQUEST_ID ` +
      `${first.value}) and ${describeCommit(second.from)} (DEPLOYMENT_REQUEST_ID ${second.value}); ` +
      `its jobs report the later id, ${second.value}`,
  );
}
