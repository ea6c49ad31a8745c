import { describe, expect, it } from "vitest";
import type { Plan } from "../plan/plan.js";
import { renderDot } from "./renderDot.js";
import { batchPlan, JOB_KINDS, updatePlan } from "../../test/support/samplePlans.js";

/** A plan with one job of each kind, each in a stage of its own. */
function everyKind(): Plan {
  const [first] = updatePlan([{ name: "a" }]).jobs;
  if (first === undefined) throw new Error("updatePlan has jobs");
  const jobs = JOB_KINDS.map((kind) => ({
    ...first,
    kind,
    name: `${kind}:a`,
    stage: kind,
    needs: [],
  }));
  return { directive: { kind: "none" }, jobs, skipped: [], stages: [...JOB_KINDS] };
}

describe("renderDot", () => {
  it("draws each job kind in the shape of its look", () => {
    const shapes = everyKind().jobs.map((job) =>
      renderDot(everyKind())
        .split("\n")
        .find((l) => l.includes(`label="${job.name}"`))
        ?.replace(/.*shape=/, ""),
    );
    expect(Object.fromEntries(JOB_KINDS.map((kind, i) => [kind, shapes[i]]))).toEqual({
      noop: "box, style=rounded];",
      "terraform-plan": "box, peripheries=2];",
      "terraform-apply": "box, peripheries=2];",
      "base-image": "cylinder];",
      "build-image": "box];",
      deploy: "box, style=rounded];",
      archive: "parallelogram];",
      delete: "parallelogram];",
      "wave-gate": "hexagon];",
    });
  });

  it("is a compound left-to-right digraph with a cluster per wave and per stage", () => {
    const text = renderDot(batchPlan([["a"], ["b", "c"]]));
    const lines = text.split("\n");
    expect(lines.slice(0, 3)).toEqual(["digraph plan {", "  rankdir=LR;", "  compound=true;"]);
    expect(lines).toContain("  subgraph cluster_w1 {");
    expect(lines).toContain('    label="wave 1";');
    expect(lines).toContain("    subgraph cluster_s4 {");
    expect(lines).toContain('      label="wave-2-build";');
    expect(text).toContain('j0 [label="base-image:1", shape=cylinder];');
    expect(text).toContain('[label="wave-gate:2", shape=hexagon];');
    // Braces balance, so Graphviz reads to the end.
    expect(text.match(/\{/g)?.length).toBe(text.match(/\}/g)?.length);
  });

  it("draws a stage end from its first job, clipped at the cluster border", () => {
    const text = renderDot(batchPlan([["a"], ["b", "c"]]));
    // Every build of wave 2 needs the gate (j3): one edge into cluster s4 (first job j4).
    expect(text).toContain("  j3 -> j4 [lhead=cluster_s4, style=bold];");
    expect(text).toContain("  j2 -> j3;");
    const twoWaves = renderDot(batchPlan([["a", "b"], ["c"]]));
    // The gate of wave 2 needs both deploys of wave 1 (cluster s2, first job j3).
    expect(twoWaves).toContain("  j3 -> j5 [ltail=cluster_s2, style=bold];");
  });

  it("escapes quotes and backslashes and puts the deployment id on a second line", () => {
    const base = updatePlan([{ name: "x", id: "7" }]);
    const first = base.jobs[0];
    if (first === undefined) throw new Error("sample plan has no job");
    const plan: Plan = { ...base, jobs: [{ ...first, name: 'a"b\\c' }] };
    expect(renderDot(plan)).toContain('j0 [label="a\\"b\\\\c\\ndeployment 7", shape=box];');
  });
});
