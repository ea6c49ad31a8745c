import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS } from "../repo/settings.js";
import { gitlabRenderer } from "./gitlabRenderer.js";
import { renderPipeline } from "./renderPipeline.js";
import { batchPlan } from "../../test/support/samplePlans.js";

const OPTIONS = { manual: { terraformApply: false, deploy: false } };

describe("renderPipeline", () => {
  it("returns the rendered pipeline when it fits GitLab's limits", () => {
    const plan = batchPlan([["a"], ["b"]]);
    const result = renderPipeline(plan, OPTIONS, DEFAULT_SETTINGS.limits);
    expect(result).toEqual({ ok: true, value: gitlabRenderer.render(plan, OPTIONS), warnings: [] });
  });

  it("does not count a wave gate's plan needs, which are not rendered", () => {
    const wave1 = Array.from({ length: 60 }, (_, i) => `i${i}`);
    const plan = batchPlan([wave1, ["z"]]);
    expect(plan.jobs.find((j) => j.kind === "wave-gate")?.needs).toHaveLength(60);
    expect(renderPipeline(plan, OPTIONS, DEFAULT_SETTINGS.limits).ok).toBe(true);
  });

  it("reports every limit the pipeline exceeds", () => {
    const plan = batchPlan([["a", "b", "c"]]);
    const result = renderPipeline(plan, OPTIONS, {
      maxJobsPerPipeline: 5,
      maxNeedsPerJob: 50,
      maxYamlBytes: 500,
    });
    expect(result.ok ? [] : result.diagnostics.map((d) => d.keyPath)).toEqual([
      "limits.maxJobsPerPipeline",
      "limits.maxYamlBytes",
    ]);
  });

  it("checks the preview pipeline, not the plan, when previewing", () => {
    const plan = batchPlan([["a", "b", "c"]]);
    const preview = { reason: "not on a deploy branch", summary: ["deploy:a"] };
    const result = renderPipeline(
      plan,
      { ...OPTIONS, preview },
      { ...DEFAULT_SETTINGS.limits, maxJobsPerPipeline: 1 },
    );
    expect(result.ok).toBe(true);
    if (result.ok) expect(Object.keys(yaml.load(result.value) as object)).toContain("preview");
  });
});
