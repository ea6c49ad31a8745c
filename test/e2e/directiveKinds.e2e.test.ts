import { describe, expect, it } from "vitest";
import { callIndex } from "../support/e2e/callIndex.js";
import { expectExampleRun } from "../support/e2e/expectExampleRun.js";
import { generatedVariable } from "../support/e2e/generatedVariable.js";
import type { StubCall } from "../support/e2e/readStubLog.js";
import { runExampleCluster } from "../support/e2e/runExampleCluster.js";

/*
 * Every named directive kind, run for real: examples/cluster's own parent pipeline generates the
 * child pipeline with the built CLI and gitlab-ci-local runs it against stub `grove`/`terraform`.
 * The expected work is written by hand from examples/cluster/README.md, never computed by the
 * code under test. Batches are in batchDirectives.e2e.test.ts, failures in failingBuild.
 */

type Verb = "build-image" | "deploy" | "archive" | "delete";

/** What the stub log shows for `verb` on each instance: job, INSTANCE_NAME, arguments. */
function instanceCalls(verb: Verb, names: readonly string[]): StubCall[] {
  return names.map((name) => ({ job: `${verb}:${name}`, instance: name, args: `${verb} ${name}` }));
}

/** Builds then deploys each instance. */
function rollout(names: readonly string[]): StubCall[] {
  return [...instanceCalls("build-image", names), ...instanceCalls("deploy", names)];
}

// The plan file travels from plan to apply (the apply stub fails without it).
const TERRAFORM = [
  {
    job: "terraform-plan",
    instance: "",
    args: expect.stringMatching(/^terraform plan -out=\/.*\/tfplan$/),
  },
  {
    job: "terraform-apply",
    instance: "",
    args: expect.stringMatching(/^terraform apply \/.*\/tfplan$/),
  },
];

const byJob = <T extends { job: string }>(calls: readonly T[]): T[] =>
  [...calls].sort((a, b) => a.job.localeCompare(b.job));

function expectDeploysAfterTheirBuilds(calls: readonly StubCall[], names: readonly string[]) {
  for (const name of names) {
    expect(callIndex(calls, `deploy:${name}`)).toBeGreaterThan(
      callIndex(calls, `build-image:${name}`),
    );
  }
}

/** Terraform plan, then apply, then (for Create) the first instance build. */
function expectTerraformFirst(calls: readonly StubCall[], names: readonly string[]) {
  const apply = callIndex(calls, "terraform-apply");
  expect(apply).toBeGreaterThan(callIndex(calls, "terraform-plan"));
  for (const name of names) expect(callIndex(calls, `build-image:${name}`)).toBeGreaterThan(apply);
}

describe("each directive kind run through the example cluster's parent pipeline", () => {
  it("none: a revert of a delete touches nothing and runs one job saying so", () => {
    const run = runExampleCluster('Revert "[AutoDeploy][Delete] globex-learning"');
    const jobs = expectExampleRun(run);
    expect(run.calls).toEqual([]);
    expect(jobs).toHaveLength(1);
  });

  it("infrastructure: Terraform plan, then apply, and no instance work", () => {
    const run = runExampleCluster("[AutoDeploy][Infrastructure] Grow the node pool to five nodes");
    expectExampleRun(run);
    expect(byJob(run.calls)).toEqual(byJob(TERRAFORM));
    expect(callIndex(run.calls, "terraform-apply")).toBeGreaterThan(
      callIndex(run.calls, "terraform-plan"),
    );
  });

  it("create: Terraform first, then each listed instance is built and deployed", () => {
    const names = ["stark-labs", "globex-learning"];
    const run = runExampleCluster("[AutoDeploy][Create] stark-labs|req-101,globex-learning");
    expectExampleRun(run);
    expect(byJob(run.calls)).toEqual(byJob([...TERRAFORM, ...rollout(names)]));
    expectTerraformFirst(run.calls, names);
    expectDeploysAfterTheirBuilds(run.calls, names);
    const generated = run.generated ?? "";
    expect(generatedVariable(generated, "deploy:stark-labs", "DEPLOYMENT_REQUEST_ID")).toBe(
      "req-101",
    );
    expect(
      generatedVariable(generated, "deploy:globex-learning", "DEPLOYMENT_REQUEST_ID"),
    ).toBeUndefined();
  });

  it("update: each listed instance is built and deployed, without Terraform", () => {
    const names = ["acme-university", "initech-academy"];
    const run = runExampleCluster("[AutoDeploy][Update] acme-university|42,initech-academy");
    expectExampleRun(run);
    expect(byJob(run.calls)).toEqual(byJob(rollout(names)));
    expectDeploysAfterTheirBuilds(run.calls, names);
    expect(
      generatedVariable(
        run.generated ?? "",
        "build-image:acme-university",
        "DEPLOYMENT_REQUEST_ID",
      ),
    ).toBe("42");
  });

  it("archive: each listed instance is archived, and nothing else happens", () => {
    const run = runExampleCluster("[AutoDeploy][Archive] umbrella-training,hooli-edu");
    expectExampleRun(run);
    expect(byJob(run.calls)).toEqual(
      byJob(instanceCalls("archive", ["umbrella-training", "hooli-edu"])),
    );
  });

  it("delete: waits for a person (manual.delete, on by default), and nothing runs without one", () => {
    const run = runExampleCluster("[AutoDeploy][Delete] globex-learning");
    expect(run.listed?.valid).toBe(true);
    const listed = run.listed?.valid === true ? run.listed.jobs : [];
    expect(listed.map((j) => [j.name, j.when, j.allowFailure])).toEqual([
      ["delete:globex-learning", "manual", false],
    ]);
    expect(run.jobs.map((j) => j.name)).not.toContain("delete:globex-learning");
    expect(run.calls).toEqual([]);
  });

  it("delete: once a person starts it, the listed instance is deleted, and nothing else happens", () => {
    const run = runExampleCluster("[AutoDeploy][Delete] globex-learning", {
      extraArgs: ["--manual", "delete:globex-learning"],
    });
    expectExampleRun(run);
    expect(run.calls).toEqual(instanceCalls("delete", ["globex-learning"]));
  });

  it("legacy create: Terraform first, then the instance is built and deployed", () => {
    const run = runExampleCluster(
      "[AutoDeploy] initech-academy:req-7 - deploy new instance :rocket:",
    );
    expectExampleRun(run);
    expect(byJob(run.calls)).toEqual(byJob([...TERRAFORM, ...rollout(["initech-academy"])]));
    expectTerraformFirst(run.calls, ["initech-academy"]);
    expectDeploysAfterTheirBuilds(run.calls, ["initech-academy"]);
    expect(
      generatedVariable(run.generated ?? "", "deploy:initech-academy", "DEPLOYMENT_REQUEST_ID"),
    ).toBe("req-7");
  });

  it("legacy update: the instance is built and deployed, without Terraform", () => {
    const run = runExampleCluster("[AutoDeploy] demo:55 - apply changes :tools:");
    expectExampleRun(run);
    expect(byJob(run.calls)).toEqual(byJob(rollout(["demo"])));
    expectDeploysAfterTheirBuilds(run.calls, ["demo"]);
    expect(generatedVariable(run.generated ?? "", "deploy:demo", "DEPLOYMENT_REQUEST_ID")).toBe(
      "55",
    );
  });
});
