import type {
  Directive,
  NamedDirectiveShape,
  RequestDirective,
  Target,
} from "../commit/directive.js";
import { isBatch, isFixed, isRequest, namedInstances } from "../commit/directive.js";
import type { InstanceJobKind, KindTable, NamedKind } from "../commit/kinds.js";
import { NAMED_KINDS, namedKind } from "../commit/kinds.js";
import type { Diagnostic, Result } from "../diagnostic.js";
import { error, fail, ok } from "../diagnostic.js";
import { InternalError } from "../errors.js";
import type { RepoSnapshot } from "../repo/snapshot.js";
import { didYouMeanText, suggestNames } from "../text.js";
import type { Plan, PlanJob } from "./plan.js";
import { NOOP_REASONS, noopJob, stagesOf } from "./plan.js";
import { planNamed } from "./planNamed.js";
import { planBatch } from "./planBatch.js";
import { baseImageJobs, requestJob } from "./planStandalone.js";
import type { BatchDirective, BatchSelection } from "./selectBatch.js";
import { batchProblems, selectBatch } from "./selectBatch.js";

/**
 * A directive's plan, in three steps: the work it asks for, that work checked against the
 * snapshot, then its jobs. A push of several commits merges its work first (combineDirectives.ts)
 * and shares the other steps.
 */

/** The row of a named kind, as work needs it (`Y`: job kinds a table adds). */
export type WorkKind<Y extends string = never> = NamedKind<
  NamedDirectiveShape,
  InstanceJobKind | Y
>;

/** An instance a named directive asks for: it gets the jobs of its kind. */
export interface NamedWork<Y extends string = never> {
  readonly kind: WorkKind<Y>;
  readonly name: string;
  /** Null for kinds without ids, and when the title gave none. */
  readonly deploymentId: string | null;
}

/** The work one plan does, whether it comes from one directive or from several commits merged. */
export interface Work<Y extends string = never> {
  /** Whether Terraform runs, and which directive kind its jobs report. */
  readonly terraform: string | null;
  /** Instances of named directives, in the order they were first asked for. */
  readonly named: readonly NamedWork<Y>[];
  readonly batch: BatchDirective | null;
  /** Base images `[Build][Image]` asks for, whether or not an instance uses them. */
  readonly images: readonly Target[];
}

/** Work that may run on the snapshot, with the instances its batch selects. */
export interface CheckedWork<Y extends string = never> {
  readonly work: Work<Y>;
  readonly selection: BatchSelection | null;
}

export const NO_WORK: Work = { terraform: null, named: [], batch: null, images: [] };

/**
 * The plan for one commit's directive: the jobs SPEC.md's table asks for, in an order that
 * respects their needs, or every problem that prevents it. Pure: reads nothing but its arguments.
 */
export function buildPlan<X extends NamedDirectiveShape = never, Y extends string = never>(
  directive: Directive | NoInfer<X>,
  snapshot: RepoSnapshot,
  kinds: KindTable<X, Y> = NAMED_KINDS,
): Result<Plan<NoInfer<X>, NoInfer<Y>>> {
  if (isRequest(directive)) return planRequest(directive, snapshot);
  const work = workOf(directive, kinds);
  const selection = work.batch === null ? null : selectBatch(work.batch, snapshot);
  const problems = workProblems(work, selection, snapshot);
  if (problems.length > 0) return fail(problems);
  const reason = directive.kind === "none" ? NOOP_REASONS.notDirective : NOOP_REASONS.noInstances;
  return ok(planWork(directive, { work, selection }, snapshot, reason, kinds));
}

/**
 * The work of a single directive of `kinds`. A name listed twice (the parser rejects it) counts
 * once, with its first id.
 */
export function workOf<X extends NamedDirectiveShape, Y extends string>(
  directive: Directive | X,
  kinds: KindTable<X, Y>,
): Work<Y> {
  if (!isFixed(directive)) {
    const listed: NamedDirectiveShape = directive;
    const kind = kindOf(listed, kinds);
    const named = new Map<string, NamedWork<Y>>();
    for (const { name, deploymentId = null } of listed.instances) {
      if (!named.has(name))
        named.set(name, { kind, name, deploymentId: kind.ids ? deploymentId : null });
    }
    return {
      terraform: kind.terraform ? kind.kind : null,
      named: [...named.values()],
      batch: null,
      images: [],
    };
  }
  switch (directive.kind) {
    case "none":
      return NO_WORK;
    case "infrastructure":
      return { ...NO_WORK, terraform: "infrastructure" };
    case "batch-upgrade":
    case "batch-upgrade-to":
      return { ...NO_WORK, batch: directive };
    case "build-base-image":
      return { ...NO_WORK, images: directive.targets };
    case "new-instance-request":
    case "archive-request":
    case "delete-request":
    case "abort-deployment":
      throw new InternalError(`a ${directive.kind} is planned alone, never as work`);
  }
}

/**
 * A trigger client's request is one job and nothing else. An archive or deletion must name an
 * instance the repository has; a new deployment's instance may not exist yet (its job writes it).
 */
function planRequest(request: RequestDirective, snapshot: RepoSnapshot): Result<Plan> {
  if (request.kind === "archive-request" || request.kind === "delete-request") {
    const problems = unknownInstances([request.instance], snapshot).map((d) => ({
      ...d,
      message: `INSTANCE_NAME: ${d.message}`,
    }));
    if (problems.length > 0) return fail(problems);
  }
  const jobs = [requestJob(request)];
  return ok({ directive: request, jobs, skipped: [], stages: stagesOf(jobs) });
}

/** The row of a named directive's kind: the parser only makes directives of the table's kinds. */
export function kindOf<X extends NamedDirectiveShape, Y extends string>(
  directive: NamedDirectiveShape,
  kinds: KindTable<X, Y>,
): KindTable<X, Y>[number] {
  const kind = namedKind(directive.kind, kinds);
  if (kind === undefined) {
    throw new InternalError(`directive kind '${directive.kind}' is not in the kinds table`);
  }
  return kind;
}

/**
 * Every reason the work cannot run on the snapshot: instances it names that do not exist, batch
 * targets that match nothing, unknown canaries.
 */
export function workProblems(
  work: Work<string>,
  selection: BatchSelection | null,
  snapshot: RepoSnapshot,
): Diagnostic[] {
  const problems = unknownInstances(
    work.named.map((w) => w.name),
    snapshot,
  );
  // Not spread into push: a batch over many instances can have as many problems.
  return selection === null ? problems : problems.concat(batchProblems(selection, snapshot));
}

/**
 * Errors for every named instance the snapshot does not have, all at once, each with the closest
 * existing names. An instance that exists but could not be read reports its own problems instead
 * (its file and line say more than "unknown").
 */
export function unknownInstances(names: readonly string[], snapshot: RepoSnapshot): Diagnostic[] {
  const candidates = snapshot.allNames ?? [...snapshot.instances.keys()];
  const problems: Diagnostic[] = [];
  // By name once, not searched for each name: a title may name thousands of instances.
  const invalidByName = new Map<string, RepoSnapshot["invalid"][number]>();
  for (const i of snapshot.invalid)
    if (!invalidByName.has(i.instance)) invalidByName.set(i.instance, i);
  for (const name of new Set(names)) {
    if (snapshot.instances.has(name)) continue;
    const invalid = invalidByName.get(name);
    if (invalid !== undefined && invalid.diagnostics.length > 0) {
      problems.push(...invalid.diagnostics);
      continue;
    }
    problems.push(
      error(
        "unknown-instance",
        `unknown instance '${name}' (${snapshot.settings.instancesDir}/${name} does not exist)` +
          didYouMeanText(suggestNames(name, candidates)),
        { subject: name },
      ),
    );
  }
  return problems;
}

/**
 * The plan of checked work: named work first, then the batch; one noop job when there is nothing
 * to do, `noopReason` saying why unless the batch is the reason.
 */
export function planWork<X extends NamedDirectiveShape, Y extends string>(
  directive: Directive | X,
  { work, selection }: CheckedWork<Y>,
  snapshot: RepoSnapshot,
  noopReason: string,
  kinds: KindTable<X, Y>,
): Plan<X, Y> {
  const verify = snapshot.verify ?? false;
  const named: PlanJob<Y>[] = planNamed(work, snapshot, kinds);
  const batch = selection === null ? [] : planBatch(selection, snapshot.settings, verify);
  const images = baseImageJobs(work.images, new Set(batch.map((job) => job.name)));
  const jobs: PlanJob<Y>[] = [...images, ...named, ...batch];
  let reason = noopReason;
  if (selection !== null) {
    if (selection.selected.length === 0) {
      reason = selection.evaluations.some((e) => e.matched)
        ? NOOP_REASONS.batchAllDisabled
        : NOOP_REASONS.batchNothingEligible;
    }
  }
  if (jobs.length === 0) jobs.push(noopJob(directive.kind, reason));
  return { directive, jobs, skipped: selection?.skipped ?? [], stages: stagesOf(jobs) };
}

/**
 * What the repository loader must read for these directives (one commit, or every commit of a
 * push): the instances they name, in order of first mention without repeats, and `all` when a
 * batch needs every instance. `none` and `infrastructure` need no instance at all, so a cluster
 * with thousands of instances costs nothing for them.
 */
export function snapshotNeeds(directives: readonly Directive[]): { names: string[]; all: boolean } {
  const names = new Set<string>();
  let all = false;
  for (const directive of directives) {
    if (isBatch(directive)) all = true;
    for (const name of namedInstances(directive)) names.add(name);
    if (directive.kind === "archive-request" || directive.kind === "delete-request") {
      names.add(directive.instance);
    }
  }
  return { names: [...names], all };
}
