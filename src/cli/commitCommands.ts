/**
 * The commands about one commit title: `lint` checks it (also as git's commit-msg hook), `message`
 * composes a valid one from arguments.
 */

import path from "node:path";
import { composeMessage } from "../commit/composeMessage.js";
import { parseCommitMessage } from "../commit/parseCommitMessage.js";
import { parseComposeArgs } from "../commit/parseComposeArgs.js";
import type { Directive } from "../commit/directive.js";
import { fail, ok, warning } from "../diagnostic.js";
import type { Diagnostic, Result } from "../diagnostic.js";
import { undeployedSentence } from "../plan/plan.js";
import { stagedInstances } from "../repo/gitHistory.js";
import { planCommits } from "../pipeline/planCommits.js";
import { sanitizeForTerminal } from "../text.js";
import {
  EXIT,
  JSON_FORMAT_VERSION,
  jsonDiagnostic,
  printJson,
  unwrap,
  UsageError,
  withJsonErrors,
  type CliIO,
  type ExitCode,
} from "./io.js";
import { readHookMessage, singleMessage } from "./messageSource.js";
import { describeDirective } from "./planOutput.js";

interface LintOptions {
  readonly messageFile?: string;
  readonly hook?: string;
  readonly json?: boolean;
  /** Check instance names and batch targets against this cluster repository's working tree. */
  readonly repo?: string;
}

/** `lint`: whether a commit title is a valid directive, and what it asks for. */
export function lintCommand(
  io: CliIO,
  message: string | undefined,
  options: LintOptions,
): ExitCode {
  return withJsonErrors(io, options.json === true, () => lintMessage(io, message, options));
}

function lintMessage(io: CliIO, message: string | undefined, options: LintOptions): ExitCode {
  const sources = [message, options.messageFile, options.hook].filter((s) => s !== undefined);
  if (sources.length > 1) {
    throw new UsageError("give the message once: MESSAGE, --message-file or --hook");
  }
  const text =
    options.hook !== undefined
      ? readHookMessage(options.hook)
      : singleMessage(io, io.cwd, { message, messageFile: options.messageFile }).commit.message;
  const parsed = parseCommitMessage(text);
  const checked =
    options.repo === undefined || !parsed.ok ? null : checkAgainstRepo(io, text, options);
  const result: Result<Directive> =
    checked === null || checked.ok
      ? parsed.ok
        ? ok(parsed.value, [...parsed.warnings, ...(checked?.warnings ?? [])])
        : parsed
      : fail(checked.diagnostics, parsed.warnings);
  if (options.json === true) {
    const formatVersion = JSON_FORMAT_VERSION;
    const body = result.ok
      ? {
          formatVersion,
          valid: true,
          directive: result.value,
          warnings: result.warnings.map(jsonDiagnostic),
        }
      : { formatVersion, valid: false, errors: result.diagnostics.map(jsonDiagnostic) };
    printJson(io, body);
    return result.ok ? EXIT.ok : EXIT.invalid;
  }
  const directive = unwrap(io, result);
  // As a hook it is silent when the title is fine, like commitlint: git shows what it prints.
  if (options.hook === undefined) {
    io.stdout(`valid: ${sanitizeForTerminal(describeDirective(directive))}\n`);
  }
  return EXIT.ok;
}

/**
 * The title planned against the repository, as the pipeline will plan it: unknown instances and
 * batch targets that match nothing are errors at their column. As a hook, instances the commit
 * changes that its directive does not deploy are a warning (the change stays undeployed).
 */
function checkAgainstRepo(io: CliIO, message: string, options: LintOptions): Result<null> {
  const repo = path.resolve(io.cwd, options.repo ?? ".");
  const planned = planCommits(repo, [{ sha: null, message }]);
  if (!planned.ok) return planned;
  if (options.hook === undefined) return ok(null, planned.warnings);
  const staged = stagedInstances(repo, planned.value.settings.instancesDir);
  if (!staged.ok) return ok(null, planned.warnings);
  const worked = new Set(
    planned.value.plan.jobs.flatMap((j) => (j.instance === null ? [] : [j.instance])),
  );
  const undeployed = staged.value.filter((name) => !worked.has(name));
  if (undeployed.length === 0) return ok(null, planned.warnings);
  const note = warning(
    "undeployed-change",
    `this commit changes ${undeployed.join(", ")} without deploying ${undeployed.length === 1 ? "it" : "them"}; ${undeployedSentence(undeployed)}`,
  );
  return ok(null, [...planned.warnings, note]);
}

interface MessageOptions {
  /** When given, the names and targets are checked against this cluster repository. */
  readonly repo?: string;
}

/**
 * A problem the repository check found points at the argument it is about, not at a column of
 * the composed title, which the person never typed.
 */
function pointAtArgument(d: Diagnostic, args: readonly string[]): Diagnostic {
  const { column, ...rest } = d;
  const index = args.findIndex((a) => d.subject !== undefined && a.split(/[:|]/)[0] === d.subject);
  return index < 0 ? rest : { ...rest, message: `argument ${index + 1}: ${d.message}` };
}

/** Argument problems already say "argument N" in their text; a column would say it twice. */
function withoutColumn(d: Diagnostic): Diagnostic {
  const { column, ...rest } = d;
  return rest;
}

/**
 * Composes a valid directive title from arguments, for people and for trigger clients:
 * `message update site-a:42 site-b` → `[AutoDeploy][Update] site-a|42,site-b`.
 */
export function messageCommand(
  io: CliIO,
  kind: string,
  args: readonly string[],
  options: MessageOptions,
): ExitCode {
  const directive = unwrap(io, parseComposeArgs(kind, args), withoutColumn);
  const title = unwrap(io, composeMessage(directive), withoutColumn);
  if (options.repo !== undefined) {
    // Planning the title is the check: unknown instances and targets that match nothing fail
    // exactly as they would in the pipeline.
    const planned = planCommits(path.resolve(io.cwd, options.repo), [
      { sha: null, message: title },
    ]);
    unwrap(io, planned, (d) => pointAtArgument(d, args));
  }
  io.stdout(`${title}\n`);
  return EXIT.ok;
}
