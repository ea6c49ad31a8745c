import { errnoCode } from "../errors.js";
import { readFileSync } from "node:fs";
import { parseCommitMessage } from "../commit/parseCommitMessage.js";
import type { Diagnostic } from "../diagnostic.js";
import { UsageError } from "./cliErrors.js";
import { describeDirective } from "./describeDirective.js";
import { EXIT, type ExitCode } from "./exitCodes.js";
import { formatDiagnostic } from "./formatDiagnostic.js";
import type { CliIO } from "./io.js";
import { resolveMessages } from "./resolveMessages.js";
import { sanitizeForTerminal } from "../text.js";

export interface LintOptions {
  readonly messageFile?: string;
  readonly hook?: string;
  readonly json?: boolean;
}

function jsonProblem(d: Diagnostic): { message: string; column?: number } {
  return d.column === undefined ? { message: d.message } : { message: d.message, column: d.column };
}

/**
 * git's commit-msg hook gets the file git is about to commit; lines starting with `#` are
 * comments git strips, so they are not part of the title.
 */
function readHookFile(file: string): string {
  try {
    return readFileSync(file, "utf8")
      .split(/\r?\n/)
      .filter((line) => !line.startsWith("#"))
      .join("\n");
  } catch (cause) {
    const code = errnoCode(cause) ?? "unknown error";
    throw new UsageError(`cannot read commit message file ${file}: ${code}`);
  }
}

export function lintCommand(
  io: CliIO,
  message: string | undefined,
  options: LintOptions,
): ExitCode {
  const sources = [message, options.messageFile, options.hook].filter((s) => s !== undefined);
  if (sources.length > 1) {
    throw new UsageError("give the message once: MESSAGE, --message-file or --hook");
  }
  const text =
    options.hook !== undefined
      ? readHookFile(options.hook)
      : (resolveMessages(io, io.cwd, {
          message,
          messageFile: options.messageFile,
          singleCommit: true,
        }).commits[0]?.message ?? "");
  const result = parseCommitMessage(text);
  if (options.json === true) {
    const body = result.ok
      ? { valid: true, directive: result.value, warnings: result.warnings.map(jsonProblem) }
      : { valid: false, errors: result.diagnostics.map(jsonProblem) };
    io.stdout(`${JSON.stringify(body, null, 2)}\n`);
    return result.ok ? EXIT.ok : EXIT.invalid;
  }
  if (!result.ok) {
    for (const d of result.diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
    return EXIT.invalid;
  }
  for (const d of result.warnings) io.stderr(`${formatDiagnostic(d)}\n`);
  io.stdout(`valid: ${sanitizeForTerminal(describeDirective(result.value))}\n`);
  return EXIT.ok;
}
