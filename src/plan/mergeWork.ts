import type { NamedDirectiveShape } from "../commit/directive.js";
import type { KindTable } from "../commit/kinds.js";
import type { Diagnostic } from "../diagnostic.js";
import { error, warning } from "../diagnostic.js";
import { describeCommit } from "./describeCommit.js";
import type { BatchDirective } from "./evaluateInstance.js";
import type { PlanSource } from "./plan.js";
import type { NamedWork, Work, WorkKind } from "./work.js";
import { workOf } from "./work.js";

/** A commit as messages name it (see `describeCommit`). */
type Commit = Pick<PlanSource, "sha" | "title">;

/** Work merged from several commits, with the commit each piece came from (for messages). */
export interface MergedWork<Y extends string = never> {
  readonly work: Work<Y>;
  /** The first commit that asked for each named instance. */
  readonly askedBy: ReadonlyMap<string, Commit>;
  /** The commit whose batch directive the work's batch starts from. */
  readonly batchFrom: Commit | null;
  readonly problems: readonly Diagnostic[];
  readonly warnings: readonly Diagnostic[];
}

/**
 * Merges the work of several commits (oldest first) into the work of one pipeline:
 * - Terraform runs once if any commit asks for it.
 * - Requests of one kind for one instance are one request, and a kind that absorbs another
 *   (kinds.ts: an instance created and updated is created once) takes it over. The deployment
 *   id is the latest one given, because that is the request whose client is still waiting (a
 *   dropped id gets a warning).
 * - Batches merge when they mean the same rollout: two `batch-upgrade`s, or two
 *   `batch-upgrade-to`s of one commit, run the union of their targets. Anything else would need
 *   one instance built two ways, so it is an error, as is any other pair of kinds on one
 *   instance (deploying and removing it, archiving and deleting it). Errors name both commits.
 */
export function mergeWork<X extends NamedDirectiveShape, Y extends string>(
  items: readonly PlanSource<X>[],
  kinds: KindTable<X, Y>,
): MergedWork<Y> {
  const problems: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  const named = new Map<string, NamedWork<Y>>();
  const askedBy = new Map<string, Commit>();
  let terraform: string | null = null;
  let batch: BatchDirective | null = null;
  let batchFrom: Commit | null = null;
  const idFrom = new Map<string, Commit>();

  for (const item of items) {
    const work = workOf(item.directive, kinds);
    // Infrastructure's Terraform jobs report it; otherwise the first kind that asked for them.
    if (work.terraform === "infrastructure" || (work.terraform !== null && terraform === null)) {
      terraform = work.terraform;
    }
    for (const w of work.named) {
      const earlier = named.get(w.name);
      if (earlier === undefined) {
        named.set(w.name, w);
        askedBy.set(w.name, item);
        if (w.deploymentId !== null) idFrom.set(w.name, item);
        continue;
      }
      const kind = mergedKind(earlier.kind, w.kind);
      if (kind === null) {
        problems.push(conflict(w.name, askedBy.get(w.name), earlier.kind, item, w.kind));
        continue;
      }
      let deploymentId = earlier.deploymentId;
      if (w.deploymentId !== null) {
        const from = idFrom.get(w.name);
        if (deploymentId !== null && deploymentId !== w.deploymentId && from !== undefined) {
          warnings.push(replacedId(w.name, from, deploymentId, item, w.deploymentId));
        }
        deploymentId = w.deploymentId;
        idFrom.set(w.name, item);
      }
      named.set(w.name, { kind, name: w.name, deploymentId });
    }
    if (work.batch !== null) {
      if (batch === null || batchFrom === null) {
        batch = work.batch;
        batchFrom = item;
      } else {
        const merged = mergeBatches(batch, work.batch);
        if (merged === null) problems.push(batchConflict(batchFrom, batch, item, work.batch));
        else batch = merged;
      }
    }
  }
  // Instances kept serving before those a push stops (archive, delete), each in the order asked:
  // the order in which the problems of the merged work (unknown names, batch overlaps) are listed.
  const stops = (w: NamedWork<Y>): boolean => w.kind.jobs.some((j) => j.environment === "stop");
  const ordered = [...named.values()];
  return {
    work: {
      terraform,
      named: [...ordered.filter((w) => !stops(w)), ...ordered.filter(stops)],
      batch,
    },
    askedBy,
    batchFrom,
    problems,
    warnings,
  };
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

/** Two requests for one instance that cannot run in one pipeline; a kind's verb says what each does. */
export function conflict(
  name: string,
  first: Commit | undefined,
  firstKind: { readonly verb: string } | "batch",
  second: Commit,
  secondKind: { readonly verb: string },
): Diagnostic {
  const verb = (k: { readonly verb: string } | "batch"): string =>
    k === "batch" ? "upgrades it in a batch" : `${k.verb} it`;
  const firstText = first === undefined ? "an earlier commit" : describeCommit(first);
  return error(
    "conflicting-directives",
    `instance '${name}' cannot be handled twice in one pipeline: ${firstText} ${verb(firstKind)} ` +
      `and ${describeCommit(second)} ${verb(secondKind)}; push these commits separately`,
  );
}

function batchConflict(
  first: Commit,
  a: BatchDirective,
  second: Commit,
  b: BatchDirective,
): Diagnostic {
  const why =
    a.kind === "batch-upgrade-to" && b.kind === "batch-upgrade-to"
      ? `they pin different commits (${a.commit} and ${b.commit})`
      : "one upgrades to the configured versions and the other pins a commit";
  return error(
    "conflicting-directives",
    `two batch upgrades cannot run in one pipeline: ${describeCommit(first)} and ` +
      `${describeCommit(second)} ask for different rollouts, as ${why}; push these commits separately`,
  );
}

function replacedId(
  name: string,
  first: Commit,
  firstId: string,
  second: Commit,
  secondId: string,
): Diagnostic {
  return warning(
    "deployment-id-replaced",
    `instance '${name}' is deployed once for ${describeCommit(first)} (DEPLOYMENT_REQUEST_ID ` +
      `${firstId}) and ${describeCommit(second)} (DEPLOYMENT_REQUEST_ID ${secondId}); ` +
      `its jobs report the later id, ${secondId}`,
  );
}
