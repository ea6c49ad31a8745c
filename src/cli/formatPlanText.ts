import type { Plan } from "../plan/plan.js";
import { describeDirective } from "./describeDirective.js";
import { formatTable } from "./formatTable.js";
import { sanitizeForTerminal } from "./sanitize.js";

export interface PlanTextOptions {
  /** Where the commit message(s) came from, e.g. `git log -1`. */
  readonly source?: string;
}

/** The readable `plan` output: a table of jobs in pipeline order, then the skipped instances. */
export function formatPlanText(plan: Plan, options: PlanTextOptions = {}): string {
  const out: string[] = [];
  const header = describeDirective(plan.directive);
  out.push(
    `Directive: ${header}${options.source === undefined ? "" : `  (from ${options.source})`}`,
  );
  for (const s of plan.sources ?? []) {
    out.push(`  commit ${s.sha.slice(0, 8)}: ${describeDirective(s.directive)}`);
  }
  out.push("");
  const rows = plan.jobs.map((j) => [
    j.stage,
    j.name,
    j.instance ?? "-",
    j.variables.DEPLOYMENT_REQUEST_ID ?? "-",
    j.needs.length === 0 ? "-" : j.needs.length > 3 ? `${j.needs.length} jobs` : j.needs.join(", "),
  ]);
  out.push(...formatTable(["STAGE", "JOB", "INSTANCE", "DEPLOYMENT ID", "NEEDS"], rows));
  const noop = plan.jobs.find((j) => j.kind === "noop");
  if (noop?.variables.NOOP_REASON !== undefined)
    out.push("", `Nothing to do: ${noop.variables.NOOP_REASON}`);
  if (plan.skipped.length > 0) {
    out.push("", `Skipped (${plan.skipped.length}):`);
    for (const s of plan.skipped) out.push(`  ${s.instance}: ${s.reason}`);
  }
  const instances = new Set(plan.jobs.flatMap((j) => (j.instance === null ? [] : [j.instance])));
  out.push("", `${plan.jobs.length} job(s), ${instances.size} instance(s).`);
  return `${out.map(sanitizeForTerminal).join("\n")}\n`;
}
