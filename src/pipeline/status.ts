import { isInstanceName } from "../commit/grammar.js";
import { error, fail, ok } from "../diagnostic.js";
import type { Result } from "../diagnostic.js";
import { isShallowRepository, resolveCommit, runGit } from "../repo/git.js";
import { listTree, readBlobs, readFirstParentHistory } from "../repo/gitHistory.js";
import { SETTINGS_FILE } from "../repo/settings.js";
import type { Settings } from "../repo/settings.js";
import { byText, didYouMeanText, suggestNames } from "../text.js";
import { batchFile, batchSelector, settingsOf } from "./batchAtCommit.js";
import { foldHistory } from "./deploymentLedger.js";
import type { DeploymentRequest, Ledger, UncountedCommit } from "./deploymentLedger.js";

/*
 * `status` and `history`: what the deploy branch's history says about each instance's
 * deployments, read from git alone (the repository's files at the branch's commits, never the
 * working tree, which may hold changes not yet committed).
 */

export type { DeploymentRequest, UncountedCommit };

export type SyncState = "in-sync" | "out-of-sync" | "never-deployed";

export interface InstanceStatus {
  readonly name: string;
  readonly state: SyncState;
  readonly lastRequest: DeploymentRequest | null;
  /** Changed after its last request; false when it has none (`never-deployed`). */
  readonly outOfSync: boolean;
  /** The commits that changed its folder after its last request (or ever), oldest first. */
  readonly changedSince: readonly string[];
}

/** The history read, and what it cannot tell. */
export interface HistoryScope {
  /** The revision read and the commit it names. */
  readonly ref: string;
  readonly head: string;
  readonly commitsRead: number;
  readonly shallow: boolean;
  readonly uncounted: readonly UncountedCommit[];
  /** What the answer cannot know, for a person. */
  readonly notes: readonly string[];
}

export interface ClusterStatus extends HistoryScope {
  /** The instances in the ref's tree, by name. */
  readonly instances: readonly InstanceStatus[];
}

export interface InstanceHistory extends HistoryScope {
  readonly status: InstanceStatus;
  /** Every request for the instance, newest first. */
  readonly requests: readonly DeploymentRequest[];
}

export interface HistoryOptions {
  /** The branch (or any revision) whose first-parent history is read; HEAD by default. */
  readonly ref?: string;
}

/** Every instance of the ref's tree with its last request and the changes since. */
export function clusterStatus(root: string, options: HistoryOptions = {}): Result<ClusterStatus> {
  const read = readLedger(root, options.ref ?? "HEAD");
  if (!read.ok) return read;
  const { scope, ledger, names } = read.value;
  const instances = names.map((name) => statusOf(name, ledger));
  return ok({ ...scope, instances });
}

/** One instance's requests, newest first. An instance the history never knew is an error. */
export function instanceHistory(
  root: string,
  instance: string,
  options: HistoryOptions = {},
): Result<InstanceHistory> {
  const read = readLedger(root, options.ref ?? "HEAD");
  if (!read.ok) return read;
  const { scope, ledger, names } = read.value;
  const known = ledger.instances.get(instance);
  if (known === undefined && !names.includes(instance)) {
    const all = [...new Set([...names, ...ledger.instances.keys()])];
    const hint = didYouMeanText(suggestNames(instance, all));
    return fail([
      error(
        "unknown-instance",
        `unknown instance ${instance}: no folder of that name at ${scope.ref} and no commit of its history mentions it${hint}`,
      ),
    ]);
  }
  const requests = [...(known?.requests ?? [])].reverse();
  return ok({ ...scope, status: statusOf(instance, ledger), requests });
}

function statusOf(name: string, ledger: Ledger): InstanceStatus {
  const entry = ledger.instances.get(name);
  const lastRequest = entry?.requests[entry.requests.length - 1] ?? null;
  const changedSince = entry?.changedSince ?? [];
  const state: SyncState =
    lastRequest === null ? "never-deployed" : changedSince.length > 0 ? "out-of-sync" : "in-sync";
  return { name, state, lastRequest, outOfSync: state === "out-of-sync", changedSince };
}

interface ReadLedger {
  readonly scope: HistoryScope;
  readonly ledger: Ledger;
  /** Instance folders in the ref's tree, sorted. */
  readonly names: readonly string[];
}

/** The one read both commands share: settings at the ref, its history, and the fold. */
function readLedger(root: string, ref: string): Result<ReadLedger> {
  const head = resolveCommit(root, ref);
  if (head === null) {
    const inRepo = runGit(root, ["rev-parse", "--git-dir"]);
    if (!inRepo.ok) return inRepo;
    return fail([error("unknown-commit", `${ref} names no commit in the repository at ${root}`)]);
  }
  const blobs = new Map<string, string>();
  const settings = settingsAt(root, head, blobs);
  if (!settings.ok) return settings;
  if ("failure" in settings.value) return fail([error("invalid-setting", settings.value.failure)]);
  const instancesRel = settings.value.settings.instancesDir;
  const history = readFirstParentHistory(root, head, {
    instancesRel,
    watch: batchFile(instancesRel),
  });
  if (!history.ok) return history;
  const tree = listTree(root, head, [`${instancesRel}/`], false);
  if (!tree.ok) return tree;
  const names = tree.value
    .filter((e) => e.type === "tree")
    .map((e) => e.path.slice(instancesRel.length + 1))
    .filter(isInstanceName)
    .sort(byText);
  const ledger = foldHistory(
    history.value,
    batchSelector(root, instancesRel, history.value, blobs),
  );
  if (!ledger.ok) return ledger;
  const shallow = isShallowRepository(root);
  const scope: HistoryScope = {
    ref,
    head,
    commitsRead: ledger.value.commits,
    shallow,
    uncounted: ledger.value.uncounted,
    notes: notes(ref, shallow),
  };
  return ok({ scope, ledger: ledger.value, names });
}

/** The settings file of a commit (its defaults when it has none), or why it cannot be read. */
function settingsAt(
  root: string,
  commit: string,
  blobs: Map<string, string>,
): Result<{ settings: Settings } | { failure: string }> {
  const listed = listTree(root, commit, [SETTINGS_FILE], false);
  if (!listed.ok) return listed;
  const entry = listed.value.find((e) => e.path === SETTINGS_FILE && e.type === "blob");
  if (entry === undefined) return ok(settingsOf(null, commit));
  const text = readBlobs(root, [entry.object], blobs);
  if (!text.ok) return text;
  return ok(settingsOf(text.value.get(entry.object) ?? "", commit));
}

function notes(ref: string, shallow: boolean): string[] {
  return [
    `Requests are read from the commits of ${ref}'s first-parent history: a deployment started by a schedule or by a trigger whose message is not a commit (CI_COMMIT_MESSAGE) is not in git, and is not counted.`,
    "A request is what a commit asked for; whether its pipeline ran, was cancelled or failed is known to GitLab, not to git.",
    "A batch counts for the instances it selected with the files of its own commit; instances that could not be read there count as skipped.",
    ...(shallow
      ? [
          "This clone is shallow: older commits are missing, so older requests and changes are not known (git fetch --unshallow reads them).",
        ]
      : []),
  ];
}
