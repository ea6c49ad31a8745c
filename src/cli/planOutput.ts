/**
 * The plan for people: the one-line summary of a directive and the `plan` table for a terminal
 * (the Markdown is planMarkdown.ts). Values from commits and repositories only ever reach the
 * output through sanitizeForTerminal.
 */

import {
  isFixed,
  type AnyDirective,
  type Target,
  type NamedDirectiveShape,
} from "../commit/directive.js";
import { jobSpec, type JobLook } from "../commit/kinds.js";
import type { JobKind, Plan, PlanJob } from "../plan/plan.js";
import { planGraph } from "../render/planGraph.js";
import { excerpt, sanitizeForTerminal } from "../text.js";
import { formatTable, palette, type Palette } from "./style.js";

/**
 * A short human summary of a directive of any kinds table, for `lint` and `plan` headers: an
 * excerpt, however long the title (a 100 MB Infrastructure title, thousands of instances).
 */
export function describeDirective(d: AnyDirective): string {
  return excerpt(describeInFull(d));
}

/**
 * The plan's headline: its directive, or for a push of several commits with directives, all of
 * them (oldest first). `plan.directive` is then only the newest, and reading the headline alone
 * must not make the others look dropped.
 */
export function describePlanDirective(plan: Plan): string {
  const withWork = (plan.sources ?? []).filter((s) => s.directive.kind !== "none");
  if (withWork.length < 2) return describeDirective(plan.directive);
  const commits = plan.sources?.length ?? withWork.length;
  const each = withWork.map((s) => describeInFull(s.directive)).join("; ");
  return excerpt(`${withWork.length} directives from ${commits} commits: ${each}`);
}

function describeInFull(d: AnyDirective): string {
  if (!isFixed(d)) return describeNamed(d);
  switch (d.kind) {
    case "none":
      return "no directive: nothing to deploy";
    case "infrastructure":
      return d.text === "" ? "infrastructure" : `infrastructure: ${d.text}`;
    case "batch-upgrade":
      return `batch-upgrade: ${targetList(d.targets)}`;
    case "batch-upgrade-to": {
      const scope =
        d.targets.length === 0 ? "every batch-eligible instance" : targetList(d.targets);
      return `batch-upgrade-to ${d.commit}: ${scope}`;
    }
    case "build-base-image":
      return `build-base-image: ${targetList(d.targets)}`;
    case "new-instance-request":
      return `new-instance-request: ${d.instance} (deployment ${d.deploymentId})`;
    case "archive-request":
    case "delete-request":
      return `${d.kind}: ${d.instance}`;
    case "abort-deployment":
      return `abort-deployment: pipeline ${d.pipelineId}`;
  }
}

function targetList(targets: readonly Target[]): string {
  return targets.map((t) => `${t.repository}|${t.version}`).join(", ");
}

/** `update: a (deployment 42), b`, or `create (legacy format): a`. */
function describeNamed(d: NamedDirectiveShape): string {
  const list = d.instances
    .map((i) =>
      i.deploymentId === undefined || i.deploymentId === null
        ? i.name
        : `${i.name} (deployment ${i.deploymentId})`,
    )
    .join(", ");
  return `${d.kind}${d.legacy === true ? " (legacy format)" : ""}: ${list}`;
}

// ---- the `plan` table ----

interface PlanTextOptions {
  /** Where the commit message(s) came from, e.g. `git log -1`. */
  readonly source?: string;
  /** ANSI colour (only for a terminal; see useColor). */
  readonly color?: boolean;
}

/** More needs than this are counted rather than listed (a wave gate needs a whole wave). */
const MAX_NEEDS_LISTED = 3;
const HEADER = ["STAGE", "JOB", "INSTANCE", "DEPLOYMENT ID", "NEEDS"];

/**
 * Plans of more jobs than this are shown one line per stage, not per job: nobody reads 200,000
 * rows, and `plan --format json` still lists every job.
 */
export const MAX_LISTED_JOBS = 1_000;
const STAGE_HEADER = ["STAGE", "JOBS", "FIRST JOB", "LAST JOB"];

/** A line of the `plan` table: the header (no job) or a job's, after its headings. */
interface JobRow {
  readonly cells: readonly string[];
  readonly job: PlanJob | null;
  readonly before: readonly string[];
}

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
  out.push(`${p.bold("Directive:")} ${safe(describePlanDirective(plan))}${from}`);
  for (const s of plan.sources ?? []) {
    out.push(`  commit ${safe(s.sha.slice(0, 8))}: ${safe(describeDirective(s.directive))}`);
  }
  out.push("");

  // The jobs in pipeline order, each row with the headings and blank lines that go before it;
  // for a plan too long to read, one row per stage.
  const perStage = plan.jobs.length > MAX_LISTED_JOBS;
  if (perStage) out.push(tooManyJobs(plan), "");
  const rows: JobRow[] = [{ cells: perStage ? STAGE_HEADER : HEADER, job: null, before: [] }];
  let before: string[] = [];
  const add = (cells: readonly string[], job: PlanJob): void => {
    rows.push({ cells: cells.map((c) => safe(c)), job, before });
    before = [];
  };
  const verified = plan.jobs.some((job) => job.kind === "verify");
  for (const section of planGraph(plan).sections) {
    if (section.label !== null) {
      before.push("", p.bold(p.cyan(waveHeading(section.label, verified))));
    }
    section.stages.forEach((stage, index) => {
      if (section.label === null && index > 0) before.push("");
      if (perStage) add(stageRow(stage.nodes), stage.nodes[0].job);
      else for (const { job } of stage.nodes) add(textCells(job), job);
    });
  }
  // The job names are coloured by kind: one column per job, two (first and last) per stage.
  const named = (column: number): boolean => (perStage ? column >= 2 : column === 1);
  const kindColour = kindColours(p);
  const table = formatTable(rows, (cell, column, { job }) =>
    job === null ? p.bold(cell) : named(column) ? kindColour(job.kind)(cell) : cell,
  );
  for (const { row, line } of table) out.push(...row.before, line);
  out.push(...before);

  const noop = noopReason(plan);
  if (noop !== undefined) out.push("", `${p.bold("Nothing to do:")} ${safe(noop)}`);
  if (plan.skipped.length > 0) {
    out.push("", p.yellow(`Skipped (${plan.skipped.length}):`));
    for (const s of plan.skipped) out.push(`  ${safe(s.instance)}: ${safe(s.reason)}`);
  }
  const undeployed = plan.undeployed ?? [];
  if (undeployed.length > 0) {
    out.push("", p.yellow(`Changed without a deployment (${undeployed.length}):`));
    out.push(`  ${undeployed.map(safe).join(", ")}`);
  }
  out.push("", p.bold(planSummary(plan)));
  return `${out.join("\n")}\n`;
}

/** `204001 jobs are too many to list one by one: ...`, the note above a table of stages. */
export function tooManyJobs(plan: Plan): string {
  return (
    `${plan.jobs.length} jobs are too many to list one by one: one line per stage ` +
    "(`plan --format json` lists every job)."
  );
}

/** Stage, number of jobs, first and last job: a stage's row when jobs are not listed. */
export function stageRow(
  nodes: readonly [{ job: PlanJob }, ...{ job: PlanJob }[]],
): [string, string, string, string] {
  const first = nodes[0].job;
  const last = nodes[nodes.length - 1]?.job ?? first;
  return [first.stage, String(nodes.length), first.name, last.name];
}

/** Stage, job name, instance, deployment id, needs: one job's row. */
function textCells(job: PlanJob): string[] {
  return [
    job.stage,
    job.name,
    job.instance ?? "-",
    job.variables.DEPLOYMENT_REQUEST_ID ?? "-",
    needsCell(job, "-", (name) => name),
  ];
}

/** The needs of a job, listed, or counted when there are too many to read (`none` for none). */
export function needsCell(job: PlanJob, none: string, show: (name: string) => string): string {
  if (job.needs.length === 0) return none;
  if (job.needs.length > MAX_NEEDS_LISTED) return `${job.needs.length} jobs`;
  return job.needs.map(show).join(", ");
}

/** The colour of a job's name, by how its kind looks (kinds.ts). */
function kindColours(p: Palette): (kind: JobKind) => (text: string) => string {
  const colours: Readonly<Record<JobLook, (text: string) => string>> = {
    deploy: p.green,
    verify: p.yellow,
    build: p.cyan,
    "base-image": p.magenta,
    terraform: p.magenta,
    removal: p.red,
    gate: p.dim,
    noop: p.dim,
  };
  return (kind) => colours[jobSpec(kind).look];
}

/**
 * `Wave 2 (after wave 1 has deployed)`: the gate's meaning, so nobody has to read its needs; with
 * verify jobs the gate waits for the checks too.
 */
function waveHeading(label: string, verified: boolean): string {
  const wave = /^wave (\d+)$/.exec(label)?.[1];
  const heading = label.charAt(0).toUpperCase() + label.slice(1);
  const done = verified ? "has deployed and passed its checks" : "has deployed";
  return wave === undefined || wave === "1"
    ? heading
    : `${heading} (after wave ${Number(wave) - 1} ${done})`;
}

/** Why a plan does nothing, when it does nothing. */
export function noopReason(plan: Plan): string | undefined {
  return plan.jobs.find((j) => j.kind === "noop")?.variables.NOOP_REASON;
}

/** `15 job(s), 5 instance(s).`, the closing line of `plan`. */
export function planSummary(plan: Plan): string {
  const instances = new Set(plan.jobs.flatMap((j) => (j.instance === null ? [] : [j.instance])));
  return `${plan.jobs.length} job(s), ${instances.size} instance(s).`;
}
