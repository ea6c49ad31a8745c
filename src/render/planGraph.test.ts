import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Plan } from "../plan/plan.js";
import type { GraphEnd, PlanGraph } from "./planGraph.js";
import { planGraph, stageGraph } from "./planGraph.js";
import { batchPlan, createPlan, noopPlan, updatePlan } from "../../test/support/samplePlans.js";

/** Every (needed job, job) pair the edges stand for, with stage ends expanded to their jobs. */
function expandedNeeds(graph: PlanGraph): string[] {
  const jobs = (end: GraphEnd): string[] =>
    end.type === "node" ? [end.node.job.name] : end.stage.nodes.map((n) => n.job.name);
  return graph.edges
    .flatMap((e) => jobs(e.from).flatMap((from) => jobs(e.to).map((to) => `${from} -> ${to}`)))
    .sort();
}

function planNeeds(plan: Plan): string[] {
  return plan.jobs.flatMap((j) => j.needs.map((n) => `${n} -> ${j.name}`)).sort();
}

const names = (prefix: string, n: number): string[] =>
  Array.from({ length: n }, (_, i) => `${prefix}-${String(i).padStart(3, "0")}`);

describe("planGraph", () => {
  it("draws a wave gate of two 25-instance waves as one edge in and one edge out", () => {
    const plan = batchPlan([names("a", 25), names("b", 25)]);
    const graph = planGraph(plan);
    const gateEdges = graph.edges.filter(
      (e) =>
        (e.from.type === "node" && e.from.node.job.kind === "wave-gate") ||
        (e.to.type === "node" && e.to.node.job.kind === "wave-gate"),
    );
    expect(gateEdges).toHaveLength(2);
    const [into, out] = gateEdges;
    expect(into?.from.type === "stage" && into.from.stage.name).toBe("wave-1-deploy");
    expect(out?.to.type === "stage" && out.to.stage.name).toBe("wave-2-build");
    // 50 build -> deploy edges, one base image edge per wave build stage, two gate edges.
    expect(graph.edges).toHaveLength(54);
  });

  it("keeps one-job stages as jobs: a stage box is only for two or more", () => {
    const graph = planGraph(batchPlan([["a"], ["b"]]));
    expect(graph.edges.every((e) => e.from.type === "node" && e.to.type === "node")).toBe(true);
  });

  it("groups stages into waves, base images first, and leaves plans without waves unboxed", () => {
    const batch = planGraph(batchPlan([["a"], ["b", "c"]]));
    expect(batch.sections.map((s) => [s.label, s.id, s.stages.map((t) => t.name)])).toEqual([
      ["base images", null, ["base-image"]],
      ["wave 1", "w1", ["wave-1-build", "wave-1-deploy"]],
      ["wave 2", "w2", ["wave-2-gate", "wave-2-build", "wave-2-deploy"]],
    ]);
    const update = planGraph(updatePlan([{ name: "a" }]));
    expect(update.sections).toHaveLength(1);
    expect(update.sections[0]?.id).toBeNull();
    expect(update.sections[0]?.stages.map((s) => s.name)).toEqual(["build-image", "deploy"]);
  });

  it("folds a job every build of a stage needs into one edge (Create: terraform-apply)", () => {
    const graph = planGraph(createPlan(["a", "b", "c"]));
    const fromApply = graph.edges.filter(
      (e) => e.from.type === "node" && e.from.node.job.name === "terraform-apply",
    );
    expect(fromApply).toHaveLength(1);
    expect(fromApply[0]?.to.type === "stage" && fromApply[0].to.stage.name).toBe("build-image");
  });

  it("a noop plan is one job and no edge", () => {
    const graph = planGraph(noopPlan("nothing"));
    expect(graph.edges).toEqual([]);
    expect(graph.sections.flatMap((s) => s.stages.flatMap((t) => t.nodes))).toHaveLength(1);
  });

  it("every need of every plan is drawn exactly once, and nothing else (property)", () => {
    const waves = fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(waves, fc.integer({ min: 1, max: 4 }), (sizes, creates) => {
        let n = 0;
        const plan = batchPlan(sizes.map((size) => names(`w${(n += 1)}`, size)));
        expect(expandedNeeds(planGraph(plan))).toEqual(planNeeds(plan));
        const create = createPlan(names("c", creates));
        expect(expandedNeeds(planGraph(create))).toEqual(planNeeds(create));
      }),
    );
  });
});

describe("stageGraph", () => {
  it("draws each stage as one node for its jobs, and one edge between stages where jobs need jobs", () => {
    const plan = batchPlan([["a"], ["b", "c", "d"], ["e", "f"]]);
    const graph = stageGraph(planGraph(plan));
    const stages = graph.sections.flatMap((s) => s.stages);
    expect(
      stages.map((s) => [s.name, s.nodes.map((n) => [n.count, n.job.name, n.last?.name ?? null])]),
    ).toEqual([
      ["base-image", [[1, "base-image:1", null]]],
      ["wave-1-build", [[1, "build-image:a", null]]],
      ["wave-1-deploy", [[1, "deploy:a", null]]],
      ["wave-2-gate", [[1, "wave-gate:2", null]]],
      ["wave-2-build", [[3, "build-image:b", "build-image:d"]]],
      ["wave-2-deploy", [[3, "deploy:b", "deploy:d"]]],
      ["wave-3-gate", [[1, "wave-gate:3", null]]],
      ["wave-3-build", [[2, "build-image:e", "build-image:f"]]],
      ["wave-3-deploy", [[2, "deploy:e", "deploy:f"]]],
    ]);
    const stageOf = new Map(stages.map((s) => [s.nodes[0].id, s.name]));
    const edges = graph.edges.map((e) => {
      if (e.from.type !== "node" || e.to.type !== "node") throw new Error("a summary joins nodes");
      return `${stageOf.get(e.from.node.id)} -> ${stageOf.get(e.to.node.id)}`;
    });
    expect(edges.sort()).toEqual(
      [
        "base-image -> wave-1-build",
        "wave-1-build -> wave-1-deploy",
        "wave-1-deploy -> wave-2-gate",
        "base-image -> wave-2-build",
        "wave-2-gate -> wave-2-build",
        "wave-2-build -> wave-2-deploy",
        "wave-2-deploy -> wave-3-gate",
        "base-image -> wave-3-build",
        "wave-3-gate -> wave-3-build",
        "wave-3-build -> wave-3-deploy",
      ].sort(),
    );
    expect(graph.sections.map((s) => s.label)).toEqual(
      planGraph(plan).sections.map((s) => s.label),
    );
  });
});
