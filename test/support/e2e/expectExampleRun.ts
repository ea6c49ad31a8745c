import { expect } from "vitest";
import { TERRAFORM_TRIGGER_JOB } from "../../../src/render/terraformLock.js";
import type { ListedJob } from "./listPipelineJobs.js";
import type { ExampleClusterRun } from "./runExampleCluster.js";
import { GENERATE_JOB, TRIGGER_JOB } from "./runExampleCluster.js";

/**
 * The checks every successful run of the example parent pipeline must pass: the generated file
 * passed gitlab-ci-local's schema validation (`--list-json`; the run checks it too and would
 * have exited non-zero), every job in the PASS/FAIL summaries passed, and
 * the child pipeline ran exactly the jobs of that file, each started by the trigger job, and
 * the Terraform pipeline (when the file triggers one) ran exactly the Terraform plan and apply.
 * Returns the file's jobs as gitlab-ci-local listed them (stages and needs) for further checks.
 */
export function expectExampleRun(run: ExampleClusterRun): readonly ListedJob[] {
  const listed = run.listed;
  if (listed === null) {
    expect.fail(`${GENERATE_JOB} wrote no pipeline:\n${run.stdout}\n${run.stderr}`);
  }
  if (!listed.valid) expect.fail(`the generated pipeline is not valid:\n${listed.stderr}`);
  expect(run.exitCode, run.stderr).toBe(0);
  expect(
    run.jobs.filter((j) => j.status !== "pass"),
    "jobs that did not pass",
  ).toEqual([]);
  const parent = [GENERATE_JOB, TRIGGER_JOB];
  // Terraform plan and apply run in a grandchild pipeline, which the child's trigger job starts.
  const terraform = `${TRIGGER_JOB} -> ${TERRAFORM_TRIGGER_JOB}`;
  const child = run.jobs.filter((j) => !parent.includes(j.name) && j.triggeredBy !== terraform);
  expect(run.jobs.map((j) => j.name).filter((name) => parent.includes(name))).toEqual(parent);
  expect(child.map((j) => j.name).sort()).toEqual(listed.jobs.map((j) => j.name).sort());
  for (const job of child) expect(job.triggeredBy, job.name).toBe(TRIGGER_JOB);
  const grandchild = run.jobs.filter((j) => j.triggeredBy === terraform).map((j) => j.name);
  const triggers = listed.jobs.some((j) => j.name === TERRAFORM_TRIGGER_JOB);
  expect(grandchild.sort()).toEqual(triggers ? ["terraform-apply", "terraform-plan"] : []);
  return listed.jobs;
}
