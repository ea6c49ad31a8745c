import path from "node:path";
import { composeMessage } from "../commit/composeMessage.js";
import { parseComposeArgs } from "../commit/parseComposeArgs.js";
import type { Diagnostic } from "../diagnostic.js";
import { InvalidInputError } from "../errors.js";
import { planCommits } from "../pipeline/planCommits.js";
import { EXIT, type ExitCode } from "./exitCodes.js";
import type { CliIO } from "./io.js";

export interface MessageOptions {
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
  const directive = parseComposeArgs(kind, args);
  if (!directive.ok) throw new InvalidInputError(directive.diagnostics.map(withoutColumn));
  const title = composeMessage(directive.value);
  if (!title.ok) throw new InvalidInputError(title.diagnostics.map(withoutColumn));
  if (options.repo !== undefined) {
    // Planning the title is the check: unknown instances and targets that match nothing fail
    // exactly as they would in the pipeline.
    const planned = planCommits(path.resolve(io.cwd, options.repo), [
      { sha: null, message: title.value },
    ]);
    if (!planned.ok) {
      throw new InvalidInputError(planned.diagnostics.map((d) => pointAtArgument(d, args)));
    }
  }
  io.stdout(`${title.value}\n`);
  return EXIT.ok;
}
