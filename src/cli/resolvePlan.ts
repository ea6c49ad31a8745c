import path from "node:path";
import { InvalidInputError } from "../errors.js";
import { planCommits, type PlannedCommits } from "../planCommits.js";
import { formatDiagnostic } from "./formatDiagnostic.js";
import type { CliIO } from "./io.js";
import { resolveMessages, type MessageSourceOptions } from "./resolveMessages.js";

/** Options of every command that plans the commit(s) of a cluster repository. */
export interface PlanSourceOptions extends MessageSourceOptions {
  readonly repo?: string;
  readonly skipInvalid?: boolean;
}

export interface ResolvedPlan extends PlannedCommits {
  /** Where the message(s) came from, e.g. `git log -1`. */
  readonly source: string;
}

/**
 * Message source + repository → plan, for `plan` and `graph`. Problems end the command with exit
 * code 1 (thrown as InvalidInputError); warnings go to standard error as they would in CI.
 */
export function resolvePlan(io: CliIO, options: PlanSourceOptions): ResolvedPlan {
  const repo = path.resolve(io.cwd, options.repo ?? ".");
  const messages = resolveMessages(io, repo, options);
  const result = planCommits(repo, messages.commits, {
    skipInvalid: options.skipInvalid,
  });
  if (!result.ok) throw new InvalidInputError(result.diagnostics);
  for (const w of result.warnings) io.stderr(`${formatDiagnostic(w)}\n`);
  return { ...result.value, source: messages.source };
}
