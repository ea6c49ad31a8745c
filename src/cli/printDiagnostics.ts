import type { Diagnostic } from "../diagnostic.js";
import { formatDiagnostic } from "./formatDiagnostic.js";
import type { CliIO } from "./io.js";

/**
 * How many problems the CLI prints before it only counts the rest. A 100 KB title can name
 * 10,000 instances or targets, each a problem; printed in full that is megabytes of job log
 * (past GitLab's log limit), while the first few hundred already say what is wrong.
 */
export const MAX_PRINTED_PROBLEMS = 200;

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
