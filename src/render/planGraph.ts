import { InternalError } from "../errors.js";
import type { Plan, PlanJob } from "../plan/plan.js";

/**
 * The job graph of a plan, shared by the Mermaid and DOT renderers: jobs grouped into stages,
 * stages into waves, and the `needs` as edges.
 *
 * Edges are compacted so a batch of 25-instance waves stays readable: when a job needs every job
 * of a stage (a wave gate waiting for the wave before), one edge leaves the stage's box instead
 * of 25 leaving its jobs; when every job of a stage needs the same job (the builds of a wave
 * waiting for their gate, or for a shared base image), one edge enters the stage's box. A stage
 * box is only used for stages of two or more jobs: for one job the job itself says more.
 */
export interface GraphNode {
  /** Identifier safe in Mermaid and DOT: `j` plus the job's index in the plan. */
  readonly id: string;
  readonly job: PlanJob;
  /**
   * In a summary (`stageGraph`), the last job of the stage the node stands for, the first being
   * `job`; null for a node of one job.
   */
  readonly last: PlanJob | null;
  /** How many jobs the node stands for: 1, or in a summary every job of its stage. */
  readonly count: number;
}

export interface GraphStage {
  /** `s` plus the stage's index in `plan.stages`. */
  readonly id: string;
  /** That index: stages in pipeline order. */
  readonly index: number;
  readonly name: string;
  /** Never empty: a stage without jobs gets no box. */
  readonly nodes: readonly [GraphNode, ...GraphNode[]];
}

/** Consecutive stages of one rollout wave, or the stages of a plan without waves. */
export interface GraphSection {
  /** `w` plus the section's index; null when no box is drawn (no wave, or a single stage). */
  readonly id: string | null;
  /** `base images`, `wave 1`, ...; null for jobs of no wave. */
  readonly label: string | null;
  readonly stages: readonly GraphStage[];
}

/** One end of an edge: a job, or a whole stage (every job of it). */
export type GraphEnd =
  | { readonly type: "node"; readonly node: GraphNode }
  | { readonly type: "stage"; readonly stage: GraphStage };

export interface GraphEdge {
  readonly from: GraphEnd;
  readonly to: GraphEnd;
}

export interface PlanGraph {
  readonly sections: readonly GraphSection[];
  readonly edges: readonly GraphEdge[];
}

export function planGraph(plan: Plan): PlanGraph {
  const nodes = plan.jobs.map((job, index): GraphNode => ({
    id: `j${index}`,
    job,
    last: null,
    count: 1,
  }));
  const stages = stagesOf(plan, nodes);
  const stageOfNode = new Map<string, GraphStage>();
  for (const stage of stages) for (const node of stage.nodes) stageOfNode.set(node.id, stage);
  const byName = new Map(nodes.map((n) => [n.job.name, n]));

  // Pass 1: the sources of each job's needs, with whole stages folded into one end. A stage is
  // whole when the job needs as many distinct jobs of it as it has: counted per need, so the
  // pass costs the number of needs, not jobs times stages.
  const incoming = new Map<string, GraphEnd[]>();
  for (const node of nodes) {
    const own = known(stageOfNode, node.id);
    const needed = new Set(node.job.needs);
    const counts = new Map<GraphStage, number>();
    for (const need of needed) {
      const source = byName.get(need);
      if (source === undefined) continue;
      const stage = known(stageOfNode, source.id);
      counts.set(stage, (counts.get(stage) ?? 0) + 1);
    }
    const wholeStages = [...counts]
      .filter(
        ([stage, count]) => stage !== own && stage.nodes.length > 1 && count === stage.nodes.length,
      )
      .map(([stage]) => stage)
      .sort((a, b) => a.index - b.index);
    const whole = new Set(wholeStages);
    const sources: GraphEnd[] = wholeStages.map((stage) => ({ type: "stage", stage }));
    const covered = new Set<string>();
    for (const need of node.job.needs) {
      const source = byName.get(need);
      if (source !== undefined && !covered.has(need) && !whole.has(known(stageOfNode, source.id)))
        sources.push({ type: "node", node: source });
      covered.add(need);
    }
    incoming.set(node.id, sources);
  }

  // How many jobs of each stage each source enters: a source that every job of a stage needs
  // enters the stage's box once.
  const entering = new Map<GraphStage, Map<string, number>>();
  for (const node of nodes) {
    const stage = known(stageOfNode, node.id);
    let counts = entering.get(stage);
    if (counts === undefined) entering.set(stage, (counts = new Map()));
    for (const key of new Set(known(incoming, node.id).map(endKey))) {
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }

  // Pass 2: the edges, in job order.
  const edges: GraphEdge[] = [];
  const done = new Set<string>();
  for (const node of nodes) {
    const stage = known(stageOfNode, node.id);
    for (const from of known(incoming, node.id)) {
      const key = endKey(from);
      const shared = stage.nodes.length > 1 && entering.get(stage)?.get(key) === stage.nodes.length;
      if (shared) {
        const edgeKey = `${key}>${stage.id}`;
        if (!done.has(edgeKey)) edges.push({ from, to: { type: "stage", stage } });
        done.add(edgeKey);
      } else {
        edges.push({ from, to: { type: "node", node } });
      }
    }
  }
  return { sections: sectionsOf(stages), edges };
}

function stagesOf(plan: Plan, nodes: readonly GraphNode[]): GraphStage[] {
  // Stages a job uses but `plan.stages` lacks still get a box, after the listed ones.
  const members = new Map<string, GraphNode[]>();
  for (const name of plan.stages) if (!members.has(name)) members.set(name, []);
  for (const node of nodes) {
    const list = members.get(node.job.stage);
    if (list === undefined) members.set(node.job.stage, [node]);
    else list.push(node);
  }
  const stages: GraphStage[] = [];
  let index = 0;
  for (const [name, [first, ...rest]] of members) {
    if (first !== undefined) stages.push({ id: `s${index}`, index, name, nodes: [first, ...rest] });
    index += 1;
  }
  return stages;
}

/**
 * Plans of more jobs than this are drawn one node per stage (`stageGraph`): Graphviz takes hours
 * over 200,000 nodes and Mermaid refuses far fewer, while the stages still show the order.
 */
export const MAX_DRAWN_JOBS = 1_000;

/**
 * The graph with each stage drawn as one node standing for all its jobs, and one edge from a
 * stage to another wherever a job of the one needs a job of the other: the shape of a plan too
 * large to draw job by job, in the sections and order of the full graph.
 */
export function stageGraph(graph: PlanGraph): PlanGraph {
  const single = new Map<string, { stage: GraphStage; node: GraphNode }>();
  const sections = graph.sections.map((section) => ({
    ...section,
    stages: section.stages.map((stage): GraphStage => {
      const [first] = stage.nodes;
      const last = stage.nodes[stage.nodes.length - 1] ?? first;
      const node: GraphNode = {
        id: first.id,
        job: first.job,
        last: stage.nodes.length > 1 ? last.job : null,
        count: stage.nodes.length,
      };
      const summary = { ...stage, nodes: [node] as const };
      single.set(stage.id, { stage: summary, node });
      for (const n of stage.nodes) single.set(n.id, { stage: summary, node });
      return summary;
    }),
  }));
  const edges: GraphEdge[] = [];
  const seen = new Set<string>();
  const one = (end: GraphEnd) => known(single, endKey(end)).node;
  for (const edge of graph.edges) {
    const from = one(edge.from);
    const to = one(edge.to);
    const key = `${from.id}>${to.id}`;
    if (from === to || seen.has(key)) continue;
    seen.add(key);
    edges.push({ from: { type: "node", node: from }, to: { type: "node", node: to } });
  }
  return { sections, edges };
}

/** Groups consecutive stages whose jobs share a wave (a stage's wave is its first job's). */
function sectionsOf(stages: readonly GraphStage[]): GraphSection[] {
  const sections: { wave: number | null; stages: GraphStage[] }[] = [];
  for (const stage of stages) {
    const wave = stage.nodes[0].job.wave;
    const last = sections[sections.length - 1];
    if (last !== undefined && last.wave === wave) last.stages.push(stage);
    else sections.push({ wave, stages: [stage] });
  }
  // A wave of one stage (the base images) needs no box around its one box.
  return sections.map(({ wave, stages: members }, index) => {
    const boxed = wave !== null && members.length > 1;
    return {
      id: boxed ? `w${index}` : null,
      label: wave === null ? null : waveLabel(wave),
      stages: members,
    };
  });
}

export function waveLabel(wave: number): string {
  return wave === 0 ? "base images" : `wave ${wave}`;
}

export function endKey(end: GraphEnd): string {
  return end.type === "node" ? end.node.id : end.stage.id;
}

/** `map.get(key)` for a key the graph was built with, which is always there. */
function known<V>(map: ReadonlyMap<string, V>, key: string): V {
  const value = map.get(key);
  if (value === undefined) throw new InternalError(`the plan graph has no entry for ${key}`);
  return value;
}
