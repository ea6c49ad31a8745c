import type { Diagnostic } from "../diagnostic.js";
import { error, warning } from "../diagnostic.js";
import { describeCommit } from "./describeCommit.js";
import type { BatchDirective } from "./evaluateInstance.js";
import type { PlanSource } from "./plan.js";
import type { DeployWork, RemovalWork, Work } from "./work.js";
import { workOf } from "./work.js";

/** Work merged from several commits, with the commit each piece came from (for messages). */
export interface MergedWork {
  readonly work: Work;
  /** The first commit that asked for each instance's build/deploy or archive/delete. */
  readonly askedBy: ReadonlyMap<string, PlanSource>;
  /** The commit whose batch directive the work's batch starts from. */
  readonly batchFrom: PlanSource | null;
  readonly problems: readonly Diagnostic[];
  readonly warnings: readonly Diagnostic[];
}

const VERB = { create: "creates", update: "updates", archive: "archives", delete: "deletes" };

/**
 * Merges the work of several commits (oldest first) into the work of one pipeline:
 * - Terraform runs once if any commit asks for it.
 * - An instance created and updated is created once; the deployment id is the latest one given,
 *   because that is the request whose client is still waiting (a dropped id gets a warning).
 * - Repeated archive (or delete) requests for one instance are one job.
 * - Batches merge when they mean the same rollout: two `batch-upgrade`s, or two
 *   `batch-upgrade-to`s of one commit, run the union of their targets. Anything else would need
 *   one instance built two ways, so it is an error, as is deploying and removing one instance,
 *   or archiving and deleting it. Errors name both commits.
 */
export function mergeWork(items: readonly PlanSource[]): MergedWork {
  const problems: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  const deploys = new Map<string, DeployWork>();
  const removals = new Map<string, RemovalWork>();
  const askedBy = new Map<string, PlanSource>();
  let terraform: Work["terraform"] = null;
  let batch: BatchDirective | null = null;
  let batchFrom: PlanSource | null = null;
  const idFrom = new Map<string, PlanSource>();

  for (const item of items) {
    const work = workOf(item.directive);
    if (
      work.terraform === "infrastructure" ||
      (work.terraform === "create" && terraform === null)
    ) {
      terraform = work.terraform;
    }
    for (const d of work.deploys) {
      const earlier = deploys.get(d.name);
      const removal = removals.get(d.name);
      if (removal !== undefined) {
        problems.push(conflict(d.name, askedBy.get(d.name), removal.kind, item, d.kind));
        continue;
      }
      if (earlier === undefined) askedBy.set(d.name, item);
      let deploymentId = earlier?.deploymentId ?? null;
      if (d.deploymentId !== null) {
        const from = idFrom.get(d.name);
        if (deploymentId !== null && deploymentId !== d.deploymentId && from !== undefined) {
          warnings.push(replacedId(d.name, from, deploymentId, item, d.deploymentId));
        }
        deploymentId = d.deploymentId;
        idFrom.set(d.name, item);
      }
      const kind = earlier?.kind === "create" ? "create" : d.kind;
      deploys.set(d.name, { kind, name: d.name, deploymentId });
    }
    for (const r of work.removals) {
      const deploy = deploys.get(r.name);
      const earlier = removals.get(r.name);
      if (deploy !== undefined) {
        problems.push(conflict(r.name, askedBy.get(r.name), deploy.kind, item, r.kind));
      } else if (earlier !== undefined && earlier.kind !== r.kind) {
        problems.push(conflict(r.name, askedBy.get(r.name), earlier.kind, item, r.kind));
      } else if (earlier === undefined) {
        removals.set(r.name, r);
        askedBy.set(r.name, item);
      }
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
  return {
    work: { terraform, deploys: [...deploys.values()], removals: [...removals.values()], batch },
    askedBy,
    batchFrom,
    problems,
    warnings,
  };
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

export function conflict(
  name: string,
  first: PlanSource | undefined,
  firstKind: keyof typeof VERB | "batch",
  second: PlanSource,
  secondKind: keyof typeof VERB,
): Diagnostic {
  const verb = (k: keyof typeof VERB | "batch"): string =>
    k === "batch" ? "upgrades it in a batch" : `${VERB[k]} it`;
  const firstText = first === undefined ? "an earlier commit" : describeCommit(first);
  return error(
    "conflicting-directives",
    `instance '${name}' cannot be handled twice in one pipeline: ${firstText} ${verb(firstKind)} ` +
      `and ${describeCommit(second)} ${verb(secondKind)}; push these commits separately`,
  );
}

function batchConflict(
  first: PlanSource,
  a: BatchDirective,
  second: PlanSource,
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
  first: PlanSource,
  firstId: string,
  second: PlanSource,
  secondId: string,
): Diagnostic {
  return warning(
    "deployment-id-replaced",
    `instance '${name}' is deployed once for ${describeCommit(first)} (DEPLOYMENT_REQUEST_ID ` +
      `${firstId}) and ${describeCommit(second)} (DEPLOYMENT_REQUEST_ID ${secondId}); ` +
      `its jobs report the later id, ${secondId}`,
  );
}
