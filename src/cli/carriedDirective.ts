/**
 * Where the directive of a pipeline not started by a push comes from. In such a pipeline GitLab
 * sets CI_COMMIT_MESSAGE to the head commit's message, so reading it would repeat whatever the
 * head commit asked for: a trigger client's new-instance request would redeploy the last
 * instance, an abort would start a deployment, a nightly schedule would redeploy every night. So
 * the directive comes only from what the pipeline explicitly carries itself (docs/security-model.md):
 * - the trigger client's variables (commit/triggerRequest.ts);
 * - in a trigger pipeline, a webhook's TRIGGER_PAYLOAD (a push event of an edx-platform fork);
 * - a CI_COMMIT_MESSAGE that differs from the head commit's own message (a schedule's or a
 *   manual run's variable overrides GitLab's value).
 * With none of them the pipeline is a noop saying where a directive would have to come from;
 * with more than one it is an error naming them.
 */

import { parsePushEvent, payloadProblem, TRIGGER_PAYLOAD } from "../commit/pushEvent.js";
import type { PushEventDirective } from "../commit/pushEvent.js";
import { readTriggerRequest } from "../commit/triggerRequest.js";
import { error, fail } from "../diagnostic.js";
import type { Result } from "../diagnostic.js";
import { InvalidInputError } from "../errors.js";
import { NOOP_REASONS } from "../plan/plan.js";
import type { CommitInput } from "../pipeline/planCommits.js";
import { commitMessage, headMessage } from "../repo/git.js";
import { describeRefusal, FILE_SIZE_CAPS, readRegularFile } from "../repo/regularFile.js";
import { unwrap, type CliIO } from "./io.js";
import type { ResolvedMessages } from "./messageSource.js";

/** Sources that read commits: a push its commits, a merge request its title (a preview). */
const READS_COMMITS: readonly string[] = ["push", "merge_request_event"];

/** Whether this is a GitLab pipeline whose directive must be carried (see the file's comment). */
export function mustCarryDirective(env: CliIO["env"]): boolean {
  const source = env.CI_PIPELINE_SOURCE ?? "";
  return env.GITLAB_CI === "true" && source !== "" && !READS_COMMITS.includes(source);
}

/** A message's text as git and GitLab may each give it: line ends and trailing blank lines vary. */
function normalized(message: string): string {
  return message.replace(/\r\n?/g, "\n").replace(/\s+$/, "");
}

/**
 * Whether CI_COMMIT_MESSAGE is the pipeline's own rather than its commit's (CI_COMMIT_SHA, which
 * GitLab always sets; HEAD without it). That commit must be readable: without it nothing tells
 * a schedule's own message from a replay. Only outside a git checkout with no CI_COMMIT_SHA
 * (no head commit at all) is there nothing to repeat.
 */
function isOwnMessage(io: CliIO, repo: string, message: string): boolean {
  const sha = io.env.CI_COMMIT_SHA;
  const head = sha !== undefined && sha !== "" ? commitMessage(repo, sha) : headMessage(repo);
  if (sha === undefined && !head.ok && head.diagnostics.every((d) => NO_HEAD.includes(d.code))) {
    return true;
  }
  return normalized(message) !== normalized(unwrap(io, head));
}

const NO_HEAD: readonly string[] = ["not-a-git-repo", "no-commits"];

interface Carrier {
  /** What carried it, for the `plan` header and errors. */
  readonly what: string;
  readonly commit: CommitInput;
}

/** The one directive a non-push pipeline carries, or its noop. */
export function carriedMessages(io: CliIO, repo: string): ResolvedMessages {
  const env = io.env;
  const carriers: Carrier[] = [];
  const request = unwrap(io, readTriggerRequest(env));
  if (request !== null) {
    carriers.push({
      what: "the trigger client's variables",
      commit: {
        sha: null,
        message: `the trigger client's ${request.kind}`,
        carried: { directive: request, origin: "trigger-variables" },
      },
    });
  }
  const payload = env[TRIGGER_PAYLOAD] ?? "";
  if (env.CI_PIPELINE_SOURCE === "trigger" && payload !== "") {
    const event = unwrap(io, readTriggerPayload(payload));
    carriers.push({
      what: TRIGGER_PAYLOAD,
      commit: {
        sha: null,
        message: event.title,
        carried: {
          directive: event.directive,
          origin: "trigger-payload",
          ...(event.noopReason === null ? {} : { noopReason: event.noopReason }),
        },
      },
    });
  }
  const own = env.CI_COMMIT_MESSAGE;
  if (own !== undefined && isOwnMessage(io, repo, own)) {
    // The message is the pipeline's, not its commit's: no commit is named for it.
    carriers.push({ what: "a CI_COMMIT_MESSAGE of its own", commit: { sha: null, message: own } });
  }
  const [only, second] = carriers;
  if (second !== undefined) {
    throw new InvalidInputError([
      error(
        "conflicting-sources",
        `this pipeline carries ${carriers.map((c) => c.what).join(" and ")}; give it one directive`,
      ),
    ]);
  }
  if (only !== undefined) return { commits: [only.commit], source: only.what };
  return {
    commits: [
      {
        sha: null,
        message: "nothing this pipeline carries",
        carried: {
          directive: { kind: "none" },
          origin: "nothing-carried",
          noopReason: NOOP_REASONS.notCarried,
        },
      },
    ],
    source: `nothing this ${env.CI_PIPELINE_SOURCE ?? ""} pipeline carries itself; it does not repeat the head commit's directive`,
  };
}

/** The most of a webhook's body that is read (see FILE_SIZE_CAPS). */
export const MAX_PAYLOAD_BYTES = FILE_SIZE_CAPS.payload;

/**
 * The push event of TRIGGER_PAYLOAD. GitLab passes the webhook's body as a file variable, so the
 * value is the path of a file holding the JSON, read as any file the generator reads (a regular
 * file, UTF-8, within its size cap); a value that is itself a JSON object (a variable set by hand)
 * is read as it is.
 */
export function readTriggerPayload(value: string): Result<PushEventDirective> {
  if (value.trimStart().startsWith("{")) {
    if (value.length <= MAX_PAYLOAD_BYTES) return parsePushEvent(value);
    return fail([
      payloadProblem(`the value ${describeRefusal({ kind: "too-large", cap: MAX_PAYLOAD_BYTES })}`),
    ]);
  }
  const read = readRegularFile(value, { kind: "payload" });
  if (!read.ok) return fail([payloadProblem(`the file ${value} ${describeRefusal(read.refusal)}`)]);
  return parsePushEvent(read.text);
}
