/**
 * Where the commit message(s) come from (SPEC.md): a flag, a file, the commits of a push, a merge
 * request's title, CI_COMMIT_MESSAGE, or the repository's newest commit.
 */

import { error, fail } from "../diagnostic.js";
import { errnoCode, InvalidInputError } from "../errors.js";
import type { CommitInput } from "../pipeline/planCommits.js";
import {
  firstParentCommits,
  headMessage,
  historyCutBetween,
  isAncestor,
  isShallowRepository,
  resolveCommit,
} from "../repo/git.js";
import { resolveRepoRoot } from "../repo/files.js";
import {
  describeRefusal,
  FILE_SIZE_CAPS,
  formatBytes,
  readRegularFile,
  ReadRefusedError,
} from "../repo/regularFile.js";
import { carriedMessages, mustCarryDirective } from "./carriedDirective.js";
import { unwrap, UsageError, type CliIO } from "./io.js";

export interface MessageSourceOptions {
  readonly message?: string | undefined;
  readonly messageFile?: string | undefined;
  /**
   * Plan only the newest commit's own message: not the several commits of a push, nor the title a
   * merge request's merge will carry.
   */
  readonly singleCommit?: boolean | undefined;
}

const SHA = /^[0-9a-f]{7,64}$/i;
const ALL_ZEROS = /^0+$/;

/** Where the messages came from, for people reading `plan` output. */
export interface ResolvedMessages {
  readonly commits: readonly CommitInput[];
  readonly source: string;
}

/** Options of every command that plans the commit(s) of a cluster repository. */
export interface PlanSourceOptions extends MessageSourceOptions {
  readonly repo?: string;
  readonly skipInvalid?: boolean;
}

/**
 * A file the person named; one that cannot be read is a wrong command line. A pipe is read (process
 * substitution, `--message-file <(git log -1 --format=%B)`), a device is not, and neither is read
 * past the message size cap.
 */
function readTextFile(file: string, what: string): string {
  return readText(() => {
    const read = readRegularFile(file, { kind: "message", allowPipes: true });
    if (!read.ok) throw new ReadRefusedError(read.refusal);
    return read.text;
  }, `${what} ${file}`);
}

/** A message the command line points at, or a usage error naming it and why it cannot be read. */
function readText(read: () => string, what: string): string {
  try {
    return read();
  } catch (cause) {
    const refusal = cause instanceof ReadRefusedError ? cause.refusal : null;
    if (refusal !== null && refusal.kind !== "errno") {
      throw new UsageError(`${what} ${describeRefusal(refusal)}`);
    }
    const code = refusal?.kind === "errno" ? refusal.code : errnoCode(cause);
    throw new UsageError(`cannot read ${what}: ${code ?? "unknown error"}`);
  }
}

/**
 * git's commit-msg hook gets the file git is about to commit; lines starting with `#` are
 * comments git strips, so they are not part of the title.
 */
export function readHookMessage(file: string): string {
  return readTextFile(file, "commit message file")
    .split(/\r?\n/)
    .filter((line) => !line.startsWith("#"))
    .join("\n");
}

/**
 * A push of several commits must not lose the directives of the older ones: GitLab runs one
 * pipeline for the newest commit only. When the push's previous tip is a real ancestor, every
 * first-parent commit since then is planned.
 */
function pushedCommits(io: CliIO, repo: string): ResolvedMessages | null {
  const env = io.env;
  const before = env.CI_COMMIT_BEFORE_SHA ?? "";
  if (env.CI_PIPELINE_SOURCE !== "push" || !SHA.test(before) || ALL_ZEROS.test(before)) return null;
  const headRev =
    env.CI_COMMIT_SHA !== undefined && SHA.test(env.CI_COMMIT_SHA) ? env.CI_COMMIT_SHA : "HEAD";
  const head = resolveCommit(repo, headRev);
  const base = resolveCommit(repo, before);
  if (head !== null && base === null && isShallowRepository(repo)) {
    // In a shallow clone a missing previous tip may be an ancestor cut off by the clone depth:
    // planning HEAD alone would silently drop the directives of the older pushed commits.
    throw new InvalidInputError([
      error(
        "push-history-missing",
        `CI_COMMIT_BEFORE_SHA ${before} is not in this shallow clone, so the commits this push ` +
          "brought cannot all be read; give the generator job the whole history (GIT_DEPTH: 0) " +
          "or, after a force push, run it with --single-commit",
      ),
    ]);
  }
  if (head === null || base === null) return null;
  if (!isAncestor(repo, base, head)) {
    // A force push, unless the clone's depth cut the link between the two: then the older pushed
    // commits may be there but unreachable, and planning HEAD alone would drop their directives.
    if (!historyCutBetween(repo, base, head)) return null;
    throw new InvalidInputError([
      error(
        "push-history-missing",
        `CI_COMMIT_BEFORE_SHA ${before} is in this shallow clone but the clone's depth cut its link ` +
          "to the pushed commit, so the commits this push brought cannot all be read; give the " +
          "generator job the whole history (GIT_DEPTH: 0, or git fetch --unshallow before it) " +
          "or, after a force push, run it with --single-commit",
      ),
    ]);
  }
  const commits = unwrap(io, firstParentCommits(repo, base, head));
  if (commits.length === 0) return null;
  return {
    commits,
    source: `${commits.length} commit(s) pushed since ${base.slice(0, 8)}`,
  };
}

/**
 * A merge request pipeline previews what merging would do. GitLab's merge commit carries the
 * merge request title on its first line after "Merge branch ..." (which the grammar reads as the
 * title), and a squash commit is titled with it by default; the branch's own commits are not on
 * the target branch's first-parent chain. So the title decides, not CI_COMMIT_MESSAGE (the
 * branch's newest commit).
 */
function mergeRequestTitle(io: CliIO): ResolvedMessages | null {
  const title = io.env.CI_MERGE_REQUEST_TITLE;
  if (io.env.CI_PIPELINE_SOURCE !== "merge_request_event" || title === undefined) return null;
  if (title.trim() === "") return null;
  // What the merge request changes, for the instances it changes without deploying them.
  const from = io.env.CI_MERGE_REQUEST_DIFF_BASE_SHA ?? "";
  const to = io.env.CI_COMMIT_SHA ?? "";
  const changes = SHA.test(from) && SHA.test(to) ? { from, to } : undefined;
  return {
    commits: [
      {
        ...(deploymentRequestMerge(io, title) ?? { sha: null, message: title }),
        ...(changes === undefined ? {} : { changes }),
      },
    ],
    source: "CI_MERGE_REQUEST_TITLE, the title merging will give the target branch",
  };
}

/**
 * The merge request of a `deployment/<instance>/<id>` branch previews the merge commit GitLab
 * will write (`Merge branch '...' into '...'` and the title), compared with the merge base, as
 * the merge's own pipeline will compare it with its first parent.
 */
function deploymentRequestMerge(io: CliIO, title: string): CommitInput | null {
  const source = io.env.CI_MERGE_REQUEST_SOURCE_BRANCH_NAME ?? "";
  const target = io.env.CI_MERGE_REQUEST_TARGET_BRANCH_NAME ?? "";
  const base = io.env.CI_MERGE_REQUEST_DIFF_BASE_SHA ?? "";
  if (!/^deployment\/[^/']+\/[^/']+$/.test(source) || target.includes("'") || !SHA.test(base)) {
    return null;
  }
  return {
    sha: null,
    message: `Merge branch '${source}' into '${target}'\n\n${title}`,
    before: base,
  };
}

/**
 * The message source, first that applies (SPEC.md): --message, --message-file, what a GitLab
 * pipeline not started by a push carries itself (carriedDirective.ts), the commits of a
 * multi-commit push, a merge request's title, CI_COMMIT_MESSAGE, then `git log -1` in the
 * repository. `singleCommit` skips the push and merge request sources.
 */
export function resolveMessages(
  io: CliIO,
  repo: string,
  options: MessageSourceOptions,
): ResolvedMessages {
  // A --repo that is missing or a file is the command line's mistake (exit 2), whatever git
  // would say about it when asked for the message first.
  const root = resolveRepoRoot(repo);
  if (!root.ok) throw new InvalidInputError(root.diagnostics);
  const fromFlag = options.message !== undefined || options.messageFile !== undefined;
  // Not started by a push: only what the pipeline itself carries, never the head's directive.
  if (!fromFlag && mustCarryDirective(io.env)) return carriedMessages(io, repo);
  if (!fromFlag && options.singleCommit !== true) {
    const pushed = pushedCommits(io, repo) ?? mergeRequestTitle(io);
    if (pushed !== null) return withinCap(pushed);
  }
  const { commit, source } = singleMessage(io, repo, options);
  return withinCap({ commits: [commit], source });
}

/**
 * A commit message from git is held to the cap of a message file: nothing a person writes is that
 * long, and everything after reads the title (and shows an excerpt of it) in time linear in it.
 */
function withinCap(messages: ResolvedMessages): ResolvedMessages {
  const cap = FILE_SIZE_CAPS.message;
  const long = messages.commits.filter((c) => Buffer.byteLength(c.message, "utf8") > cap);
  if (long.length === 0) return messages;
  throw new InvalidInputError(
    long.map((c) =>
      error(
        "message-too-large",
        `the message of ${c.sha === null ? messages.source : `commit ${c.sha.slice(0, 8)}`} is larger than ${formatBytes(cap)}, the most read from one commit message`,
      ),
    ),
  );
}

/** One commit's message: --message, --message-file, CI_COMMIT_MESSAGE, then `git log -1`. */
export function singleMessage(
  io: CliIO,
  repo: string,
  options: MessageSourceOptions,
): { readonly commit: CommitInput; readonly source: string } {
  if (options.message !== undefined && options.messageFile !== undefined) {
    throw new UsageError("give either --message or --message-file, not both");
  }
  if (options.message !== undefined) {
    return { commit: { sha: null, message: options.message }, source: "--message" };
  }
  const file = options.messageFile;
  if (file !== undefined) {
    const message =
      file === "-"
        ? readText(io.readStdin, "--message-file - (standard input)")
        : readTextFile(file, "--message-file");
    return { commit: { sha: null, message }, source: `--message-file ${file}` };
  }
  const fromEnv = io.env.CI_COMMIT_MESSAGE;
  if (fromEnv !== undefined) {
    const sha = io.env.CI_COMMIT_SHA;
    return {
      commit: { sha: sha !== undefined && SHA.test(sha) ? sha : null, message: fromEnv },
      source: "CI_COMMIT_MESSAGE",
    };
  }
  const head = headMessage(repo);
  const hint = error(
    "no-message",
    "no commit message: pass --message or --message-file, or run in a git repository",
  );
  const message = unwrap(io, head.ok ? head : fail([...head.diagnostics, hint], head.warnings));
  return { commit: { sha: resolveCommit(repo, "HEAD"), message }, source: "git log -1" };
}
