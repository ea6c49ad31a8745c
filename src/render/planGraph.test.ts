import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Plan } from "../plan/plan.js";
import type { GraphEnd, PlanGraph } from "./planGraph.js";
import { planGraph } from "./planGraph.js";
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
