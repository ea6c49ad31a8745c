import { jobSpec } from "../commit/kinds.js";
import type { JobLook } from "../commit/kinds.js";
import { InternalError } from "../errors.js";
import type { Plan } from "../plan/plan.js";
import { byText, withoutControls } from "../text.js";
import { endKey, MAX_DRAWN_JOBS, planGraph, stageGraph } from "./planGraph.js";
import type { GraphEnd, GraphNode, GraphSection, PlanGraph } from "./planGraph.js";

/*
 * The plan's job graph (planGraph.ts) as text, left to right: Mermaid for Markdown and Graphviz
 * DOT for `dot -Tsvg`. Stages are boxes (inside a box per wave for batches), needs are arrows,
 * and an arrow that starts or ends at a stage's box stands for every job of that stage.
 */

/** How a format writes a box (a wave or a stage) and a job; both share the walk over them. */
interface Syntax {
  /** The lines that open a box, at `indent`. */
  open(id: string, label: string, indent: string): string[];
  readonly close: string;
  node(node: GraphNode): string;
}

function boxLines(graph: PlanGraph, syntax: Syntax): string[] {
  const lines: string[] = [];
  for (const section of graph.sections) {
    const indent = section.id === null ? "  " : "    ";
    if (section.id !== null) lines.push(...syntax.open(section.id, waveBoxLabel(section), "  "));
    for (const stage of section.stages) {
      lines.push(...syntax.open(stage.id, stage.name, indent));
      for (const node of stage.nodes) lines.push(`${indent}  ${syntax.node(node)}`);
      lines.push(`${indent}${syntax.close}`);
    }
    if (section.id !== null) lines.push(`  ${syntax.close}`);
  }
  return lines;
}

/** A wave's box is drawn only for a wave, which always has a label. */
function waveBoxLabel(section: GraphSection): string {
  if (section.label === null) throw new InternalError(`graph box ${section.id} is of no wave`);
  return section.label;
}

// ---- Mermaid ----

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
  verify: ["{", "}"],
  removal: ["[/", "/]"],
  gate: ["{{", "}}"],
};

/** Class names (no `-`, which Mermaid's class lists do not take) and their colours. */
const CLASSES = {
  noop: "noop",
  terraform: "terraform",
  "base-image": "baseImage",
  build: "buildImage",
  deploy: "deploy",
  verify: "verify",
  removal: "removal",
  gate: "waveGate",
} as const satisfies Record<JobLook, string>;

type MermaidClass = (typeof CLASSES)[JobLook] | "waveBox" | "stageBox";

const CLASS_STYLES: Readonly<Record<MermaidClass, string>> = {
  noop: "fill:#f5f5f5,stroke:#9e9e9e",
  terraform: "fill:#f3e5f5,stroke:#7b1fa2",
  baseImage: "fill:#e3e8fd,stroke:#3949ab",
  buildImage: "fill:#fff8e1,stroke:#b8860b",
  deploy: "fill:#e8f5e9,stroke:#2e7d32",
  verify: "fill:#fffde7,stroke:#9e9d24",
  removal: "fill:#fdecea,stroke:#c62828",
  waveGate: "fill:#eeeeee,stroke:#616161",
  // Boxes: a wave is tinted, a stage inside it plain, so the two levels read apart.
  waveBox: "fill:#eef3f8,stroke:#78909c",
  stageBox: "fill:#ffffff,stroke:#b0bec5",
};

const MERMAID: Syntax = {
  open: (id, text, indent) => [`${indent}subgraph ${id}["${label(text)}"]`],
  close: "end",
  node(node) {
    const [open, close] = SHAPES[jobSpec(node.job.kind).look];
    const [head, detail] = nodeText(node);
    const text = detail === null ? label(head) : `${label(head)}<br/>${label(detail)}`;
    return `${node.id}${open}"${text}"${close}`;
  },
};

/**
 * What a node says: its job's name and deployment id, or for a node standing for a whole stage
 * the stage, its number of jobs and its first and last job.
 */
function nodeText(node: GraphNode): [string, string | null] {
  if (node.last !== null) {
    return [`${node.job.stage}: ${node.count} jobs`, `${node.job.name} … ${node.last.name}`];
  }
  const id = node.job.variables.DEPLOYMENT_REQUEST_ID;
  return [node.job.name, id === undefined ? null : `deployment ${id}`];
}

/**
 * The graph to draw: every job, or for a plan of more than MAX_DRAWN_JOBS one node per stage,
 * with a comment line (`note`) that says so.
 */
function drawnGraph(plan: Plan, comment: string): { graph: PlanGraph; note: string[] } {
  const graph = planGraph(plan);
  if (plan.jobs.length <= MAX_DRAWN_JOBS) return { graph, note: [] };
  const text = `${plan.jobs.length} jobs are too many to draw one by one: one node per stage.`;
  return { graph: stageGraph(graph), note: [`  ${comment} ${text}`] };
}

/**
 * The plan's job graph as a Mermaid flowchart. A thick arrow starts or ends at a stage's box, so
 * a wave gate is one arrow from the wave before and one into its wave, however many instances
 * the waves hold.
 */
export function renderMermaid(plan: Plan): string {
  const { graph, note } = drawnGraph(plan, "%%");
  return mermaidOfGraph(graph, note);
}

export function mermaidOfGraph(graph: PlanGraph, note: readonly string[] = []): string {
  const lines = ["flowchart LR", ...note, ...boxLines(graph, MERMAID)];
  for (const edge of graph.edges) {
    const arrow = edge.from.type === "stage" || edge.to.type === "stage" ? "==>" : "-->";
    lines.push(`  ${endKey(edge.from)} ${arrow} ${endKey(edge.to)}`);
  }
  const members = new Map<MermaidClass, string[]>();
  const add = (name: MermaidClass, id: string): void => {
    const ids = members.get(name);
    if (ids === undefined) members.set(name, [id]);
    else ids.push(id);
  };
  for (const section of graph.sections) {
    if (section.id !== null) add("waveBox", section.id);
    for (const stage of section.stages) {
      add("stageBox", stage.id);
      for (const node of stage.nodes) add(CLASSES[jobSpec(node.job.kind).look], node.id);
    }
  }
  for (const [name, ids] of [...members].sort(([a], [b]) => byText(a, b))) {
    lines.push(`  classDef ${name} ${CLASS_STYLES[name]}`, `  class ${ids.join(",")} ${name}`);
  }
  return `${lines.join("\n")}\n`;
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

// ---- Graphviz DOT ----

/** DOT node shapes by how a job kind looks (kinds.ts). */
const DOT_SHAPES: Readonly<Record<JobLook, string>> = {
  noop: "box, style=rounded",
  terraform: "box, peripheries=2",
  "base-image": "cylinder",
  build: "box",
  deploy: "box, style=rounded",
  verify: "diamond",
  removal: "parallelogram",
  gate: "hexagon",
};

const DOT: Syntax = {
  open: (id, text, indent) => [
    `${indent}subgraph cluster_${id} {`,
    `${indent}  label=${quote(text)};`,
  ],
  close: "}",
  node(node) {
    const [head, detail] = nodeText(node);
    const text = detail === null ? escape(head) : `${escape(head)}\\n${escape(detail)}`;
    return `${node.id} [label="${text}", shape=${DOT_SHAPES[jobSpec(node.job.kind).look]}];`;
  },
};

/**
 * The plan's job graph in Graphviz DOT. An edge that starts or ends at a stage's cluster border
 * (`ltail`/`lhead`, drawn bold) stands for every job of that stage.
 */
export function renderDot(plan: Plan): string {
  const { graph, note } = drawnGraph(plan, "//");
  const lines = [
    "digraph plan {",
    ...note,
    "  rankdir=LR;",
    "  compound=true;",
    '  node [fontname="Helvetica", fontsize=11];',
    ...boxLines(graph, DOT),
  ];
  for (const edge of graph.edges) {
    const attributes = [
      ...(edge.from.type === "stage" ? [`ltail=cluster_${edge.from.stage.id}`] : []),
      ...(edge.to.type === "stage" ? [`lhead=cluster_${edge.to.stage.id}`] : []),
    ];
    if (attributes.length > 0) attributes.push("style=bold");
    const list = attributes.length > 0 ? ` [${attributes.join(", ")}]` : "";
    lines.push(`  ${dotNode(edge.from)} -> ${dotNode(edge.to)}${list};`);
  }
  lines.push("}");
  return `${lines.join("\n")}\n`;
}

/** A stage end is drawn from its first job, clipped at the cluster's border. */
function dotNode(end: GraphEnd): string {
  return end.type === "node" ? end.node.id : end.stage.nodes[0].id;
}

function quote(text: string): string {
  return `"${escape(text)}"`;
}

/** Text inside a DOT double-quoted string: only `"` and `\` are special there. */
function escape(text: string): string {
  return withoutControls(text).replace(/\\/g, "\\\\").replace(/"/g, '\\"');
}
