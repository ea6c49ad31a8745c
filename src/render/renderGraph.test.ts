import { describe, expect, it } from "vitest";
import type { Plan } from "../plan/plan.js";
import { MAX_DRAWN_JOBS } from "./planGraph.js";
import { label, renderDot, renderMermaid } from "./renderGraph.js";
import { batchPlan, createPlan, JOB_KINDS, updatePlan } from "../../test/support/samplePlans.js";

describe("renderMermaid", () => {
  it("draws each job kind in the shape and class of its look", () => {
    const [first] = updatePlan([{ name: "a" }]).jobs;
    if (first === undefined) throw new Error("updatePlan has jobs");
    const jobs = JOB_KINDS.map((kind) => ({ ...first, kind, name: kind, stage: kind, needs: [] }));
    const text = renderMermaid({
      directive: { kind: "none" },
      jobs,
      skipped: [],
      stages: [...JOB_KINDS],
    });
    const drawn = (kind: string): string[] => {
      const node = new RegExp(`^ +(j\\d+)(.*)"${kind}"(.*)$`, "m").exec(text);
      const id = node?.[1] ?? "?";
      const classed = new RegExp(`^ {2}class (?:j\\d+,)*${id}(?:,j\\d+)* (\\w+)$`, "m").exec(text);
      return [`${node?.[2] ?? ""}${node?.[3] ?? ""}`, classed?.[1] ?? ""];
    };
    expect(Object.fromEntries(JOB_KINDS.map((kind) => [kind, drawn(kind)]))).toEqual({
      noop: ["([])", "noop"],
      "terraform-plan": ["[[]]", "terraform"],
      "terraform-apply": ["[[]]", "terraform"],
      "base-image": ["[()]", "baseImage"],
      "build-image": ["[]", "buildImage"],
      deploy: ["()", "deploy"],
      verify: ["{}", "verify"],
      archive: ["[//]", "removal"],
      delete: ["[//]", "removal"],
      "wave-gate": ["{{}}", "waveGate"],
      // Issue 11: the request jobs look like the jobs they lead to.
      "prepare-deployment": ["[]", "buildImage"],
      "request-archive": ["[//]", "removal"],
      "request-delete": ["[//]", "removal"],
      "abort-deployment": ["([])", "noop"],
    });
  });

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
      verify: "diamond];",
      archive: "parallelogram];",
      delete: "parallelogram];",
      "wave-gate": "hexagon];",
      "prepare-deployment": "box];",
      "request-archive": "parallelogram];",
      "request-delete": "parallelogram];",
      "abort-deployment": "box, style=rounded];",
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

describe("a graph of more than MAX_DRAWN_JOBS jobs", () => {
  const names = Array.from({ length: 600 }, (_, i) => `site-${String(i).padStart(3, "0")}`);
  const plan = updatePlan(names.map((name) => ({ name })));

  it("is drawn one node per stage, saying so, in Mermaid and DOT", () => {
    expect(plan.jobs.length).toBeGreaterThan(MAX_DRAWN_JOBS);
    const note = "1200 jobs are too many to draw one by one: one node per stage.";
    const mermaid = renderMermaid(plan);
    expect(mermaid).toContain(`\n  %% ${note}\n`);
    expect(mermaid).toContain(
      `j0["build-image: 600 jobs<br/>build-image:site-000 … build-image:site-599"]`,
    );
    expect(mermaid).toContain(`  j0 --> j1\n`);
    expect(mermaid.match(/^ +j\d+[[({]/gm)).toHaveLength(2);
    const dot = renderDot(plan);
    expect(dot).toContain(`\n  // ${note}\n`);
    expect(dot).toContain(
      `j1 [label="deploy: 600 jobs\\ndeploy:site-000 … deploy:site-599", shape=box, style=rounded];`,
    );
  });

  it("at MAX_DRAWN_JOBS jobs or fewer, every job is drawn", () => {
    const fewer = updatePlan(names.slice(0, MAX_DRAWN_JOBS / 2).map((name) => ({ name })));
    expect(renderMermaid(fewer)).not.toContain("too many to draw");
    expect(renderMermaid(fewer).match(/^ +j\d+[[({]/gm)).toHaveLength(MAX_DRAWN_JOBS);
  });
});
