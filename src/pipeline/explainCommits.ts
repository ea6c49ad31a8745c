import type { Directive } from "../commit/directive.js";
import { fail, ok, type Diagnostic, type Result } from "../diagnostic.js";
import { explainInstance } from "../plan/explainInstance.js";
import type { PlanJob } from "../plan/plan.js";
import { unknownInstances } from "../plan/buildPlan.js";
import type { RepoSnapshot } from "../repo/snapshot.js";
import { planParsed, readCommits } from "./planCommits.js";
import type { CommitInput, PlanCommitsOptions } from "./planCommits.js";

/** Why one commit's directive does or does not touch the instance. */
export interface CommitExplanation {
  /** The commit (empty for a message given directly). */
  readonly sha: string;
  readonly directive: Directive;
  readonly included: boolean;
  /** The reasoning, one step a line, for a person (see explainInstance). */
  readonly reasons: readonly string[];
}

export interface Explanation {
  readonly instance: string;
  /** Whether the plan gives the instance jobs; when the plan fails, whether a commit's rules would. */
  readonly included: boolean;
  /** One per commit, oldest first. */
  readonly commits: readonly CommitExplanation[];
  /** The plan's jobs for the instance, or null when the plan fails. */
  readonly jobs: readonly PlanJob[] | null;
  /**
   * Why the plan fails, exactly as `planCommits` reports it; empty when it was built. The
   * explanation stands either way (a typo in a batch target is what it helps to find).
   */
  readonly planErrors: readonly Diagnostic[];
}

/**
 * Why the plan of the commits does or does not touch one instance, rule by rule, and the jobs
 * the plan really gives it. The commits are read and planned exactly as `planCommits` does, with
 * the instance read too even when no directive names it, so "not named" and "does not exist" are
 * told apart: a name that is not an instance fails, with the closest names.
 */
export function explainCommits(
  root: string,
  commits: readonly CommitInput[],
  instance: string,
  options: PlanCommitsOptions = {},
): Result<Explanation> {
  const read = readCommits(root, commits, options, [instance]);
  if (!read.ok) return read;
  const { parsed, cluster } = read.value;
  const { snapshot } = cluster;
  if (!exists(instance, snapshot)) {
    return fail(unknownInstances([instance], snapshot), read.warnings);
  }

  const explained = parsed.map((c): CommitExplanation => {
    const e = explainInstance(instance, c.directive, snapshot);
    return { sha: c.sha, directive: c.directive, included: e.included, reasons: e.lines };
  });
  // The plan itself is the last word: its jobs for the instance, when it can be built.
  const plan = planParsed(parsed, snapshot, commits);
  const jobs = plan.ok ? plan.value.jobs.filter((j) => j.instance === instance) : null;
  const explanation: Explanation = {
    instance,
    included: jobs === null ? explained.some((e) => e.included) : jobs.length > 0,
    commits: explained,
    jobs,
    planErrors: plan.ok ? [] : plan.diagnostics,
  };
  // A failed plan keeps its warnings too (a replaced deployment id, skipped instances).
  return ok(explanation, [...read.warnings, ...plan.warnings]);
}

function exists(name: string, snapshot: RepoSnapshot): boolean {
  return (
    snapshot.instances.has(name) ||
    snapshot.invalid.some((i) => i.instance === name) ||
    (snapshot.allNames ?? []).includes(name)
  );
}
