import type { Directive } from "../commit/directive.js";
import { deploymentMergeOf, mergeDirective, mergeTitleProblem } from "../commit/deploymentMerge.js";
import type { DeploymentMerge } from "../commit/deploymentMerge.js";
import { parseTitle } from "../commit/parseCommitMessage.js";
import { fail, ok, type Diagnostic, type Result } from "../diagnostic.js";
import { combineDirectives } from "../plan/combineDirectives.js";
import type { DirectiveOrigin, Plan, PlanSource } from "../plan/plan.js";
import { undeployedSentence } from "../plan/plan.js";
import { instancesChangedBetween, readCommitChanges } from "../repo/gitHistory.js";
import { byText } from "../text.js";
import { snapshotNeeds } from "../plan/buildPlan.js";
import { inFirstParent, pathInCommit } from "../repo/git.js";
import { readCluster, type Cluster } from "../repo/readCluster.js";
import type { RepoSnapshot } from "../repo/snapshot.js";

/** One commit whose title may carry a directive. `sha` is null when the message came from a flag. */
export interface CommitInput {
  readonly sha: string | null;
  readonly message: string;
  /**
   * A directive the pipeline carries other than in a title (the trigger client's variables, a
   * webhook's payload), or the none of a pipeline that carries nothing of its own: planned instead
   * of `message`, which then only says where it came from.
   */
  readonly carried?: CarriedDirective;
  /**
   * What a deployment merge is compared with to tell Create from Update: the merge's first
   * parent by default; a merge request's preview gives its target's merge base.
   */
  readonly before?: string;
  /**
   * For a message that is not a commit of its own but stands for several (a merge request's
   * title): the commits whose changes it brings, from `from` (excluded) to `to`.
   */
  readonly changes?: { readonly from: string; readonly to: string };
}

export interface CarriedDirective {
  readonly directive: Directive;
  readonly origin: DirectiveOrigin;
  /** Why there is nothing to do, for a none directive. */
  readonly noopReason?: string;
}

export interface PlanCommitsOptions {
  /** In a batch, list unreadable instances under `skipped` instead of failing the run. */
  readonly skipInvalid?: boolean;
}

/** The plan, and the cluster it was made from (settings, templates, snapshot). */
export interface PlannedCommits extends Cluster {
  readonly plan: Plan;
}

/** A commit's directive, and the column of each list entry of its title (see parseTitle). */
export interface ParsedCommit extends PlanSource {
  readonly commit: CommitInput;
  readonly columns: ReadonlyMap<string, number>;
  /** The deployment a merge commit without a directive of its own deploys (see resolveMerges). */
  readonly merge?: DeploymentMerge;
}

/** The commits' directives, and the part of the cluster they need. */
export interface ReadCommits {
  readonly parsed: readonly ParsedCommit[];
  readonly cluster: Cluster;
}

/**
 * Commit messages + cluster repository → plan. Reads only the repository files the directives
 * need: settings and templates always, instance files only for the instances named (or all, for
 * a batch).
 */
export function planCommits(
  root: string,
  commits: readonly CommitInput[],
  options: PlanCommitsOptions = {},
): Result<PlannedCommits> {
  const read = readCommits(root, commits, options);
  if (!read.ok) return read;
  const { parsed, cluster } = read.value;
  const plan = planParsed(parsed, cluster.snapshot, commits);
  if (!plan.ok) return plan;
  const undeployed = undeployedInstances(root, commits, plan.value, cluster.settings.instancesDir);
  const withUndeployed = undeployed === null ? plan.value : noteUndeployed(plan.value, undeployed);
  return ok({ ...cluster, plan: withUndeployed }, [...read.warnings, ...plan.warnings]);
}

/**
 * The instances whose folders the commits changed with no job of the plan for them (sorted), or
 * null when the commits did not come from git (a message given by flag), whose changes are unknown.
 */
function undeployedInstances(
  root: string,
  commits: readonly CommitInput[],
  plan: Plan,
  instancesRel: string,
): string[] | null {
  const shas = commits.flatMap((c) => (c.sha === null ? [] : [c.sha]));
  const ranges = commits.flatMap((c) => (c.changes === undefined ? [] : [c.changes]));
  if (shas.length === 0 && ranges.length === 0) return null;
  const changed = new Set<string>();
  // What the commits changed is extra information: commits git cannot show (a CI_COMMIT_SHA of
  // another clone) leave it unknown rather than failing the plan.
  if (shas.length > 0) {
    const changes = readCommitChanges(root, shas, { instancesRel, watch: () => false });
    if (!changes.ok) return null;
    for (const c of changes.value) for (const name of c.changedInstances) changed.add(name);
  }
  for (const { from, to } of ranges) {
    const between = instancesChangedBetween(root, from, to, instancesRel);
    if (!between.ok) return null;
    for (const name of between.value) changed.add(name);
  }
  const worked = new Set(plan.jobs.flatMap((j) => (j.instance === null ? [] : [j.instance])));
  return [...changed].filter((name) => !worked.has(name)).sort(byText);
}

/** The plan with its undeployed instances, said in the noop job's reason too when it has one. */
function noteUndeployed(plan: Plan, undeployed: readonly string[]): Plan {
  if (undeployed.length === 0) return { ...plan, undeployed };
  const jobs = plan.jobs.map((job) =>
    job.kind === "noop"
      ? {
          ...job,
          variables: {
            ...job.variables,
            NOOP_REASON:
              `${job.variables.NOOP_REASON ?? ""} ${undeployedSentence(undeployed)}`.trim(),
          },
        }
      : job,
  );
  return { ...plan, jobs, undeployed };
}

/**
 * Parses every commit (all problems of all commits at once), then reads the cluster once for
 * what the directives need, plus the instances of `alsoRead` (which `explain` asks about).
 */
export function readCommits(
  root: string,
  commits: readonly CommitInput[],
  options: PlanCommitsOptions,
  alsoRead: readonly string[] = [],
): Result<ReadCommits> {
  const parsed = parseCommits(commits);
  if (!parsed.ok) return parsed;
  const needs = snapshotNeeds(parsed.value.map((p) => p.directive));
  const cluster = readCluster(
    root,
    { names: [...needs.names, ...alsoRead], all: needs.all },
    { skipInvalid: options.skipInvalid ?? false },
  );
  if (!cluster.ok) return cluster;
  const resolved = resolveMerges(root, parsed.value, cluster.value);
  if (!resolved.ok) return resolved;
  const warnings = [...parsed.warnings, ...cluster.warnings];
  return ok({ parsed: resolved.value, cluster: cluster.value }, warnings);
}

/**
 * A deployment merge without a directive in its title creates its instance when the instance's
 * folder is absent from the merge's first parent (new in this merge), else updates it. A message
 * with no commit (a flag) is taken as the repository's HEAD.
 */
function resolveMerges(
  root: string,
  parsed: readonly ParsedCommit[],
  cluster: Cluster,
): Result<ParsedCommit[]> {
  const resolved: ParsedCommit[] = [];
  for (const p of parsed) {
    if (p.merge === undefined) {
      resolved.push(p);
      continue;
    }
    const folder = `${cluster.settings.instancesDir}/${p.merge.instance}`;
    const before = p.commit.before;
    const existed =
      before === undefined
        ? inFirstParent(root, p.commit.sha ?? "HEAD", folder)
        : pathInCommit(root, before, folder);
    if (!existed.ok) return existed;
    resolved.push({ ...p, directive: mergeDirective(p.merge, !existed.value) });
  }
  return ok(resolved);
}

/**
 * One plan for all the commits (see combineDirectives). Problems found after parsing (an unknown
 * instance, a target that matches nothing) point at their title's column.
 */
export function planParsed(
  parsed: readonly ParsedCommit[],
  snapshot: RepoSnapshot,
  commits: readonly CommitInput[],
): Result<Plan> {
  const plan = combineDirectives(parsed, snapshot);
  const many = commits.length > 1;
  return plan.ok
    ? plan
    : fail(
        plan.diagnostics.map((d) => pointAtTitle(d, parsed, many)),
        plan.warnings,
      );
}

const NO_COLUMNS: ReadonlyMap<string, number> = new Map();

function parseCommits(commits: readonly CommitInput[]): Result<ParsedCommit[]> {
  const many = commits.length > 1;
  const problems: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  const parsed: ParsedCommit[] = [];
  for (const commit of commits) {
    const carried = commit.carried;
    if (carried !== undefined) {
      const { directive, origin, noopReason } = carried;
      const title = commit.message;
      parsed.push({
        ...{ sha: commit.sha ?? "", title, directive, origin, noopReason },
        ...{ commit, columns: NO_COLUMNS },
      });
      continue;
    }
    const result = parseTitle(commit.message);
    if (!result.ok) {
      problems.push(...result.diagnostics.map((d) => inCommit(d, commit.sha, many)));
      continue;
    }
    warnings.push(...result.warnings.map((d) => inCommit(d, commit.sha, many)));
    const { directive, title, columns } = result.value;
    // A message from a flag has no commit; its sha is shown only for pushes of several commits.
    const sha = commit.sha ?? "";
    const merge = deploymentMergeOf(commit.message);
    if (merge !== null && directive.kind === "none") {
      // Update until resolveMerges, which reads the history, knows whether it is a Create.
      const deployed = mergeDirective(merge, false);
      parsed.push({
        sha,
        title,
        directive: deployed,
        origin: "deployment-merge",
        merge,
        commit,
        columns,
      });
      continue;
    }
    const mismatch = merge === null ? null : mergeTitleProblem(merge, directive);
    if (mismatch !== null) {
      const column = mismatch.subject === undefined ? undefined : columns.get(mismatch.subject);
      problems.push(
        inCommit(column === undefined ? mismatch : { ...mismatch, column }, commit.sha, many),
      );
      continue;
    }
    parsed.push({ sha, title, directive, commit, columns });
  }
  return problems.length > 0 ? fail(problems) : ok(parsed, warnings);
}

/** Labels a problem with its commit when several commits are planned together. */
function inCommit(d: Diagnostic, sha: string | null, many: boolean): Diagnostic {
  if (!many || sha === null) return d;
  return { ...d, message: `commit ${sha.slice(0, 8)}: ${d.message}` };
}

/**
 * A problem about a list entry of a title (its `subject`) points at the column the parser
 * recorded for it, in the first commit that lists it, and names that commit when several were
 * planned.
 */
function pointAtTitle(d: Diagnostic, parsed: readonly ParsedCommit[], many: boolean): Diagnostic {
  if (d.subject === undefined || d.column !== undefined) return d;
  for (const { commit, columns } of parsed) {
    const column = columns.get(d.subject);
    if (column !== undefined) return inCommit({ ...d, column }, commit.sha, many);
  }
  return d;
}
