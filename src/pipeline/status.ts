import { isInstanceName } from "../commit/grammar.js";
import { error, fail, ok } from "../diagnostic.js";
import type { Result } from "../diagnostic.js";
import { batchProblems, selectBatch } from "../plan/selectBatch.js";
import { isShallowRepository, resolveCommit, runGit } from "../repo/git.js";
import { listTree, readBlobs, readFirstParentHistory } from "../repo/gitHistory.js";
import type { TreeEntry } from "../repo/gitHistory.js";
import { instanceFromTexts } from "../repo/instances.js";
import { DEFAULT_SETTINGS, parseSettingsText, SETTINGS_FILE } from "../repo/settings.js";
import type { Settings } from "../repo/settings.js";
import type { InstanceConfig, InvalidInstance } from "../repo/snapshot.js";
import { byText, didYouMeanText, suggestNames } from "../text.js";
import { foldHistory } from "./deploymentLedger.js";
import type {
  BatchSelector,
  DeploymentRequest,
  Ledger,
  UncountedCommit,
} from "./deploymentLedger.js";

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
  const prefix = runGit(root, ["rev-parse", "--show-prefix"]);
  if (!prefix.ok) return prefix;
  const blobs = new Map<string, string>();
  const settings = settingsAt(root, head, blobs);
  if (!settings.ok) return settings;
  if ("failure" in settings.value) return fail([error("invalid-setting", settings.value.failure)]);
  const instancesRel = settings.value.settings.instancesDir;
  const history = readFirstParentHistory(root, head, `${prefix.value.trim()}${instancesRel}`);
  if (!history.ok) return history;
  const tree = listTree(root, head, [`${instancesRel}/`], false);
  if (!tree.ok) return tree;
  const names = tree.value
    .filter((e) => e.type === "tree")
    .map((e) => e.path.slice(instancesRel.length + 1))
    .filter(isInstanceName)
    .sort(byText);
  const ledger = foldHistory(history.value, batchSelector(root, instancesRel, blobs));
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

/** The settings file of a commit, or why it cannot be read there (no file: the defaults). */
function settingsAt(
  root: string,
  commit: string,
  blobs: Map<string, string>,
  entries?: readonly TreeEntry[],
): Result<{ settings: Settings } | { failure: string }> {
  const listed =
    entries === undefined ? listTree(root, commit, [SETTINGS_FILE], false) : ok(entries);
  if (!listed.ok) return listed;
  const entry = listed.value.find((e) => e.path === SETTINGS_FILE && e.type === "blob");
  if (entry === undefined) return ok({ settings: DEFAULT_SETTINGS });
  const text = readBlobs(root, [entry.object], blobs);
  if (!text.ok) return text;
  const parsed = parseSettingsText(text.value.get(entry.object) ?? "");
  if (parsed.ok) return ok({ settings: parsed.value });
  const first = parsed.diagnostics[0]?.message ?? "it is invalid";
  return ok({ failure: `${SETTINGS_FILE} at ${commit.slice(0, 8)}: ${first}` });
}

/**
 * Evaluates a batch against the files of its own commit, as its pipeline did: that commit's
 * settings and instance files (instances that cannot be read there are left out, as with
 * `--skip-invalid`), and the same rules that fail a batch whose target matches nothing.
 * Parsed instances are kept by their blob ids, so a later batch reparses only what changed.
 */
function batchSelector(
  root: string,
  instancesRel: string,
  blobs: Map<string, string>,
): BatchSelector {
  const parsedInstances = new Map<string, ReturnType<typeof instanceFromTexts>>();
  return (commit, directive) => {
    const listed = listTree(root, commit.sha, [SETTINGS_FILE, `${instancesRel}/`], true);
    if (!listed.ok) return listed;
    const settings = settingsAt(root, commit.sha, blobs, listed.value);
    if (!settings.ok) return settings;
    if ("failure" in settings.value) return ok({ failure: settings.value.failure });
    const files = new Map<string, { config?: string; grove?: string }>();
    const start = instancesRel.length + 1;
    for (const e of listed.value) {
      if (!e.path.startsWith(`${instancesRel}/`) || e.type !== "blob") continue;
      const [name = "", file, deeper] = e.path.slice(start).split("/");
      if (deeper !== undefined || !isInstanceName(name)) continue;
      const slot = files.get(name) ?? {};
      files.set(name, slot);
      if (file === "config.yml") slot.config = e.object;
      if (file === "grove.yml") slot.grove = e.object;
    }
    const ids = [...files.values()].flatMap((f) => [f.config ?? [], f.grove ?? []].flat());
    const texts = readBlobs(root, ids, blobs);
    if (!texts.ok) return texts;
    const instances = new Map<string, InstanceConfig>();
    const invalid: InvalidInstance[] = [];
    for (const [name, f] of files) {
      if (f.config === undefined) continue;
      const key = `${name}:${f.config}:${f.grove ?? ""}`;
      let read = parsedInstances.get(key);
      if (read === undefined) {
        const grove = f.grove === undefined ? null : (texts.value.get(f.grove) ?? null);
        read = instanceFromTexts(instancesRel, name, texts.value.get(f.config) ?? "", grove);
        parsedInstances.set(key, read);
      }
      if (read.ok) instances.set(name, read.value);
      else invalid.push({ instance: name, diagnostics: read.diagnostics });
    }
    const allNames = [...files.keys()].sort(byText);
    const snapshot = { settings: settings.value.settings, instances, allNames, invalid };
    const selection = selectBatch(directive, snapshot);
    const problems = batchProblems(selection, snapshot);
    if (problems.length > 0) return ok({ failure: problems[0]?.message ?? "it fails" });
    return ok({ selected: selection.selected.map((e) => e.instance.name) });
  };
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
