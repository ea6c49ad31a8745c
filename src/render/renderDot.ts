import { jobSpec } from "../commit/kinds.js";
import type { JobLook } from "../commit/kinds.js";
import type { Plan } from "../plan/plan.js";
import type { GraphEnd, GraphNode, GraphStage, PlanGraph } from "./planGraph.js";
import { planGraph } from "./planGraph.js";
import { withoutControls } from "../text.js";

/** Node shapes by how a job kind looks (kinds.ts). */
const SHAPES: Readonly<Record<JobLook, string>> = {
  noop: "box, style=rounded",
  terraform: "box, peripheries=2",
  "base-image": "cylinder",
  build: "box",
  deploy: "box, style=rounded",
  removal: "parallelogram",
  gate: "hexagon",
};

/**
 * The plan's job graph in Graphviz DOT (`dot -Tsvg`), left to right: stages are clusters (inside
 * a cluster per wave for batches), needs are edges. An edge that starts or ends at a stage's
 * cluster border (`ltail`/`lhead`, drawn bold) stands for every job of that stage, as in the
 * Mermaid graph (see planGraph.ts).
 */
export function renderDot(plan: Plan): string {
  return dotOfGraph(planGraph(plan));
}

export function dotOfGraph(graph: PlanGraph): string {
  const lines = [
    "digraph plan {",
    "  rankdir=LR;",
    "  compound=true;",
    '  node [fontname="Helvetica", fontsize=11];',
  ];
  for (const section of graph.sections) {
    const indent = section.id === null ? "  " : "    ";
    if (section.id !== null) {
      lines.push(`  subgraph cluster_${section.id} {`, `    label=${quote(section.label ?? "")};`);
    }
    for (const stage of section.stages) lines.push(...stageLines(stage, indent));
    if (section.id !== null) lines.push("  }");
  }
  for (const edge of graph.edges) {
    const attributes = [
      ...(edge.from.type === "stage" ? [`ltail=cluster_${edge.from.stage.id}`] : []),
      ...(edge.to.type === "stage" ? [`lhead=cluster_${edge.to.stage.id}`] : []),
    ];
    if (attributes.length > 0) attributes.push("style=bold");
    const list = attributes.length > 0 ? ` [${attributes.join(", ")}]` : "";
    lines.push(`  ${endNode(edge.from)} -> ${endNode(edge.to)}${list};`);
  }
  lines.push("}");
  return `${lines.join("\n")}\n`;
}

function stageLines(stage: GraphStage, indent: string): string[] {
  return [
    `${indent}subgraph cluster_${stage.id} {`,
    `${indent}  label=${quote(stage.name)};`,
    ...stage.nodes.map((node) => `${indent}  ${nodeLine(node)}`),
    `${indent}}`,
  ];
}

function nodeLine(node: GraphNode): string {
  const id = node.job.variables.DEPLOYMENT_REQUEST_ID;
  const text =
    id === undefined
      ? escape(node.job.name)
      : `${escape(node.job.name)}\\ndeployment ${escape(id)}`;
  return `${node.id} [label="${text}", shape=${SHAPES[jobSpec(node.job.kind).look]}];`;
}

/** A stage end is drawn from its first job, clipped at the cluster's border. */
function endNode(end: GraphEnd): string {
  return end.type === "node" ? end.node.id : (end.stage.nodes[0]?.id ?? end.stage.id);
}

function quote(text: string): string {
  return `"${escape(text)}"`;
}

/** Text inside a DOT double-quoted string: only `"` and `\` are special there. */
function escape(text: string): string {
  return withoutControls(text).replace(/\\/g, "\\\\").replace(/"/g, '\\"');
}
