import { execFileSync } from "node:child_process";
import { isInstanceName } from "../commit/grammar.js";
import { error, fail, ok } from "../diagnostic.js";
import type { Result } from "../diagnostic.js";
import { errnoCode } from "../errors.js";
import { runGit } from "./git.js";

/*
 * Reading a branch's past for `status` and `history`: the first-parent history with the instance
 * folders each commit changed, in one `git log`, and the instance files of chosen commits, in one
 * `git ls-tree` and one `git cat-file --batch` each (blobs already read are not read again). Git
 * runs without a shell; every commit id given to it here came from git itself.
 */

/** Repository files are bounded by what git prints; a 10,000-instance tree is tens of megabytes. */
const MAX_OUTPUT = 1024 * 1024 * 1024;

/** A file a commit added, changed or deleted (`object` null), against its first parent. */
export interface FileChange {
  /** The path relative to the repository folder. */
  readonly path: string;
  /** The blob id after the commit; null when the commit deleted the file. */
  readonly object: string | null;
  readonly mode: string;
}

export interface HistoryCommit {
  readonly sha: string;
  /** Committer date, ISO 8601 with the committer's offset (`%cI`). */
  readonly date: string;
  /** The whole message; its title carries the directive. */
  readonly message: string;
  /** Instance folders whose files this commit changed against its first parent, sorted. */
  readonly changedInstances: readonly string[];
  /** The changes of the files `watch` chose, in git's order. */
  readonly files: readonly FileChange[];
}

export interface HistoryPaths {
  /** The instances folder, relative to the repository folder. */
  readonly instancesRel: string;
  /** Which changed files (paths relative to the repository folder) to keep in `files`. */
  readonly watch: (path: string) => boolean;
}

/**
 * A branch's first-parent history, oldest first: the commits a deploy branch's pipelines ran on,
 * with a merged branch's own commits left to their merge commit (as `plan` reads a push). The raw
 * changes carry blob ids, so a caller can follow the files it watches from commit to commit
 * without asking git for each commit's tree.
 */
export function readFirstParentHistory(
  root: string,
  head: string,
  paths: HistoryPaths,
): Result<HistoryCommit[]> {
  const run = runGit(root, [
    "log",
    "--first-parent",
    // A merge commit's changes are what it brought to the branch, as its pipeline saw them.
    "--diff-merges=first-parent",
    // The first commit lists every file it added, so followed files start from nothing.
    "--root",
    // A renamed folder changed under both names.
    "--no-renames",
    "--raw",
    "--no-abbrev",
    "-z",
    "--reverse",
    // Paths relative to the repository folder, which may be a folder inside a larger work tree.
    "--relative",
    "--format=%x01%H%x00%cI%x00%B",
    head,
    // No pathspec: it would drop the commits that change nothing, such as most directives.
    "--",
  ]);
  return run.ok ? ok(parseLog(run.value, paths)) : run;
}

const HEX_ID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
const NO_OBJECT = /^0+$/;

/** The commit id of a record starting at `at` (`\x01`, a full id, NUL), or null. */
function recordAt(out: string, at: number): string | null {
  if (out.charCodeAt(at) !== 1) return null;
  const end = out.indexOf("\0", at + 1);
  if (end < 0 || end - at > 65) return null;
  const sha = out.slice(at + 1, end);
  return HEX_ID.test(sha) ? sha : null;
}

/**
 * Parses `\x01<sha>\0<date>\0<message>\0` records, each followed, when the commit changed files,
 * by `\n` and raw entries `:<old mode> <new mode> <old id> <new id> <status>\0<path>\0`. A message
 * holds no NUL (git cuts it there), and a path is read right after its entry's header, so neither
 * can be mistaken for the start of a record.
 */
function parseLog(out: string, paths: HistoryPaths): HistoryCommit[] {
  const commits: HistoryCommit[] = [];
  const instances = `${paths.instancesRel}/`;
  let at = 0;
  while (at < out.length) {
    const sha = recordAt(out, at);
    if (sha === null) break;
    at += sha.length + 2;
    const dateEnd = out.indexOf("\0", at);
    const date = out.slice(at, dateEnd);
    const messageEnd = out.indexOf("\0", dateEnd + 1);
    const message = out.slice(dateEnd + 1, messageEnd).replace(/\n+$/, "");
    at = messageEnd + 1;
    if (out[at] === "\n") at += 1;
    const changed = new Set<string>();
    const files: FileChange[] = [];
    while (out[at] === ":") {
      const headerEnd = out.indexOf("\0", at);
      const pathEnd = out.indexOf("\0", headerEnd + 1);
      if (headerEnd < 0 || pathEnd < 0) break;
      const [, mode = "", , object = ""] = out.slice(at + 1, headerEnd).split(" ");
      const rel = out.slice(headerEnd + 1, pathEnd);
      at = pathEnd + 1;
      if (rel.startsWith(instances)) {
        const inside = rel.slice(instances.length);
        const slash = inside.indexOf("/");
        const name = slash < 0 ? "" : inside.slice(0, slash);
        if (isInstanceName(name)) changed.add(name);
      }
      if (paths.watch(rel)) {
        files.push({ path: rel, object: NO_OBJECT.test(object) ? null : object, mode });
      }
    }
    commits.push({ sha, date, message, changedInstances: [...changed].sort(), files });
  }
  return commits;
}

/**
 * The given commits (in the given order) with the instance folders each changed against its first
 * parent: what a push brought, for the instances it changed without deploying them.
 */
export function readCommitChanges(
  root: string,
  shas: readonly string[],
  paths: HistoryPaths,
): Result<HistoryCommit[]> {
  if (shas.some((sha) => !HEX_ID.test(sha))) return ok([]);
  const run = runGit(root, [
    "log",
    "--no-walk=unsorted",
    "--diff-merges=first-parent",
    "--root",
    "--no-renames",
    "--raw",
    "--no-abbrev",
    "-z",
    "--relative",
    "--format=%x01%H%x00%cI%x00%B",
    ...shas,
    "--",
  ]);
  return run.ok ? ok(parseLog(run.value, paths)) : run;
}

/**
 * The instance folders the index changes against HEAD (against nothing in a repository without
 * commits): what the commit being written will change, for the commit-msg hook.
 */
export function stagedInstances(root: string, instancesRel: string): Result<string[]> {
  const head = runGit(root, ["rev-parse", "--verify", "--quiet", "HEAD"]);
  // The empty tree: every staged file is new in a repository without commits.
  const base = head.ok ? "HEAD" : "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
  return diffInstances(root, ["--cached", base], instancesRel);
}

/**
 * The instance folders that differ between two commits (`git diff from to`): what a merge
 * request changes, from its diff base to its newest commit.
 */
export function instancesChangedBetween(
  root: string,
  from: string,
  to: string,
  instancesRel: string,
): Result<string[]> {
  if (!HEX_ID.test(from) || !HEX_ID.test(to)) return ok([]);
  return diffInstances(root, [from, to], instancesRel);
}

function diffInstances(
  root: string,
  revisions: readonly string[],
  instancesRel: string,
): Result<string[]> {
  const run = runGit(root, [
    "diff",
    "--name-only",
    "-z",
    "--no-renames",
    "--relative",
    ...revisions,
    "--",
  ]);
  if (!run.ok) return run;
  const names = new Set<string>();
  const prefix = `${instancesRel}/`;
  for (const file of run.value.split("\0")) {
    if (!file.startsWith(prefix)) continue;
    const [name = ""] = file.slice(prefix.length).split("/");
    if (isInstanceName(name) && file.length > prefix.length + name.length) names.add(name);
  }
  return ok([...names].sort());
}

export interface TreeEntry {
  readonly mode: string;
  readonly type: string;
  readonly object: string;
  /** The path relative to the repository folder. */
  readonly path: string;
}

/**
 * `git ls-tree` of one commit, limited to `paths` (relative to the repository folder; a folder
 * path ends with `/`). `recursive` lists the files inside folders, not the folders.
 */
export function listTree(
  root: string,
  commit: string,
  paths: readonly string[],
  recursive: boolean,
): Result<TreeEntry[]> {
  const run = runGit(root, ["ls-tree", "-z", ...(recursive ? ["-r"] : []), commit, "--", ...paths]);
  if (!run.ok) return run;
  const entries: TreeEntry[] = [];
  for (const line of run.value.split("\0")) {
    const tab = line.indexOf("\t");
    if (tab < 0) continue;
    const [mode = "", type = "", object = ""] = line.slice(0, tab).split(" ");
    entries.push({ mode, type, object, path: line.slice(tab + 1) });
  }
  return ok(entries);
}

/**
 * The text of each blob, read by one `git cat-file --batch` for the ids `cache` does not hold yet
 * (and kept there: a batch upgrade reads every instance, and most files are the same from one
 * batch commit to the next).
 */
export function readBlobs(
  root: string,
  ids: readonly string[],
  cache: Map<string, string>,
): Result<ReadonlyMap<string, string>> {
  const missing = [...new Set(ids.filter((id) => !cache.has(id)))];
  if (missing.length > 0) {
    let out: Buffer;
    try {
      out = execFileSync("git", ["-C", root, "cat-file", "--batch"], {
        input: `${missing.join("\n")}\n`,
        stdio: ["pipe", "pipe", "pipe"],
        maxBuffer: MAX_OUTPUT,
      });
    } catch (err) {
      const why = errnoCode(err) === "ENOENT" ? "git is not installed" : "git cat-file failed";
      return fail([error(errnoCode(err) === "ENOENT" ? "git-missing" : "git-failed", why)]);
    }
    // `<id> blob <size>\n<bytes>\n` per object; sizes are in bytes, so the output stays a Buffer.
    let at = 0;
    while (at < out.length) {
      const lineEnd = out.indexOf(10, at);
      if (lineEnd < 0) break;
      const [id = "", type = "", size = ""] = out
        .subarray(at, lineEnd)
        .toString("latin1")
        .split(" ");
      at = lineEnd + 1;
      if (type !== "blob") continue;
      const bytes = Number(size);
      cache.set(id, out.subarray(at, at + bytes).toString("utf8"));
      at += bytes + 1;
    }
  }
  const texts = new Map<string, string>();
  for (const id of ids) {
    const text = cache.get(id);
    if (text !== undefined) texts.set(id, text);
  }
  return ok(texts);
}
