import { jobSpec } from "../commit/kinds.js";
import type { JobLook } from "../commit/kinds.js";
import type { JobKind, Plan, PlanJob } from "../plan/plan.js";
import { planGraph } from "../render/planGraph.js";
import { describeDirective } from "./describeDirective.js";
import { palette, type Palette } from "./palette.js";
import { sanitizeForTerminal } from "../text.js";

export interface PlanTextOptions {
  /** Where the commit message(s) came from, e.g. `git log -1`. */
  readonly source?: string;
  /** ANSI colour (only for a terminal; see useColor.ts). */
  readonly color?: boolean;
}

/** More needs than this are counted rather than listed (a wave gate needs a whole wave). */
const MAX_NEEDS_LISTED = 3;
const HEADER = ["STAGE", "JOB", "INSTANCE", "DEPLOYMENT ID", "NEEDS"];

/**
 * The readable `plan` output, like `terraform plan`: the directive, then one aligned table of the
 * jobs in pipeline order, grouped by stage (a blank line between stages) and, for a batch, under
 * a heading per wave; then the skipped instances with their reasons, then a summary line.
 * Colour is added after alignment, so escape codes never shift a column.
 */
export function formatPlanText(plan: Plan, options: PlanTextOptions = {}): string {
  const p = palette(options.color === true);
  const safe = sanitizeForTerminal;
  const out: string[] = [];
  const from = options.source === undefined ? "" : p.dim(`  (from ${safe(options.source)})`);
  out.push(`${p.bold("Directive:")} ${safe(describeDirective(plan.directive))}${from}`);
  for (const s of plan.sources ?? []) {
    out.push(`  commit ${safe(s.sha.slice(0, 8))}: ${safe(describeDirective(s.directive))}`);
  }
  out.push("");

  const cells = new Map(plan.jobs.map((job) => [job, jobCells(job).map((c) => safe(c))]));
  const widths = HEADER.map((h, i) =>
    Math.max(h.length, ...[...cells.values()].map((r) => (r[i] ?? "").length)),
  );
  const line = (row: readonly string[], style: (cell: string, i: number) => string): string =>
    row
      .map((c, i) => {
        const padding = i === row.length - 1 ? "" : " ".repeat((widths[i] ?? 0) - c.length);
        return style(c, i) + padding;
      })
      .join("  ")
      .trimEnd();
  out.push(line(HEADER, (c) => p.bold(c)));
  const kindColour = kindColours(p);
  for (const section of planGraph(plan).sections) {
    if (section.label !== null) out.push("", p.bold(p.cyan(waveHeading(section.label))));
    section.stages.forEach((stage, index) => {
      if (section.label === null && index > 0) out.push("");
      for (const { job } of stage.nodes) {
        const row = cells.get(job) ?? [];
        out.push(line(row, (c, i) => (i === 1 ? kindColour(job.kind)(c) : c)));
      }
    });
  }

  const noop = plan.jobs.find((j) => j.kind === "noop");
  if (noop?.variables.NOOP_REASON !== undefined) {
    out.push("", `${p.bold("Nothing to do:")} ${safe(noop.variables.NOOP_REASON)}`);
  }
  if (plan.skipped.length > 0) {
    out.push("", p.yellow(`Skipped (${plan.skipped.length}):`));
    for (const s of plan.skipped) out.push(`  ${safe(s.instance)}: ${safe(s.reason)}`);
  }
  out.push("", p.bold(planSummary(plan)));
  return `${out.join("\n")}\n`;
}

/** Stage, job name, instance, deployment id, needs: one job's row. */
function jobCells(job: PlanJob): string[] {
  const needs =
    job.needs.length === 0
      ? "-"
      : job.needs.length > MAX_NEEDS_LISTED
        ? `${job.needs.length} jobs`
        : job.needs.join(", ");
  return [
    job.stage,
    job.name,
    job.instance ?? "-",
    job.variables.DEPLOYMENT_REQUEST_ID ?? "-",
    needs,
  ];
}

/** The colour of a job's name, by how its kind looks (kinds.ts). */
function kindColours(p: Palette): (kind: JobKind) => (text: string) => string {
  const colours: Readonly<Record<JobLook, (text: string) => string>> = {
    deploy: p.green,
    build: p.cyan,
    "base-image": p.magenta,
    terraform: p.magenta,
    removal: p.red,
    gate: p.dim,
    noop: p.dim,
  };
  return (kind) => colours[jobSpec(kind).look];
}

/** `Wave 2 (after wave 1 has deployed)`: the gate's meaning, so nobody has to read its needs. */
function waveHeading(label: string): string {
  const wave = /^wave (\d+)$/.exec(label)?.[1];
  const heading = label.charAt(0).toUpperCase() + label.slice(1);
  return wave === undefined || wave === "1"
    ? heading
    : `${heading} (after wave ${Number(wave) - 1} has deployed)`;
}

/** `15 job(s), 5 instance(s).`, the closing line of `plan`. */
export function planSummary(plan: Plan): string {
  const instances = new Set(plan.jobs.flatMap((j) => (j.instance === null ? [] : [j.instance])));
  return `${plan.jobs.length} job(s), ${instances.size} instance(s).`;
}
