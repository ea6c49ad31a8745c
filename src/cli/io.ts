/**
 * What every command shares: the outside world it is given, the exit codes it ends with, and how
 * what it says gets out (problems one line each on standard error, `--json` values, and the bytes
 * main.ts writes to file descriptors 1 and 2).
 */

import { writeSync } from "node:fs";
import { formatLocation, type Diagnostic, type Result } from "../diagnostic.js";
import { errnoCode, GrovePipelinesError, InvalidInputError } from "../errors.js";
import { sanitizeForTerminal } from "../text.js";

/**
 * Everything the CLI needs from the outside world, passed in so the whole CLI can run in-process
 * in tests (only main.ts binds it to the real process).
 */
export interface CliIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Reads all of standard input (for `--message-file -`). */
  readonly readStdin: () => string;
  /** Whether standard output is a terminal (colour, tables). */
  readonly stdoutIsTTY: boolean;
}

/** Exit codes documented in SPEC.md and the README. */
export const EXIT = {
  ok: 0,
  /** The commit message or the repository content is invalid. */
  invalid: 1,
  /** The command line is wrong. */
  usage: 2,
  /** A bug in grove-pipelines (EX_SOFTWARE). */
  internal: 70,
  /** A file the command was asked to write could not be written (EX_IOERR). */
  ioError: 74,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The command line itself is wrong: exit code 2. */
export class UsageError extends GrovePipelinesError {
  constructor(message: string) {
    super("usage", message);
  }
}

/** The version of every `--json` shape (plan, status, history, lint): keys are only ever added. */
export const JSON_FORMAT_VERSION = 1;

/** One problem as `--json` prints it: its code, severity, message and every position it has. */
export function jsonDiagnostic(d: Diagnostic): Record<string, string | number> {
  const out: Record<string, string | number> = {
    code: d.code,
    severity: d.severity,
    message: d.message,
  };
  if (d.column !== undefined) out.column = d.column;
  if (d.file !== undefined) out.file = d.file;
  if (d.line !== undefined) out.line = d.line;
  if (d.fileColumn !== undefined) out.fileColumn = d.fileColumn;
  if (d.keyPath !== undefined) out.keyPath = d.keyPath;
  return out;
}

/**
 * Runs a command asked for `--json` so that its failures are JSON too, on standard output:
 * `{"formatVersion": 1, "ok": false, "errors": [...]}` with the exit code the failure has as
 * text (1 for invalid input, 2 for a wrong command line). Standard error still gets the same
 * problems as lines, for the person reading a CI log. Without `json` the command runs as is.
 */
export function withJsonErrors(io: CliIO, json: boolean, command: () => ExitCode): ExitCode {
  if (!json) return command();
  try {
    return command();
  } catch (err) {
    if (err instanceof InvalidInputError) {
      const errors = err.diagnostics.map(jsonDiagnostic);
      printJson(io, { formatVersion: JSON_FORMAT_VERSION, ok: false, errors });
      printDiagnostics(io, err.diagnostics);
      const usage = err.diagnostics.every((d) => d.code === "missing-repository");
      return err.diagnostics.length > 0 && usage ? EXIT.usage : EXIT.invalid;
    }
    if (err instanceof UsageError) {
      const errors = [{ code: "usage", severity: "error", message: err.message }];
      printJson(io, { formatVersion: JSON_FORMAT_VERSION, ok: false, errors });
      io.stderr(`error: ${err.message}\n`);
      return EXIT.usage;
    }
    throw err;
  }
}

/** `--json` output: one value, indented by two spaces, then a newline. */
export function printJson(io: CliIO, value: unknown): void {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`);
}

/**
 * How many problems the CLI prints before it only counts the rest. A 100 KB title can name
 * 10,000 instances or targets, each a problem; printed in full that is megabytes of job log
 * (past GitLab's log limit), while the first few hundred already say what is wrong.
 */
const MAX_PRINTED_PROBLEMS = 200;

/**
 * One line per problem: `error: <where>: <message>`. Where is `file:line:column`, the settings key,
 * or the column in the commit title.
 */
export function formatDiagnostic(d: Diagnostic): string {
  const where: string[] = [];
  const location = formatLocation(d);
  if (location !== undefined) where.push(location);
  if (d.keyPath !== undefined) where.push(`key ${d.keyPath}`);
  // A title that is not the message's first line (a merge commit's) has a line of its own.
  if (d.column !== undefined && d.file === undefined && d.line !== undefined) {
    where.push(`line ${d.line}`);
  }
  if (d.column !== undefined) where.push(`column ${d.column}`);
  const prefix = where.length > 0 ? `${where.join(", ")}: ` : "";
  const oneLine = d.message.replace(/\r?\n/g, " ");
  return sanitizeForTerminal(`${d.severity}: ${prefix}${oneLine}`);
}

/** One line per problem on standard error, at most `max` of them, then how many were left out. */
export function printDiagnostics(
  io: CliIO,
  diagnostics: readonly Diagnostic[],
  max: number = MAX_PRINTED_PROBLEMS,
): void {
  for (const d of diagnostics.slice(0, max)) io.stderr(`${formatDiagnostic(d)}\n`);
  const hidden = diagnostics.length - max;
  if (hidden > 0) {
    io.stderr(`error: ${hidden} more problems not shown (${diagnostics.length} in all)\n`);
  }
}

/**
 * The one way a step's Result reaches the command line: its warnings go to standard error, as they
 * would in a CI log, and a failure ends the command through run.ts (exit code 1, or 2 for a
 * repository that does not exist) with `adjust` applied to each problem first.
 */
export function unwrap<T>(
  io: CliIO,
  result: Result<T>,
  adjust: (d: Diagnostic) => Diagnostic = (d) => d,
): T {
  for (const w of result.warnings) io.stderr(`${formatDiagnostic(w)}\n`);
  if (!result.ok) throw new InvalidInputError(result.diagnostics.map(adjust));
  return result.value;
}

/** Outcome of writing to a file descriptor that the reader may have closed. */
type WriteOutcome = "written" | "closed";

// One shared word for Atomics.wait, which is the only synchronous sleep JavaScript has.
const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Writes all of `text` to `fd` before returning.
 *
 * The CLI writes its output this way instead of through process.stdout because merely touching
 * process.stdout makes Node load its whole stream and tty machinery, about 3 ms on every start
 * (see bench/README.md), and the CLI's output is a line or a table written once. A pipe that
 * another process left non-blocking can refuse a write for a moment (EAGAIN): wait a millisecond
 * and try again. A reader that went away (EPIPE, as in `plan | head -1`) ends the output quietly,
 * as it would in a shell tool.
 */
export function writeAllSync(fd: number, text: string): WriteOutcome {
  const bytes = Buffer.from(text, "utf8");
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(fd, bytes, offset, bytes.length - offset);
    } catch (err) {
      const code = errnoCode(err);
      if (code === "EAGAIN") {
        Atomics.wait(pause, 0, 0, 1);
        continue;
      }
      if (code === "EPIPE") return "closed";
      throw err;
    }
  }
  return "written";
}
