import path from "node:path";
import { InvalidInputError } from "../errors.js";
import { planCommits } from "../planCommits.js";
import { EXIT, type ExitCode } from "./exitCodes.js";
import { formatDiagnostic } from "./formatDiagnostic.js";
import { formatPlanText } from "./formatPlanText.js";
import type { CliIO } from "./io.js";
import { planToJson } from "./planToJson.js";
import { resolveMessages, type MessageSourceOptions } from "./resolveMessages.js";

export interface PlanOptions extends MessageSourceOptions {
  readonly repo?: string;
  readonly json?: boolean;
  readonly skipInvalid?: boolean;
}

export function planCommand(io: CliIO, options: PlanOptions): ExitCode {
  const repo = path.resolve(io.cwd, options.repo ?? ".");
  const messages = resolveMessages(io, repo, options);
  const result = planCommits(repo, messages.commits, { skipInvalid: options.skipInvalid });
  if (!result.ok) throw new InvalidInputError(result.diagnostics);
  for (const w of result.warnings) io.stderr(`${formatDiagnostic(w)}\n`);
  const { plan } = result.value;
  if (options.json === true) {
    io.stdout(`${JSON.stringify(planToJson(plan), null, 2)}\n`);
  } else {
    io.stdout(formatPlanText(plan, { source: messages.source }));
  }
  return EXIT.ok;
}
