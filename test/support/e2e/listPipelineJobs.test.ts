import fs from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import type { Plan } from "../../../src/plan/plan.js";
import { gitlabRenderer } from "../../../src/render/gitlabRenderer.js";
import { renderedNeeds } from "../../../src/render/pipelineJobs.js";
import type { RenderOptions } from "../../../src/render/renderer.js";
import { renderOrchestrator } from "../../../src/render/renderOrchestrator.js";
import { batchPlan, createPlan, noopPlan, removalPlan, updatePlan } from "../samplePlans.js";
import { summarizePlan } from "../../../src/render/summarizePlan.js";
import { listPipelineJobs } from "./listPipelineJobs.js";
import { makeClusterRepo } from "./makeClusterRepo.js";
import { MINI_CLUSTER } from "./runGeneratedPipeline.js";

const AUTO: RenderOptions = { manual: { terraformApply: false, deploy: false } };
const MANUAL: RenderOptions = {
  manual: { terraformApply: true, deploy: true },
  image: "registry.example.com/grove/tools:1.2",
};

const cases: [string, Plan, RenderOptions][] = [
  ["update", updatePlan([{ name: "site-a", id: "42" }, { name: "site-b" }]), AUTO],
  ["create-manual", createPlan(["site-a", "site-b"]), MANUAL],
  ["batch", batchPlan([["a"], ["b", "c"], ["d"]]), MANUAL],
  ["archive", removalPlan("archive", ["site-a"]), AUTO],
  ["delete", removalPlan("delete", ["site-a", "site-b"]), AUTO],
  ["noop", noopPlan("The commit title does not start with [AutoDeploy]"), AUTO],
];
const preview = batchPlan([["a"], ["b"]]);
const previewOptions: RenderOptions = {
  ...AUTO,
  preview: { reason: "Branch dev may not deploy", summary: summarizePlan(preview) },
};

// One repository holds every rendered file; gitlab-ci-local checks each with --file.
const files: Record<string, string> = Object.fromEntries([
  ...cases.map(([name, plan, options]) => [`${name}.yml`, gitlabRenderer.render(plan, options)]),
  ["preview.yml", gitlabRenderer.render(preview, previewOptions)],
  [
    "orchestrator.yml",
    renderOrchestrator(2, {
      generatorCommand: (k, f) => [
        "grove-pipelines",
        "generate",
        "--shard",
        String(k),
        "--output",
        f,
      ],
    }),
  ],
  [
    "invalid.yml",
    "stages: [a]\njob:\n  stage: a\n  script: [echo]\n  environment: {name: x, action: bogus}\n",
  ],
]);
const repo = makeClusterRepo(MINI_CLUSTER, "[AutoDeploy][Update] site-a", files);
afterAll(() => fs.rmSync(repo, { recursive: true, force: true }));

describe("gitlab-ci-local's validation (GitLab's CI schema and its own checks)", () => {
  it.each(cases)("accepts the %s pipeline and reads its jobs as planned", (name, plan, options) => {
    const listed = listPipelineJobs(repo, `${name}.yml`);
    expect(listed.valid ? "" : listed.stderr).toBe("");
    if (!listed.valid) return;
    expect(listed.jobs.map((j) => j.name)).toEqual(plan.jobs.map((j) => j.name));
    for (const job of plan.jobs) {
      const seen = listed.jobs.find((j) => j.name === job.name);
      expect(seen?.stage).toBe(job.stage);
      expect(seen?.needs).toEqual(renderedNeeds(job));
      const manual =
        (job.kind === "deploy" && options.manual.deploy) ||
        (job.kind === "terraform-apply" && options.manual.terraformApply);
      expect(seen?.when).toBe(manual ? "manual" : "on_success");
      expect(seen?.allowFailure).toBe(false);
    }
  });

  it("accepts the preview pipeline: one noop job", () => {
    const listed = listPipelineJobs(repo, "preview.yml");
    expect(listed.valid && listed.jobs.map((j) => [j.name, j.stage, j.needs])).toEqual([
      ["preview", "preview", []],
    ]);
  });

  it("accepts the shard orchestrator", () => {
    const listed = listPipelineJobs(repo, "orchestrator.yml");
    expect(listed.valid && listed.jobs.map((j) => [j.name, j.needs])).toEqual([
      ["generate-shards", []],
      ["shard-1", ["generate-shards"]],
      ["shard-2", ["generate-shards", "shard-1"]],
    ]);
  });

  it("rejects a file GitLab's schema rejects, saying why", () => {
    const listed = listPipelineJobs(repo, "invalid.yml");
    expect(listed.valid).toBe(false);
    if (!listed.valid) expect(listed.stderr).toContain("action");
  });
});
