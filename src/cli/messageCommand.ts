import path from "node:path";
import { composeMessage } from "../commit/composeMessage.js";
import { parseComposeArgs } from "../commit/parseComposeArgs.js";
import { InvalidInputError } from "../errors.js";
import { planCommits } from "../planCommits.js";
import { EXIT, type ExitCode } from "./exitCodes.js";
import type { CliIO } from "./io.js";

export interface MessageOptions {
  /** When given, the names and targets are checked against this cluster repository. */
  readonly repo?: string;
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
  if (!directive.ok) throw new InvalidInputError(directive.diagnostics);
  const title = composeMessage(directive.value);
  if (!title.ok) throw new InvalidInputError(title.diagnostics);
  if (options.repo !== undefined) {
    // Planning the title is the check: unknown instances and targets that match nothing fail
    // exactly as they would in the pipeline.
    const planned = planCommits(path.resolve(io.cwd, options.repo), [
      { sha: null, message: title.value },
    ]);
    if (!planned.ok) throw new InvalidInputError(planned.diagnostics);
  }
  io.stdout(`${title.value}\n`);
  return EXIT.ok;
}
