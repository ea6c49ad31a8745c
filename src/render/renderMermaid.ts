import { jobSpec } from "../commit/kinds.js";
import type { JobLook } from "../commit/kinds.js";
import type { Plan } from "../plan/plan.js";
import type { GraphEnd, GraphNode, GraphStage, PlanGraph } from "./planGraph.js";
import { endKey, planGraph } from "./planGraph.js";
import { withoutControls } from "../text.js";

/**
 * Mermaid node shapes by how a job kind looks (kinds.ts): the shape tells the kind apart even
 * without colour.
 */
const SHAPES: Readonly<Record<JobLook, readonly [string, string]>> = {
  noop: ["([", "])"],
  terraform: ["[[", "]]"],
  "base-image": ["[(", ")]"],
  build: ["[", "]"],
  deploy: ["(", ")"],
  removal: ["[/", "/]"],
  gate: ["{{", "}}"],
};

/** Class names (no `-`, which Mermaid's class lists do not take) and their colours. */
const CLASSES: Readonly<Record<JobLook, string>> = {
  noop: "noop",
  terraform: "terraform",
  "base-image": "baseImage",
  build: "buildImage",
  deploy: "deploy",
  removal: "removal",
  gate: "waveGate",
};

const CLASS_STYLES: Readonly<Record<string, string>> = {
  noop: "fill:#f5f5f5,stroke:#9e9e9e",
  terraform: "fill:#f3e5f5,stroke:#7b1fa2",
  baseImage: "fill:#e3e8fd,stroke:#3949ab",
  buildImage: "fill:#fff8e1,stroke:#b8860b",
  deploy: "fill:#e8f5e9,stroke:#2e7d32",
  removal: "fill:#fdecea,stroke:#c62828",
  waveGate: "fill:#eeeeee,stroke:#616161",
  // Boxes: a wave is tinted, a stage inside it plain, so the two levels read apart.
  waveBox: "fill:#eef3f8,stroke:#78909c",
  stageBox: "fill:#ffffff,stroke:#b0bec5",
};

/**
 * The plan's job graph as a Mermaid flowchart, left to right: stages are boxes (inside a box per
 * wave for batches), needs are arrows. A thick arrow starts or ends at a stage's box and stands
 * for every job of that stage (see planGraph.ts), so a wave gate is one arrow from the wave
 * before and one into its wave, however many instances the waves hold.
 */
export function renderMermaid(plan: Plan): string {
  return mermaidOfGraph(planGraph(plan));
}

export function mermaidOfGraph(graph: PlanGraph): string {
  const lines = ["flowchart LR"];
  for (const section of graph.sections) {
    const indent = section.id === null ? "  " : "    ";
    if (section.id !== null)
      lines.push(`  subgraph ${section.id}["${label(section.label ?? "")}"]`);
    for (const stage of section.stages) lines.push(...stageLines(stage, indent));
    if (section.id !== null) lines.push("  end");
  }
  for (const edge of graph.edges) {
    const arrow = edge.from.type === "stage" || edge.to.type === "stage" ? "==>" : "-->";
    lines.push(`  ${endId(edge.from)} ${arrow} ${endId(edge.to)}`);
  }
  const members = new Map<string, string[]>();
  const add = (name: string, id: string): void => {
    members.set(name, [...(members.get(name) ?? []), id]);
  };
  for (const section of graph.sections) {
    if (section.id !== null) add("waveBox", section.id);
    for (const stage of section.stages) {
      add("stageBox", stage.id);
      for (const node of stage.nodes) add(CLASSES[jobSpec(node.job.kind).look], node.id);
    }
  }
  for (const [name, ids] of [...members].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    lines.push(
      `  classDef ${name} ${CLASS_STYLES[name] ?? ""}`,
      `  class ${ids.join(",")} ${name}`,
    );
  }
  return `${lines.join("\n")}\n`;
}

function stageLines(stage: GraphStage, indent: string): string[] {
  return [
    `${indent}subgraph ${stage.id}["${label(stage.name)}"]`,
    ...stage.nodes.map((node) => `${indent}  ${nodeLine(node)}`),
    `${indent}end`,
  ];
}

function nodeLine(node: GraphNode): string {
  const [open, close] = SHAPES[jobSpec(node.job.kind).look];
  const id = node.job.variables.DEPLOYMENT_REQUEST_ID;
  const text =
    id === undefined ? label(node.job.name) : `${label(node.job.name)}<br/>deployment ${label(id)}`;
  return `${node.id}${open}"${text}"${close}`;
}

function endId(end: GraphEnd): string {
  return endKey(end);
}

/**
 * Text inside a quoted Mermaid label. Mermaid turns `#name;` into the HTML entity `&name;`, so
 * every character that could end the quote or become markup is written that way; control
 * characters never reach a label.
 */
export function label(text: string): string {
  return withoutControls(text)
    .replace(/#/g, "#35;")
    .replace(/"/g, "#quot;")
    .replace(/&/g, "#amp;")
    .replace(/</g, "#lt;")
    .replace(/>/g, "#gt;")
    .replace(/`/g, "#96;");
}
