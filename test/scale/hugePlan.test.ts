import { describe, expect, it } from "vitest";
import { planToJson } from "../../src/cli/planCommands.js";
import { formatPlanMarkdown } from "../../src/cli/planMarkdown.js";
import { formatPlanText } from "../../src/cli/planOutput.js";
import type { Plan } from "../../src/plan/plan.js";
import { DEFAULT_SETTINGS } from "../../src/repo/settings.js";
import { renderPipeline } from "../../src/render/checkLimits.js";
import { summarizePlan } from "../../src/render/previewPipeline.js";
import type { RenderOptions } from "../../src/render/gitlabRenderer.js";
import { renderDot, renderMermaid } from "../../src/render/renderGraph.js";
import { renderOrchestrator } from "../../src/render/renderOrchestrator.js";
import { shardMeasure, shardPlan } from "../../src/render/shardPlan.js";
import { batchPlan, updatePlan } from "../support/samplePlans.js";

/*
 * Plans of about 200,000 jobs, built in memory (no repository of 100,000 folders), through every
 * renderer and formatter: a spread of the jobs into one call, or recursion as deep as the plan,
 * overflows the stack at this size, and a quadratic step takes minutes instead of seconds.
 */

const INSTANCES = 100_000;
const names = Array.from({ length: INSTANCES }, (_, i) => `site-${String(i).padStart(6, "0")}`);

/** A batch in waves of 25 after a canary of one: about 204,000 jobs in 12,000 stages. */
function hugeBatch(): Plan {
  const waves: string[][] = [names.slice(0, 1)];
  for (let i = 1; i < names.length; i += 25) waves.push(names.slice(i, i + 25));
  return batchPlan(waves);
}

const render: RenderOptions = { image: null, manual: DEFAULT_SETTINGS.manual };

describe("a plan of 200,000 jobs", () => {
  const batch = hugeBatch();
  const update = updatePlan(names.map((name) => ({ name })));

  it("is as big as this test says", () => {
    expect(batch.jobs.length).toBeGreaterThan(200_000);
    expect(update.jobs.length).toBe(200_000);
  });

  it.each([
    ["batch", batch],
    ["update", update],
  ])("%s: plan as text, Markdown and JSON summarises or lists it", (_, plan) => {
    const text = formatPlanText(plan);
    expect(text).toContain(`${plan.jobs.length} jobs are too many to list one by one`);
    const row =
      plan === batch
        ? /^wave-2-deploy +25 +deploy:site-000001 +deploy:site-000025$/m
        : /^deploy +100000 +deploy:site-000000 +deploy:site-099999$/m;
    expect(text).toMatch(row);
    expect(text).toContain(`${plan.jobs.length} job(s), ${INSTANCES} instance(s).`);
    const markdown = formatPlanMarkdown(plan);
    expect(markdown).toContain(`${plan.jobs.length} jobs are too many to list one by one`);
    expect(markdown).toContain("too large to draw here");
    const json = JSON.stringify(planToJson(plan));
    expect(json).toContain(`"name":"deploy:${names.at(-1)}"`);
    expect(summarizePlan(plan).filter((line) => / more jobs /.test(line))).toHaveLength(1);
  });

  it.each([
    ["batch", batch],
    ["update", update],
  ])("%s: graph in Mermaid and DOT", (_, plan) => {
    const mermaid = renderMermaid(plan);
    const dot = renderDot(plan);
    const note = `${plan.jobs.length} jobs are too many to draw one by one: one node per stage.`;
    expect(mermaid.startsWith(`flowchart LR\n  %% ${note}\n`)).toBe(true);
    expect(dot.startsWith(`digraph plan {\n  // ${note}\n`)).toBe(true);
    // One node per stage, each in its own box.
    const stages = new Set(plan.jobs.map((j) => j.stage)).size;
    expect(mermaid.match(/^ +j\d+[[({]/gm)).toHaveLength(stages);
  });

  it("the batch: rendered whole (past every limit)", () => {
    const unlimited = { maxJobsPerPipeline: 1e6, maxNeedsPerJob: 50, maxYamlBytes: 1e9 };
    const whole = renderPipeline(batch, render, unlimited);
    const last = `deploy:${names.at(-1)}`;
    expect(whole.ok && whole.value.includes(`\n${last}:\n  extends: .grove-deploy\n`)).toBe(true);
  });

  it("the batch: sharded within the default limits, every job in exactly one shard", () => {
    const limits = DEFAULT_SETTINGS.limits;
    const shards = shardPlan(batch, limits, shardMeasure(batch, render));
    expect(shards.length).toBeGreaterThan(400);
    expect(shards.reduce((n, s) => n + s.jobs.length, 0)).toBe(batch.jobs.length);
    expect(Math.max(...shards.map((s) => s.jobs.length))).toBeLessThanOrEqual(
      limits.maxJobsPerPipeline,
    );
    const orchestrator = renderOrchestrator(shards.length, {
      image: "node:20",
      files: { kind: "generate", generator: { kind: "vendored" } },
    });
    expect(orchestrator).toContain(`shard-${shards.length}:`);
  });
});
