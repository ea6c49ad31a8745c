import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runPlannedPipeline } from "../support/e2e/plannedPipeline.js";
import { readStubTimes } from "../support/e2e/readStubLog.js";
import type { StubSpan } from "../support/e2e/readStubLog.js";
import { EXAMPLE_CLUSTER } from "../support/e2e/runExampleCluster.js";
import { TRIGGER_JOB } from "../support/e2e/runGeneratedPipeline.js";

/*
 * Terraform plan and apply run in a pipeline of their own (a grandchild of the cluster's
 * pipeline), which the generated pipeline's `terraform` job triggers with the Terraform lock
 * (`resource_group: terraform`, `strategy: depend`). gitlab-ci-local runs one pipeline and has no
 * resource groups, so what is proved here is the pipeline structure as it runs: plan then apply in
 * the grandchild, the plan file reaching the apply, work that needs Terraform starting only after
 * the apply ended, and a manual apply running only once a person starts it. That GitLab holds the
 * lock for the whole grandchild, and that a manual apply nobody started keeps the grandchild and
 * everything after it waiting, is asserted on the YAML (src/render/terraformLock.test.ts).
 */

const CREATE = "[AutoDeploy][Create] demo|req-7";
const TERRAFORM_PIPELINE = `${TRIGGER_JOB} -> terraform`;
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "grove-e2e-terraform-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** The example cluster with a `manual:` setting that makes the Terraform apply wait for a person. */
function manualApplyCluster(): string {
  const dir = path.join(scratch, "manual-apply");
  fs.cpSync(EXAMPLE_CLUSTER, dir, { recursive: true });
  fs.appendFileSync(path.join(dir, "grove-pipelines.yml"), "\nmanual:\n  terraformApply: true\n");
  return dir;
}

async function timedCreate(cluster: string, extraArgs: readonly string[] = []) {
  const times = path.join(scratch, `times-${fs.readdirSync(scratch).length}.log`);
  const { run } = await runPlannedPipeline(cluster, CREATE, {
    env: { GROVE_STUB_TIMES: times, GROVE_STUB_SLEEP: "1" },
    extraArgs,
  });
  return { run, spans: readStubTimes(times), output: run.stdout + run.stderr };
}

function spanOf(spans: ReadonlyMap<string, StubSpan>, job: string): StubSpan {
  const span = spans.get(job);
  expect(span, `${job} should have run`).toBeDefined();
  return span ?? { start: NaN, end: NaN };
}

describe("Terraform under the lock, run by gitlab-ci-local", () => {
  it("plans then applies in the Terraform pipeline, and builds only after the apply ended", async () => {
    const { run, spans } = await timedCreate(EXAMPLE_CLUSTER);
    expect(run.jobs.filter((j) => j.status !== "pass")).toEqual([]);
    const by = (name: string) => run.jobs.find((j) => j.name === name)?.triggeredBy;
    // The generated pipeline writes the Terraform pipeline's file and triggers it...
    expect(by("terraform-file")).toBe(TRIGGER_JOB);
    expect(by("terraform")).toBe(TRIGGER_JOB);
    // ...whose jobs are Terraform's, and only those.
    expect(
      run.jobs
        .filter((j) => j.triggeredBy === TERRAFORM_PIPELINE)
        .map((j) => j.name)
        .sort(),
    ).toEqual(["terraform-apply", "terraform-plan"]);
    expect(by("build-image:demo")).toBe(TRIGGER_JOB);

    // The apply stub fails without the plan file: it passed, so the artifact reached it.
    expect(run.calls.slice(0, 2)).toEqual([
      { job: "terraform-plan", instance: "", args: expect.stringMatching(/ -out=\/.*\/tfplan$/) },
      { job: "terraform-apply", instance: "", args: expect.stringMatching(/apply \/.*\/tfplan$/) },
    ]);
    const plan = spanOf(spans, "terraform-plan");
    const apply = spanOf(spans, "terraform-apply");
    expect(apply.start).toBeGreaterThanOrEqual(plan.end);
    expect(spanOf(spans, "build-image:demo").start).toBeGreaterThanOrEqual(apply.end);
    expect(spanOf(spans, "deploy:demo").start).toBeGreaterThanOrEqual(apply.end);
  });

  it("runs a manual apply only when a person starts it, and the work after it only then", async () => {
    const cluster = manualApplyCluster();
    const waiting = await timedCreate(cluster);
    // Nobody started the apply: it never ran. GitLab keeps such a pipeline running (the apply is
    // `allow_failure: false`), and with it the trigger job, its lock and the jobs that need it;
    // gitlab-ci-local instead ends the pipeline as passed and goes on, so that part is asserted
    // on the YAML only (src/render/terraformLock.test.ts).
    expect(waiting.run.calls.map((c) => c.job)).toContain("terraform-plan");
    expect(waiting.run.calls.map((c) => c.job)).not.toContain("terraform-apply");
    expect(waiting.spans.has("terraform-apply")).toBe(false);
    expect(waiting.run.jobs.map((j) => j.name)).not.toContain("terraform-apply");

    const started = await timedCreate(cluster, ["--manual", "terraform-apply"]);
    expect(started.run.jobs.filter((j) => j.status !== "pass")).toEqual([]);
    expect(started.run.calls.map((c) => c.job)).toEqual([
      "terraform-plan",
      "terraform-apply",
      "build-image:demo",
      "deploy:demo",
    ]);
    const apply = spanOf(started.spans, "terraform-apply");
    expect(spanOf(started.spans, "build-image:demo").start).toBeGreaterThanOrEqual(apply.end);
  });
});
