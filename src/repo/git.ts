import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { error, fail, ok } from "../diagnostic.js";
import type { Diagnostic, DiagnosticCode, Result } from "../diagnostic.js";
import { errnoCode, InternalError } from "../errors.js";

/*
 * Git access for the message source (SPEC.md, "The command-line interface"). Git runs without a
 * shell, with arguments as a list; commit ids come from CI environment variables, so they are
 * checked to be hexadecimal before git sees them, and other revisions may not look like options.
 */

const SHA = /^[0-9a-f]{7,64}$/i;
/** Revision names resolveCommit accepts: refs, `HEAD~2`, `main@{1}`; never an option. */
const REVISION = /^[A-Za-z0-9_./@{}^~][A-Za-z0-9_./@{}^~-]*$/;
/** Commit messages of a long push can be large; git's output is bounded by this. */
const MAX_OUTPUT = 256 * 1024 * 1024;

export interface GitCommit {
  readonly sha: string;
  readonly message: string;
}

/**
 * Runs git without a shell. Its output on success; on failure one diagnostic: `git-missing`, or
 * what `explain` makes of git's exit status and complaint, else `git-failed`.
 */
export function runGit(
  root: string,
  args: readonly string[],
  explain: (status: number, complaint: string) => Diagnostic | undefined = () => undefined,
): Result<string> {
  try {
    return ok(
      execFileSync("git", ["-C", root, ...args], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
        maxBuffer: MAX_OUTPUT,
      }),
    );
  } catch (err) {
    if (errnoCode(err) === "ENOENT") {
      return fail([error("git-missing", "git is not installed (not found on PATH)")]);
    }
    const status = typeof err === "object" && err !== null && "status" in err ? err.status : null;
    const stderr = typeof err === "object" && err !== null && "stderr" in err ? err.stderr : "";
    const complaint = gitComplaint(typeof stderr === "string" ? stderr : "");
    const explained = typeof status === "number" ? explain(status, complaint) : undefined;
    return fail([explained ?? error("git-failed", `git failed in ${root}: ${complaint}`)]);
  }
}

/** Whether git could not be run at all (as opposed to git refusing). */
export function gitMissing(run: Result<string>): boolean {
  return !run.ok && run.diagnostics.some((d) => d.code === "git-missing");
}

/** The last `fatal:`/`error:` line git printed, else its last line: one line for a person. */
function gitComplaint(stderr: string): string {
  const lines = stderr
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "");
  const fatal = lines.filter((l) => /^(fatal|error):/.test(l)).pop();
  return fatal ?? lines.pop() ?? "git failed";
}

/** Strips the newline(s) git puts after a `%B` message. */
function trimMessage(message: string): string {
  return message.replace(/\n+$/, "");
}

/** What `headMessage` reports when git has no HEAD to show. */
const NO_HEAD: ReadonlySet<DiagnosticCode> = new Set(["no-commits", "not-a-git-repo"]);

/**
 * The full message of the repository's HEAD commit (`git log -1 --format=%B`). A folder that is
 * not in a git repository, and a repository without commits, are reported as such: asking git
 * `rev-parse --verify HEAD` tells them apart by exit status, whatever language git speaks.
 */
export function headMessage(root: string): Result<string> {
  const run = runGit(root, ["log", "-1", "--format=%B"]);
  if (run.ok) return ok(trimMessage(run.value));
  if (gitMissing(run)) return run;
  const head = runGit(root, ["rev-parse", "--verify", "--quiet", "HEAD"], (status, complaint) =>
    status === 1
      ? error("no-commits", `the git repository at ${root} has no commits yet`)
      : status === 128
        ? error("not-a-git-repo", `${root} is not in a git repository (${complaint})`)
        : undefined,
  );
  // Only an exit status that says why there is no HEAD replaces git log's own complaint.
  const noHead = !head.ok && head.diagnostics.some((d) => NO_HEAD.has(d.code));
  return noHead ? head : run;
}

function badSha(what: string, value: string): Diagnostic {
  return error(
    "invalid-sha",
    `${what} ${JSON.stringify(value)} is not a commit id (7-64 hexadecimal characters)`,
  );
}

/**
 * The commits on the first-parent chain after `before` up to and including `head`, oldest first
 * (`git log --first-parent --reverse before..head`): what a push brought to a branch, with the
 * commits of merged branches left to their merge commit. Each message is complete (NUL-separated
 * output, so multi-line messages survive).
 */
export function firstParentCommits(
  root: string,
  before: string,
  head: string,
): Result<GitCommit[]> {
  const invalid = [
    ...(SHA.test(before) ? [] : [badSha("before", before)]),
    ...(SHA.test(head) ? [] : [badSha("head", head)]),
  ];
  if (invalid.length > 0) return fail(invalid);
  const run = runGit(root, [
    "log",
    "--first-parent",
    "--reverse",
    "-z",
    "--format=%H%x00%B",
    `${before}..${head}`,
    "--",
  ]);
  if (!run.ok && !gitMissing(run)) {
    // Only now find out which id git did not know, for a message that names it.
    for (const [what, sha] of [
      ["before", before],
      ["head", head],
    ] as const) {
      if (resolveCommit(root, sha) === null) {
        return fail([
          error("unknown-commit", `${what} commit ${sha} is not in the repository at ${root}`),
        ]);
      }
    }
  }
  return run.ok ? ok(parseCommitRecords(run.value)) : run;
}

/** `-z` ends each record with NUL; `%x00` separates sha from message inside a record. */
function parseCommitRecords(stdout: string): GitCommit[] {
  const fields = stdout.split("\0");
  const commits: GitCommit[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const sha = fields[i];
    const message = fields[i + 1];
    if (sha === undefined || message === undefined) throw new InternalError("git record cut short");
    if (sha !== "") commits.push({ sha, message: trimMessage(message) });
  }
  return commits;
}

/** Whether commit `a` is an ancestor of (or equal to) commit `b`; false for anything not a commit. */
export function isAncestor(root: string, a: string, b: string): boolean {
  if (!SHA.test(a) || !SHA.test(b)) return false;
  const run = runGit(root, ["merge-base", "--is-ancestor", a, b]);
  return run.ok;
}

/** The full commit id a revision names (`HEAD`, a branch, a short id), or null. */
export function resolveCommit(root: string, rev: string): string | null {
  if (!REVISION.test(rev) || rev.includes("..")) return null;
  const run = runGit(root, [
    "rev-parse",
    "--verify",
    "--quiet",
    "--end-of-options",
    `${rev}^{commit}`,
  ]);
  if (!run.ok) return null;
  const sha = run.value.trim();
  return SHA.test(sha) ? sha : null;
}

/**
 * Whether the repository is a shallow clone (GitLab fetches `GIT_DEPTH` commits by default), where
 * a commit missing from the clone may still be part of the branch's history.
 */
export function isShallowRepository(root: string): boolean {
  const run = runGit(root, ["rev-parse", "--is-shallow-repository"]);
  return run.ok && run.value.trim() === "true";
}

/**
 * Whether the clone's depth cut the history between `base` and `head`, so that git cannot tell
 * whether `base` is an ancestor: in a shallow clone, `head`'s history ends at the commits listed
 * in the shallow file (git's grafts), and when walking back from `head` (stopping at `base` and
 * its ancestors) reaches one of them, `base` may lie beyond the cut. A runner's cached clone
 * fetched with GIT_DEPTH has exactly this: the previous tip present, its link to the new one
 * gone. When the walk ends without reaching the cut, the history is whole and `base` truly is not
 * an ancestor (a force push). The walk is bounded by the clone's depth.
 */
export function historyCutBetween(root: string, base: string, head: string): boolean {
  if (!SHA.test(base) || !SHA.test(head)) return false;
  const shallow = shallowBoundary(root);
  if (shallow.size === 0) return false;
  const walk = runGit(root, ["rev-list", head, "--not", base, "--"]);
  if (!walk.ok) return true; // git could not walk it: the history is not whole enough to say.
  return walk.value.split("\n").some((sha) => shallow.has(sha.trim()));
}

/** The commits where a shallow clone's history is cut (`.git/shallow`); none in a full clone. */
function shallowBoundary(root: string): Set<string> {
  const where = runGit(root, ["rev-parse", "--path-format=absolute", "--git-path", "shallow"]);
  if (!where.ok) return new Set();
  let text: string;
  try {
    text = readFileSync(where.value.trim(), "utf8");
  } catch {
    return new Set();
  }
  return new Set(
    text
      .split("\n")
      .filter((line) => SHA.test(line.trim()))
      .map((l) => l.trim()),
  );
}

/**
 * Whether `repoPath` (repository-relative) exists in the first parent of `commit`: a deployment
 * merge creates its instance when the instance's folder is new in the merge. A root commit's
 * parent has nothing in it; a parent cut off by a shallow clone is an error, since guessing would
 * create an instance that exists, or update one that does not.
 */
export function inFirstParent(root: string, commit: string, repoPath: string): Result<boolean> {
  if (commit !== "HEAD" && !SHA.test(commit)) return fail([badSha("commit", commit)]);
  const parent = resolveCommit(root, `${commit}^1`);
  if (parent === null) {
    if (!isShallowRepository(root)) return ok(false);
    return fail([
      error(
        "push-history-missing",
        `the first parent of ${commit} is not in this shallow clone, so whether ${repoPath} is new in the merge cannot be told; give the generator job the whole history (GIT_DEPTH: 0)`,
      ),
    ]);
  }
  return pathInCommit(root, parent, repoPath);
}

/** Whether `repoPath` (repository-relative) exists in the commit `sha` (validated first). */
export function pathInCommit(root: string, sha: string, repoPath: string): Result<boolean> {
  if (!SHA.test(sha)) return fail([badSha("commit", sha)]);
  const run = runGit(root, ["ls-tree", "--name-only", sha, "--", repoPath]);
  return run.ok ? ok(run.value.trim() !== "") : run;
}

/** The full message of the commit `sha` (validated first), as `headMessage` gives HEAD's. */
export function commitMessage(root: string, sha: string): Result<string> {
  if (!SHA.test(sha)) return fail([badSha("commit", sha)]);
  const run = runGit(root, ["log", "-1", "--format=%B", sha, "--"], (status, complaint) =>
    status === 128
      ? error("unknown-commit", `commit ${sha} is not in the repository at ${root} (${complaint})`)
      : undefined,
  );
  return run.ok ? ok(trimMessage(run.value)) : run;
}
