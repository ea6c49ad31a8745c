import type { Plan, PlanJob } from "../plan/plan.js";
import { mermaidOfGraph } from "../render/renderGraph.js";
import { planGraph, waveLabel } from "../render/planGraph.js";
import { describeDirective } from "./describeDirective.js";
import { planSummary } from "./formatPlanText.js";
import { sanitizeForTerminal } from "../text.js";

export interface PlanMarkdownOptions {
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
  out.push(`**Directive:** ${code(describeDirective(plan.directive))}${from}`);
  for (const s of plan.sources ?? []) {
    out.push(`- commit ${code(s.sha.slice(0, 8))}: ${code(describeDirective(s.directive))}`);
  }
  out.push("");

  const noop = plan.jobs.find((j) => j.kind === "noop");
  if (noop?.variables.NOOP_REASON !== undefined) {
    out.push(`**Nothing to do:** ${code(noop.variables.NOOP_REASON)}`, "");
  }

  const waves = plan.jobs.some((j) => j.wave !== null);
  const header = [...(waves ? ["Wave"] : []), "Stage", "Job", "Instance", "Deployment id", "Needs"];
  const table = [
    `| ${header.join(" | ")} |`,
    `| ${header.map(() => "---").join(" | ")} |`,
    ...plan.jobs.map((job) => `| ${jobCells(job, waves).join(" | ")} |`),
  ];
  if (plan.jobs.length > MAX_OPEN_TABLE_ROWS) {
    out.push(
      `<details><summary>Jobs (${plan.jobs.length})</summary>`,
      "",
      ...table,
      "",
      "</details>",
    );
  } else {
    out.push("### Jobs", "", ...table);
  }
  out.push("");

  const graph = planGraph(plan);
  const mermaid = mermaidOfGraph(graph);
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
  out.push(`**${planSummary(plan)}**`);
  return sanitizeForTerminal(`${out.join("\n")}\n`);
}

function jobCells(job: PlanJob, waves: boolean): string[] {
  const id = job.variables.DEPLOYMENT_REQUEST_ID;
  const needs =
    job.needs.length === 0
      ? "—"
      : job.needs.length > 3
        ? `${job.needs.length} jobs`
        : job.needs.map(cellCode).join(", ");
  return [
    ...(waves ? [job.wave === null ? "—" : waveLabel(job.wave)] : []),
    cellCode(job.stage),
    cellCode(job.name),
    job.instance === null ? "—" : cellCode(job.instance),
    id === undefined ? "—" : cellCode(id),
    needs,
  ];
}

/** A code span that holds any text: its fence is one backtick longer than the longest run inside. */
export function code(text: string): string {
  const oneLine = text.replace(/\r?\n/g, " ");
  const longest = Math.max(0, ...(oneLine.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = oneLine.startsWith("`") || oneLine.endsWith("`") ? " " : "";
  return `${fence}${pad}${oneLine}${pad}${fence}`;
}

/** A code span in a table cell: GitHub- and GitLab-flavoured tables split cells on `|` even there. */
export function cellCode(text: string): string {
  return code(text).replace(/\|/g, "\\|");
}
