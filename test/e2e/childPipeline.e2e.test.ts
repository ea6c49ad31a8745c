import { describe, expect, it } from "vitest";
import { gitlabRenderer } from "../../src/render/gitlabRenderer.js";
import type { RenderOptions } from "../../src/render/renderer.js";
import { batchPlan, createPlan, updatePlan } from "../support/samplePlans.js";
import type { StubCall } from "../support/e2e/readStubLog.js";
import { runGeneratedPipeline, TRIGGER_JOB } from "../support/e2e/runGeneratedPipeline.js";

const AUTO: RenderOptions = { manual: { terraformApply: false, deploy: false } };

/** Position of a job's first stub call; fails the test when the job never called a stub. */
function at(calls: readonly StubCall[], job: string): number {
  const index = calls.findIndex((c) => c.job === job);
  expect(index, `${job} should have run`).toBeGreaterThanOrEqual(0);
  return index;
}

describe("a rendered pipeline run by gitlab-ci-local as a child pipeline", () => {
  it("updates two instances: each deploy after its own build, with its instance", () => {
    const plan = updatePlan([{ name: "site-a", id: "42" }, { name: "site-b" }]);
    const run = runGeneratedPipeline(gitlabRenderer.render(plan, AUTO), {
      commitMessage: "[AutoDeploy][Update] site-a|42,site-b",
    });
    expect(run.jobs.filter((j) => j.status !== "pass")).toEqual([]);
    expect(run.jobs.map((j) => j.name).sort()).toEqual(
      [
        "build-image:site-a",
        "build-image:site-b",
        "deploy:site-a",
        "deploy:site-b",
        TRIGGER_JOB,
      ].sort(),
    );
    expect(run.jobs.find((j) => j.name === "deploy:site-a")?.triggeredBy).toBe(TRIGGER_JOB);
    expect([...run.calls].sort((a, b) => a.job.localeCompare(b.job))).toEqual([
      { job: "build-image:site-a", instance: "site-a", args: "build-image site-a" },
      { job: "build-image:site-b", instance: "site-b", args: "build-image site-b" },
      { job: "deploy:site-a", instance: "site-a", args: "deploy site-a" },
      { job: "deploy:site-b", instance: "site-b", args: "deploy site-b" },
    ]);
    for (const name of ["site-a", "site-b"]) {
      expect(at(run.calls, `deploy:${name}`)).toBeGreaterThan(at(run.calls, `build-image:${name}`));
    }
  });

  it("creates an instance: Terraform plan, then apply with the plan file, then build and deploy", () => {
    const run = runGeneratedPipeline(gitlabRenderer.render(createPlan(["site-a"]), AUTO), {
      commitMessage: "[AutoDeploy][Create] site-a",
    });
    expect(run.jobs.filter((j) => j.status !== "pass")).toEqual([]);
    expect(run.calls.map((c) => c.job)).toEqual([
      "terraform-plan",
      "terraform-apply",
      "build-image:site-a",
      "deploy:site-a",
    ]);
    // The apply stub fails when the plan file is missing: it passed, so the artifact arrived.
    expect(run.calls[0]?.args).toMatch(/^terraform plan -out=\/.*\/tfplan$/);
    expect(run.calls[1]?.args).toMatch(/^terraform apply \/.*\/tfplan$/);
  });

  it("never deploys an instance whose build failed, and still deploys the others", () => {
    const plan = updatePlan([{ name: "x" }, { name: "y" }]);
    const run = runGeneratedPipeline(gitlabRenderer.render(plan, AUTO), {
      failJobs: ["build-image:x"],
    });
    expect(run.jobs.find((j) => j.name === "build-image:x")?.status).toBe("fail");
    expect(run.jobs.find((j) => j.name === "deploy:x")).toBeUndefined();
    expect(run.calls.map((c) => c.job)).not.toContain("deploy:x");
    expect(run.jobs.find((j) => j.name === "deploy:y")?.status).toBe("pass");
  });

  it("starts a wave only after every job of the waves before it succeeded", () => {
    const plan = batchPlan([["a"], ["b", "c"]]);
    const run = runGeneratedPipeline(gitlabRenderer.render(plan, AUTO));
    expect(run.jobs.filter((j) => j.status !== "pass")).toEqual([]);
    const wave2 = ["build-image:b", "build-image:c", "deploy:b", "deploy:c"];
    for (const job of wave2) {
      expect(at(run.calls, job)).toBeGreaterThan(at(run.calls, "deploy:a"));
    }
    expect(at(run.calls, "build-image:a")).toBeGreaterThan(at(run.calls, "base-image:1"));
    expect(run.jobs.find((j) => j.name === "wave-gate:2")?.status).toBe("pass");
  });

  it("stops the rollout at the wave gate when a deploy of the wave before failed", () => {
    const plan = batchPlan([["a"], ["b", "c"]]);
    const run = runGeneratedPipeline(gitlabRenderer.render(plan, AUTO), {
      failJobs: ["deploy:a"],
    });
    expect(run.jobs.find((j) => j.name === "deploy:a")?.status).toBe("fail");
    const started = run.jobs.map((j) => j.name);
    for (const job of ["wave-gate:2", "build-image:b", "build-image:c", "deploy:b", "deploy:c"]) {
      expect(started).not.toContain(job);
    }
    expect(run.calls.map((c) => c.job)).toEqual(["base-image:1", "build-image:a", "deploy:a"]);
  });

  it("runs manual deploys only when a person starts them (gitlab-ci-local: --manual)", () => {
    const plan = updatePlan([{ name: "a" }, { name: "b" }]);
    const text = gitlabRenderer.render(plan, { manual: { terraformApply: false, deploy: true } });
    const run = runGeneratedPipeline(text, { extraArgs: ["--manual", "deploy:a"] });
    expect(run.calls.map((c) => c.job).sort()).toEqual([
      "build-image:a",
      "build-image:b",
      "deploy:a",
    ]);
    expect(run.jobs.find((j) => j.name === "deploy:a")?.status).toBe("pass");
  });
});
