import type { CommitInput } from "./commitInput.js";
import { parseCommitMessage } from "./commit/parseCommitMessage.js";
import { columnOfEntry } from "./commit/columnOfEntry.js";
import { effectiveTitle } from "./commit/effectiveTitle.js";
import type { Directive } from "./commit/directive.js";
import { fail, ok, type Diagnostic, type Result } from "./diagnostic.js";
import { loadSettings } from "./repo/loadSettings.js";
import { loadSnapshot } from "./repo/loadSnapshot.js";
import type { Settings } from "./repo/settings.js";
import type { RepoSnapshot } from "./repo/snapshot.js";
import { buildPlan } from "./plan/buildPlan.js";
import { combineDirectives } from "./plan/combineDirectives.js";
import { snapshotNeeds } from "./plan/snapshotNeeds.js";
import type { Plan } from "./plan/plan.js";

export interface PlanCommitsOptions {
  /** In a batch, list unreadable instances under `skipped` instead of failing the run. */
  readonly skipInvalid?: boolean;
}

export interface PlannedCommits {
  readonly plan: Plan;
  readonly settings: Settings;
  readonly snapshot: RepoSnapshot;
}

/** Labels a problem with its commit when several commits are planned together. */
function inCommit(d: Diagnostic, sha: string | null, many: boolean): Diagnostic {
  if (!many || sha === null) return d;
  return { ...d, message: `commit ${sha.slice(0, 8)}: ${d.message}` };
}

/**
 * Problems found after parsing (an unknown instance, a target that matches nothing) are about a
 * piece of a title: point them at its column, and name the commit when several were planned.
 */
function pointAtTitle(d: Diagnostic, commits: readonly CommitInput[]): Diagnostic {
  if (d.subject === undefined || d.column !== undefined) return d;
  const subject = d.subject;
  for (const commit of commits) {
    const column = columnOfEntry(commit.message, subject);
    if (column !== undefined) return inCommit({ ...d, column }, commit.sha, commits.length > 1);
  }
  return d;
}

/** Parses every commit title, collecting all problems of all commits at once. */
export function parseCommits(
  commits: readonly CommitInput[],
): Result<{ sha: string; title: string; directive: Directive }[]> {
  const many = commits.length > 1;
  const problems: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  const parsed: { sha: string; title: string; directive: Directive }[] = [];
  for (const commit of commits) {
    const result = parseCommitMessage(commit.message);
    if (!result.ok) {
      problems.push(...result.diagnostics.map((d) => inCommit(d, commit.sha, many)));
      continue;
    }
    warnings.push(...result.warnings.map((d) => inCommit(d, commit.sha, many)));
    const { title } = effectiveTitle(commit.message);
    parsed.push({ sha: commit.sha ?? "", title, directive: result.value });
  }
  return problems.length > 0 ? fail(problems) : ok(parsed, warnings);
}

/**
 * Commit messages + cluster repository → plan. Reads only the repository files the directives
 * need: settings always, instance files only for the instances named (or all, for a batch).
 */
export function planCommits(
  root: string,
  commits: readonly CommitInput[],
  options: PlanCommitsOptions = {},
): Result<PlannedCommits> {
  const parsed = parseCommits(commits);
  if (!parsed.ok) return parsed;
  const settingsResult = loadSettings(root);
  if (!settingsResult.ok) return settingsResult;
  const { settings } = settingsResult.value;
  const directives = parsed.value.map((p) => p.directive);
  const snapshotResult = loadSnapshot(root, settings, snapshotNeeds(directives), {
    skipInvalid: options.skipInvalid ?? false,
  });
  if (!snapshotResult.ok) return snapshotResult;
  const snapshot = snapshotResult.value;
  const [only] = parsed.value;
  const planResult =
    parsed.value.length === 1 && only !== undefined
      ? buildPlan(only.directive, snapshot)
      : combineDirectives(parsed.value, snapshot);
  if (!planResult.ok) return fail(planResult.diagnostics.map((d) => pointAtTitle(d, commits)));
  const warnings = [
    ...parsed.warnings,
    ...settingsResult.warnings,
    ...snapshotResult.warnings,
    ...planResult.warnings,
  ];
  return ok({ plan: planResult.value, settings, snapshot }, warnings);
}
