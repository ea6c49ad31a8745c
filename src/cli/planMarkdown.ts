/**
 * The plan as GitLab-flavoured Markdown, for a merge request comment, a job's summary and the
 * `plan.md` artifact. Values from commits and repositories are code spans.
 */

import type { Plan, PlanJob } from "../plan/plan.js";
import { planGraph, waveLabel, type PlanGraph } from "../render/planGraph.js";
import { mermaidOfGraph } from "../render/renderGraph.js";
import { sanitizeForTerminal } from "../text.js";
import {
  describeDirective,
  describePlanDirective,
  MAX_LISTED_JOBS,
  needsCell,
  noopReason,
  planSummary,
  stageRow,
  tooManyJobs,
} from "./planOutput.js";

interface PlanMarkdownOptions {
  /** Where the commit message(s) came from, e.g. `git log -1`. */
  readonly source?: string;
}

/**
 * Mermaid refuses diagrams over 500 edges or 50,000 characters by default (GitLab keeps those
 * defaults); past that the comment links to `graph` instead of showing an error box.
 */
const MAX_GRAPH_EDGES = 500;
const MAX_GRAPH_CHARS = 50_000;
/** Longer job tables are folded, so a big batch does not bury the rest of the comment. */
const MAX_OPEN_TABLE_ROWS = 50;

/**
 * The plan as GitLab-flavoured Markdown, for a merge request comment or a job's summary: the
 * directive, a table of jobs, the job graph as an embedded Mermaid diagram, the skipped instances
 * with their reasons. Values from the commit or the repository are code spans, so they can never
 * become links, mentions (`@user`) or references (`#1`, `!1`).
 */
export function formatPlanMarkdown(plan: Plan, options: PlanMarkdownOptions = {}): string {
  const out: string[] = ["## grove-pipelines plan", ""];
  const from = options.source === undefined ? "" : ` (from ${code(options.source)})`;
  out.push(`**Directive:** ${code(describePlanDirective(plan))}${from}`);
  for (const s of plan.sources ?? []) {
    out.push(`- commit ${code(s.sha.slice(0, 8))}: ${code(describeDirective(s.directive))}`);
  }
  out.push("");

  const noop = noopReason(plan);
  if (noop !== undefined) out.push(`**Nothing to do:** ${code(noop)}`, "");

  const waves = plan.jobs.some((j) => j.wave !== null);
  const graph = planGraph(plan);
  const table = markdownTable(plan, graph, waves);
  if (plan.jobs.length > MAX_OPEN_TABLE_ROWS) {
    out.push(`<details><summary>Jobs (${plan.jobs.length})</summary>`, "");
    for (const line of table) out.push(line);
    out.push("", "</details>");
  } else {
    out.push("### Jobs", "");
    for (const line of table) out.push(line);
  }
  out.push("");

  // Mermaid's limits are far below the size past which drawing the graph would cost much.
  const mermaid = graph.edges.length <= MAX_GRAPH_EDGES ? mermaidOfGraph(graph) : "";
  out.push("### Job graph", "");
  if (graph.edges.length <= MAX_GRAPH_EDGES && mermaid.length <= MAX_GRAPH_CHARS) {
    out.push("```mermaid", mermaid.trimEnd(), "```");
  } else {
    out.push(
      `The graph of ${plan.jobs.length} jobs is too large to draw here; ` +
        "`grove-pipelines graph --format dot` draws it with Graphviz.",
    );
  }
  out.push("");

  if (plan.skipped.length > 0) {
    out.push(`### Skipped instances (${plan.skipped.length})`, "", "| Instance | Reason |");
    out.push("| --- | --- |");
    for (const s of plan.skipped) out.push(`| ${cellCode(s.instance)} | ${cellCode(s.reason)} |`);
    out.push("");
  }
  const undeployed = plan.undeployed ?? [];
  if (undeployed.length > 0) {
    out.push(`### Changed without a deployment (${undeployed.length})`, "");
    out.push(
      "These commits change the files of instances no job of this plan deploys:",
      "",
      undeployed.map(code).join(", "),
      "",
    );
  }
  out.push(`**${planSummary(plan)}**`);
  return sanitizeForTerminal(`${out.join("\n")}\n`);
}

/**
 * The table of jobs: one row per job, or for a plan too long to read one row per stage (its
 * number of jobs, first and last job), after a line that says so.
 */
function markdownTable(plan: Plan, graph: PlanGraph, waves: boolean): string[] {
  const perStage = plan.jobs.length > MAX_LISTED_JOBS;
  const header = [
    ...(waves ? ["Wave"] : []),
    ...(perStage ? ["Stage", "Jobs", "First job", "Last job"] : JOB_COLUMNS),
  ];
  const table = [
    ...(perStage ? [tooManyJobs(plan), ""] : []),
    `| ${header.join(" | ")} |`,
    `| ${header.map(() => "---").join(" | ")} |`,
  ];
  const row = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  if (!perStage) {
    for (const job of plan.jobs) table.push(row(markdownCells(job, waves)));
    return table;
  }
  for (const section of graph.sections) {
    for (const stage of section.stages) {
      const [name, count, first, last] = stageRow(stage.nodes);
      const wave = waves ? [section.label ?? "—"] : [];
      table.push(row([...wave, cellCode(name), count, cellCode(first), cellCode(last)]));
    }
  }
  return table;
}

const JOB_COLUMNS = ["Stage", "Job", "Instance", "Deployment id", "Needs"];

function markdownCells(job: PlanJob, waves: boolean): string[] {
  const id = job.variables.DEPLOYMENT_REQUEST_ID;
  return [
    ...(waves ? [job.wave === null ? "—" : waveLabel(job.wave)] : []),
    cellCode(job.stage),
    cellCode(job.name),
    job.instance === null ? "—" : cellCode(job.instance),
    id === undefined ? "—" : cellCode(id),
    needsCell(job, "—", cellCode),
  ];
}

/** A code span that holds any text: its fence is one backtick longer than the longest run inside. */
export function code(text: string): string {
  const oneLine = text.replace(/\r?\n/g, " ");
  // Not Math.max(...runs): a long text has more runs than a call may take arguments.
  const longest = (oneLine.match(/`+/g) ?? []).reduce((n, run) => Math.max(n, run.length), 0);
  const fence = "`".repeat(longest + 1);
  const pad = oneLine.startsWith("`") || oneLine.endsWith("`") ? " " : "";
  return `${fence}${pad}${oneLine}${pad}${fence}`;
}

/** A code span in a table cell: GitHub- and GitLab-flavoured tables split cells on `|` even there. */
export function cellCode(text: string): string {
  return code(text).replace(/\|/g, "\\|");
}
