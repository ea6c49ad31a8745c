import { describe, expect, it } from "vitest";
import type { Plan } from "../plan/plan.js";
import { label, renderMermaid } from "./renderMermaid.js";
import { batchPlan, createPlan, updatePlan } from "../../test/support/samplePlans.js";

describe("renderMermaid", () => {
  it("is a left-to-right flowchart with a box per wave and per stage", () => {
    const text = renderMermaid(batchPlan([["a"], ["b", "c"]]));
    const lines = text.split("\n");
    expect(lines[0]).toBe("flowchart LR");
    expect(lines).toContain('  subgraph w1["wave 1"]');
    expect(lines).toContain('    subgraph s4["wave-2-build"]');
    expect(lines).toContain('  subgraph s0["base-image"]');
    // Every subgraph is closed.
    const opened = lines.filter((l) => l.trim().startsWith("subgraph ")).length;
    expect(lines.filter((l) => l.trim() === "end")).toHaveLength(opened);
  });

  it("gives each kind its shape and class, and each edge an arrow", () => {
    const text = renderMermaid(batchPlan([["a"], ["b", "c"]]));
    expect(text).toContain('j0[("base-image:1")]');
    expect(text).toContain('{{"wave-gate:2"}}');
    expect(text).toMatch(/^ {6}j\d+\("deploy:b"\)$/m);
    expect(text).toMatch(/^ {2}class j\d+(,j\d+)* waveGate$/m);
    // The gate waits for the one deploy of wave 1; the builds of wave 2 wait for the gate.
    expect(text).toMatch(/^ {2}j2 --> j3$/m);
    expect(text).toMatch(/^ {2}j3 ==> s4$/m);
  });

  it("shows the deployment id under the job name", () => {
    const text = renderMermaid(updatePlan([{ name: "site-a", id: "42" }]));
    expect(text).toContain('j0["build-image:site-a<br/>deployment 42"]');
  });

  it("folds terraform-apply's edges into the build stage of a Create", () => {
    const text = renderMermaid(createPlan(["a", "b"]));
    expect(text).toMatch(/^ {2}j1 ==> s2$/m);
    expect(text.match(/-->|==>/g)).toHaveLength(4);
  });

  it("escapes everything that could end a label or become markup", () => {
    expect(label('a"b#c<d>e&f`g')).toBe("a#quot;b#35;c#lt;d#gt;e#amp;f#96;g");
    expect(label("tab\there\u001b[31m")).toBe("tab here [31m");
    const plan: Plan = {
      ...updatePlan([{ name: "x" }]),
      jobs: [{ ...(updatePlan([{ name: "x" }]).jobs[0] ?? fail()), name: 'evil"] --> x' }],
    };
    expect(renderMermaid(plan)).toContain('j0["evil#quot;] --#gt; x"]');
  });
});

function fail(): never {
  throw new Error("sample plan has no job");
}
