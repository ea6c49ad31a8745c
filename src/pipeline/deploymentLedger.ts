import { isBatch, isFixed } from "../commit/directive.js";
import { parseCommitMessage } from "../commit/parseCommitMessage.js";
import type { Result } from "../diagnostic.js";
import { ok } from "../diagnostic.js";
import type { BatchDirective } from "../plan/selectBatch.js";
import type { HistoryCommit } from "../repo/gitHistory.js";

/*
 * The deployment requests a branch's history holds, instance by instance: a pure fold over the
 * first-parent commits, oldest first. A commit whose directive names an instance, or a batch that
 * selected it at that commit, is a request for it; a commit that changes the instance's folder
 * without being a request for it is a change not deployed (yet).
 */

/** One commit asking for work on one instance. */
export interface DeploymentRequest {
  readonly commit: string;
  readonly date: string;
  /** The directive kind (`update`, `batch-upgrade`, `archive`...). */
  readonly kind: string;
  /** The deployment id the title gave the instance, or null (always null for a batch). */
  readonly deploymentId: string | null;
  /** Whether a batch selected the instance, rather than the title naming it. */
  readonly batch: boolean;
}

export interface InstanceLedger {
  /** Every request for the instance, oldest first. */
  readonly requests: DeploymentRequest[];
  /** Commits after the last request (or ever, with none) that changed the folder, oldest first. */
  changedSince: string[];
}

/** A commit the ledger could not count as a request, and why. */
export interface UncountedCommit {
  readonly commit: string;
  readonly reason: string;
}

export interface Ledger {
  /** Every instance the history mentions (requested or changed), by name. */
  readonly instances: ReadonlyMap<string, InstanceLedger>;
  /** Commits that began with [AutoDeploy] but whose pipeline could not have deployed anything. */
  readonly uncounted: readonly UncountedCommit[];
  readonly commits: number;
}

/**
 * The names a batch selected at its commit (evaluated against that commit's files, as its
 * pipeline did), or why its pipeline failed there. A failed Result is a failure to read the
 * history itself (git), which ends the fold.
 */
export type BatchSelector = (
  commit: HistoryCommit,
  directive: BatchDirective,
) => Result<{ readonly selected: readonly string[] } | { readonly failure: string }>;

/** Folds the history, oldest commit first. Only the batch selector can fail (git, files). */
export function foldHistory(
  commits: readonly HistoryCommit[],
  selectAt: BatchSelector,
): Result<Ledger> {
  const instances = new Map<string, InstanceLedger>();
  const uncounted: UncountedCommit[] = [];
  const entry = (name: string): InstanceLedger => {
    let found = instances.get(name);
    if (found === undefined) {
      found = { requests: [], changedSince: [] };
      instances.set(name, found);
    }
    return found;
  };
  for (const commit of commits) {
    const requests = requestsOf(commit, selectAt, uncounted);
    if (!requests.ok) return requests;
    const requested = requests.value;
    for (const name of commit.changedInstances) {
      // The pipeline of a request deploys the commit's own files: its changes are not pending.
      if (!requested.has(name)) entry(name).changedSince.push(commit.sha);
    }
    for (const [name, request] of requested) {
      const ledger = entry(name);
      ledger.requests.push(request);
      ledger.changedSince = [];
    }
  }
  return ok({ instances, uncounted, commits: commits.length });
}

/** What one commit asked for, by instance name. */
function requestsOf(
  commit: HistoryCommit,
  selectAt: BatchSelector,
  uncounted: UncountedCommit[],
): Result<Map<string, DeploymentRequest>> {
  const requests = new Map<string, DeploymentRequest>();
  const parsed = parseCommitMessage(commit.message);
  if (!parsed.ok) {
    const first = parsed.diagnostics[0]?.message ?? "it does not parse";
    uncounted.push({ commit: commit.sha, reason: `its directive is invalid: ${first}` });
    return ok(requests);
  }
  const directive = parsed.value;
  const request = (deploymentId: string | null, batch: boolean): DeploymentRequest => ({
    commit: commit.sha,
    date: commit.date,
    kind: directive.kind,
    deploymentId,
    batch,
  });
  if (isBatch(directive)) {
    const selected = selectAt(commit, directive);
    if (!selected.ok) return selected;
    if ("failure" in selected.value) {
      const reason = `its batch fails at that commit: ${selected.value.failure}`;
      uncounted.push({ commit: commit.sha, reason });
      return ok(requests);
    }
    for (const name of selected.value.selected) requests.set(name, request(null, true));
  } else if (!isFixed(directive)) {
    for (const i of directive.instances) {
      const id = "deploymentId" in i ? (i.deploymentId ?? null) : null;
      requests.set(i.name, request(id, false));
    }
  }
  return ok(requests);
}
