import { UsageError } from "./cliErrors.js";
import { EXIT, type ExitCode } from "./exitCodes.js";
import { formatPlanMarkdown } from "./formatPlanMarkdown.js";
import { formatPlanText } from "./formatPlanText.js";
import type { CliIO } from "./io.js";
import { planToJson } from "./planToJson.js";
import { resolvePlan, type PlanSourceOptions } from "./resolvePlan.js";
import { useColor } from "./useColor.js";

export const PLAN_FORMATS = ["text", "markdown", "json"] as const;
export type PlanFormat = (typeof PLAN_FORMATS)[number];

export interface PlanOptions extends PlanSourceOptions {
  readonly format?: PlanFormat;
  /** The older spelling of `--format json`. */
  readonly json?: boolean;
}

function formatOf(options: PlanOptions): PlanFormat {
  const format = options.format ?? "text";
  if (options.json !== true) return format;
  // commander fills in the default "text", so only an explicit other choice conflicts.
  if (format !== "text" && format !== "json") {
    throw new UsageError(`--json asks for JSON but --format asks for ${format}: give one of them`);
  }
  return "json";
}

export function planCommand(io: CliIO, options: PlanOptions): ExitCode {
  const format = formatOf(options);
  const { plan, source } = resolvePlan(io, options);
  switch (format) {
    case "json":
      io.stdout(`${JSON.stringify(planToJson(plan), null, 2)}\n`);
      break;
    case "markdown":
      io.stdout(formatPlanMarkdown(plan, { source }));
      break;
    case "text":
      io.stdout(formatPlanText(plan, { source, color: useColor(io) }));
      break;
  }
  return EXIT.ok;
}
