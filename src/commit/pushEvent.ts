import * as z from "zod/mini";
import { error, fail, ok } from "../diagnostic.js";
import type { Diagnostic, Result } from "../diagnostic.js";
import { quoteText } from "../text.js";
import type { Directive } from "./directive.js";
import { checkRepositoryPattern, checkVersionPattern } from "./grammar.js";

/**
 * A webhook's push event as a directive. In Grove a push to an edx-platform fork reaches the
 * cluster through a webhook pointed at a GitLab pipeline trigger, and GitLab hands the webhook's
 * body to the pipeline as TRIGGER_PAYLOAD. A push of a branch or a tag becomes a batch upgrade of
 * every instance running that repository at that branch or tag; a branch deletion and any event
 * that is not a push do nothing, and say why.
 *
 * The payload is untrusted JSON: only the few fields read here are checked (GitHub's and
 * GitLab's documented push events), the repository and ref by the grammar's own rules, and every
 * problem is one line naming TRIGGER_PAYLOAD.
 */

export const TRIGGER_PAYLOAD = "TRIGGER_PAYLOAD";

export interface PushEventDirective {
  readonly directive: Directive;
  /** What the event was, for the plan's sources: `GitHub push of refs/heads/x to <url>`. */
  readonly title: string;
  /** Why nothing is done, for a deletion or an event that is not a push; else null. */
  readonly noopReason: string | null;
}

/**
 * The schemas of the events read here, built on first use: every run of the command loads this
 * module, and only trigger pipelines with a payload need them.
 */
function buildSchemas() {
  return {
    /** GitLab's push and tag push events (object_kind push, tag_push). */
    gitlab: z.looseObject({
      object_kind: z.string(),
      ref: z.optional(z.string()),
      after: z.optional(z.nullable(z.string())),
      project: z.optional(z.looseObject({ git_http_url: z.string() })),
    }),
    /** GitHub's push event: it alone has `pusher` (a ping has `zen`, other events neither). */
    github: z.looseObject({
      ref: z.string(),
      after: z.string(),
      deleted: z.boolean(),
      pusher: z.looseObject({}),
      repository: z.looseObject({ clone_url: z.string() }),
    }),
  };
}
let cachedSchemas: ReturnType<typeof buildSchemas> | undefined;
const schemas = (): ReturnType<typeof buildSchemas> => (cachedSchemas ??= buildSchemas());

const ALL_ZEROS = /^0+$/;

function bad(message: string): Result<PushEventDirective> {
  return fail([payloadProblem(message)]);
}

function nothing(title: string, why: string): Result<PushEventDirective> {
  return ok({
    directive: { kind: "none" },
    title,
    noopReason: `The webhook's TRIGGER_PAYLOAD is ${why}, so there is no deployment work to do.`,
  });
}

/** The directive of a webhook's JSON body (the text of the TRIGGER_PAYLOAD file). */
export function parsePushEvent(text: string): Result<PushEventDirective> {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (cause) {
    const why = cause instanceof Error ? cause.message : "not JSON";
    return bad(`the webhook's body is not JSON (${why})`);
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return bad("the webhook's body is not a JSON object");
  }
  if ("object_kind" in body) {
    const event = schemas().gitlab.safeParse(body);
    if (!event.success) return bad(`a GitLab event with ${describeIssue(event.error.issues)}`);
    const { object_kind: kind, ref, after, project } = event.data;
    if (kind !== "push" && kind !== "tag_push") {
      return nothing(`GitLab ${kind} event`, `a GitLab ${quoteText(kind)} event, not a push`);
    }
    if (ref === undefined || after === undefined || project === undefined) {
      return bad("a GitLab push event needs ref, after and project.git_http_url");
    }
    return pushOf("GitLab", project.git_http_url, ref, after === null || ALL_ZEROS.test(after));
  }
  if ("pusher" in body) {
    const event = schemas().github.safeParse(body);
    if (!event.success) return bad(`a GitHub push event with ${describeIssue(event.error.issues)}`);
    const { ref, after, deleted, repository } = event.data;
    return pushOf("GitHub", repository.clone_url, ref, deleted || ALL_ZEROS.test(after));
  }
  const what = "zen" in body ? "GitHub's ping of a new webhook" : "an event that is not a push";
  return nothing("webhook event that is not a push", what);
}

/** A branch or tag push of `repository` as a batch upgrade of that branch or tag. */
function pushOf(
  host: string,
  repository: string,
  ref: string,
  deleted: boolean,
): Result<PushEventDirective> {
  const repoProblem = checkRepositoryPattern(repository);
  if (repoProblem !== null || repository.includes("*")) {
    return bad(
      `the pushed repository is not a git URL grove-pipelines accepts: ${repoProblem?.message ?? "it contains *"}`,
    );
  }
  const version = refName(ref);
  if (version === null) {
    return bad(
      `the pushed ref ${quoteText(ref)} is neither refs/heads/<branch> nor refs/tags/<tag>`,
    );
  }
  const versionProblem = checkVersionPattern(version);
  if (versionProblem !== null || version.includes("*")) {
    return bad(
      `the pushed ref is not a version grove-pipelines accepts: ${versionProblem?.message ?? "it contains *"}`,
    );
  }
  const title = `${host} push of ${ref} to ${repository}`;
  if (deleted) return nothing(title, `the deletion of ${ref}, which has nothing to deploy`);
  return ok({
    directive: { kind: "batch-upgrade", targets: [{ repository, version }] },
    title,
    noopReason: null,
  });
}

/** `refs/heads/x` → `x`, `refs/tags/v1` → `v1`; anything else null. */
function refName(ref: string): string | null {
  for (const prefix of ["refs/heads/", "refs/tags/"]) {
    if (ref.startsWith(prefix) && ref.length > prefix.length) return ref.slice(prefix.length);
  }
  return null;
}

/** The first schema problem, as `a missing or wrong repository.clone_url`. */
function describeIssue(issues: readonly { readonly path: readonly PropertyKey[] }[]): string {
  const [first] = issues;
  const where = first === undefined ? "" : first.path.map(String).join(".");
  return where === "" ? "an unexpected shape" : `a missing or wrong ${where}`;
}

/** The diagnostics of a payload that cannot be read at all, for the CLI's file reading. */
export function payloadProblem(message: string): Diagnostic {
  return error("bad-trigger-payload", `${TRIGGER_PAYLOAD}: ${message}`);
}
