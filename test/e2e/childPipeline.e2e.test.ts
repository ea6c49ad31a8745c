import path from "node:path";
import { describe, expect, it } from "vitest";
import type { PlanJsonJob } from "../support/planJson.js";
import { callIndex } from "../support/e2e/callIndex.js";
import { planCommit, runPlannedPipeline } from "../support/e2e/plannedPipeline.js";
import type { StubCall } from "../support/e2e/readStubLog.js";
import { EXAMPLE_CLUSTER } from "../support/e2e/runExampleCluster.js";
import { TRIGGER_JOB } from "../support/e2e/runGeneratedPipeline.js";
import { PROJECT_ROOT } from "../support/e2e/writeCliWrapper.js";

/*
 * The product's own plans, run by gitlab-ci-local as a child pipeline: each commit is planned and
 * generated in-process for a real cluster (examples/cluster, a fixture cluster), and the file is
 * run with stub `grove`/`terraform`. Which instances and jobs to expect is written by hand from
 * the cluster's files; what is checked is the order GitLab runs them in and what failures stop.
 */

const CUSTOM_CLUSTER = path.join(PROJECT_ROOT, "test", "fixtures", "clusters", "custom");
const QUINCE_BATCH =
  "[AutoDeploy][Batch][Upgrade] https://github.com/openedx/edx-platform.git|open-release/quince.3";

const jobsOf = (calls: readonly StubCall[]): string[] => [...new Set(calls.map((c) => c.job))];

/** The one base-image job of a batch whose instances all share one version. */
function onlyBaseImage(jobs: readonly PlanJsonJob[]): string {
  const bases = jobs.filter((j) => j.kind === "base-image").map((j) => j.name);
  expect(bases).toHaveLength(1);
  return bases[0] ?? "";
}

describe("a planned pipeline run by gitlab-ci-local as a child pipeline", () => {
  it("updates two instances: each deploy after its own build, with its instance", async () => {
    const { run } = await runPlannedPipeline(
      EXAMPLE_CLUSTER,
      "[AutoDeploy][Update] acme-university|42,initech-academy",
    );
    expect(run.jobs.filter((j) => j.status !== "pass")).toEqual([]);
    expect(run.jobs.map((j) => j.name).sort()).toEqual(
      [
        "build-image:acme-university",
        "build-image:initech-academy",
        "deploy:acme-university",
        "deploy:initech-academy",
        TRIGGER_JOB,
      ].sort(),
    );
    expect(run.jobs.find((j) => j.name === "deploy:acme-university")?.triggeredBy).toBe(
      TRIGGER_JOB,
    );
    expect([...run.calls].sort((a, b) => a.job.localeCompare(b.job))).toEqual([
      {
        job: "build-image:acme-university",
        instance: "acme-university",
        args: "build-image acme-university",
      },
      {
        job: "build-image:initech-academy",
        instance: "initech-academy",
        args: "build-image initech-academy",
      },
      {
        job: "deploy:acme-university",
        instance: "acme-university",
        args: "deploy acme-university",
      },
      {
        job: "deploy:initech-academy",
        instance: "initech-academy",
        args: "deploy initech-academy",
      },
    ]);
    for (const name of ["acme-university", "initech-academy"]) {
      expect(callIndex(run.calls, `deploy:${name}`)).toBeGreaterThan(
        callIndex(run.calls, `build-image:${name}`),
      );
    }
  });

  it("creates an instance: Terraform plan, then apply with the plan file, then build and deploy", async () => {
    const title = "[AutoDeploy][Create] demo|req-7";
    // The cluster's settings give the jobs an image; the run below plans without it (no Docker).
    const { pipeline } = await planCommit(EXAMPLE_CLUSTER, title);
    expect(pipeline).toContain("image: registry.example.com/grove/tools:1.4");

    const { run } = await runPlannedPipeline(EXAMPLE_CLUSTER, title);
    expect(run.jobs.filter((j) => j.status !== "pass")).toEqual([]);
    expect(run.calls.map((c) => c.job)).toEqual([
      "terraform-plan",
      "terraform-apply",
      "build-image:demo",
      "deploy:demo",
    ]);
    // The apply stub fails when the plan file is missing: it passed, so the artifact arrived.
    expect(run.calls[0]?.args).toMatch(/^terraform plan -out=\/.*\/tfplan$/);
    expect(run.calls[1]?.args).toMatch(/^terraform apply \/.*\/tfplan$/);
  });

  it("never deploys an instance whose build failed, and still deploys the others", async () => {
    const { run } = await runPlannedPipeline(
      EXAMPLE_CLUSTER,
      "[AutoDeploy][Update] acme-university|42,initech-academy",
      { failJobs: ["build-image:acme-university"] },
    );
    expect(run.jobs.find((j) => j.name === "build-image:acme-university")?.status).toBe("fail");
    expect(run.jobs.find((j) => j.name === "deploy:acme-university")).toBeUndefined();
    expect(run.calls.map((c) => c.job)).not.toContain("deploy:acme-university");
    expect(run.jobs.find((j) => j.name === "deploy:initech-academy")?.status).toBe("pass");
  });

  it("deploys a wave only after every deploy of the wave before it succeeded", async () => {
    // The canary demo alone, then acme-staging and acme-university (examples/cluster/README.md).
    // Their builds may run ahead (batch.buildAhead), after the base image.
    const { plan, run } = await runPlannedPipeline(EXAMPLE_CLUSTER, QUINCE_BATCH);
    expect(run.jobs.filter((j) => j.status !== "pass")).toEqual([]);
    for (const job of ["build-image:acme-staging", "build-image:acme-university"]) {
      expect(callIndex(run.calls, job)).toBeGreaterThan(
        callIndex(run.calls, onlyBaseImage(plan.jobs)),
      );
    }
    for (const job of ["deploy:acme-staging", "deploy:acme-university"]) {
      expect(callIndex(run.calls, job)).toBeGreaterThan(callIndex(run.calls, "deploy:demo"));
    }
    expect(callIndex(run.calls, "build-image:demo")).toBeGreaterThan(
      callIndex(run.calls, onlyBaseImage(plan.jobs)),
    );
    expect(run.jobs.find((j) => j.name === "wave-gate:2")?.status).toBe("pass");
  });

  it("stops the rollout at the wave gate when a deploy of the wave before failed", async () => {
    const { plan, run } = await runPlannedPipeline(EXAMPLE_CLUSTER, QUINCE_BATCH, {
      failJobs: ["deploy:demo"],
    });
    expect(run.jobs.find((j) => j.name === "deploy:demo")?.status).toBe("fail");
    const started = run.jobs.map((j) => j.name);
    for (const job of ["wave-gate:2", "deploy:acme-staging", "deploy:acme-university"]) {
      expect(started).not.toContain(job);
    }
    // Wave 2's builds run ahead of the canary (batch.buildAhead); nothing of it deploys.
    expect([...run.calls.map((c) => c.job)].sort()).toEqual(
      [
        onlyBaseImage(plan.jobs),
        "build-image:demo",
        "deploy:demo",
        "build-image:acme-staging",
        "build-image:acme-university",
      ].sort(),
    );
  });

  it("rolls a batch of every instance out wave by wave and stops at the gate after a failed deploy", async () => {
    const title = "[AutoDeploy][Batch][Upgrade] *|*";
    const { plan } = await planCommit(EXAMPLE_CLUSTER, title);
    const deploysOf = (wave: number) =>
      plan.jobs.filter((j) => j.kind === "deploy" && j.wave === wave).map((j) => j.name);
    const failing = deploysOf(2)[0];
    expect(failing, "the example needs a second wave").toBeDefined();
    expect(deploysOf(3).length, "the example needs a third wave").toBeGreaterThan(0);

    const { plan: ran, run } = await runPlannedPipeline(EXAMPLE_CLUSTER, title, {
      failJobs: failing === undefined ? [] : [failing],
    });
    // Planned without the image: the same jobs.
    expect(ran.jobs).toEqual(plan.jobs);
    expect(run.jobs.find((j) => j.name === failing)?.status).toBe("fail");
    const started = run.calls.map((c) => c.job);
    // Waves 0 to 2 ran in full; of waves 3 and 4 only the builds, which run two waves ahead
    // (batch.buildAhead); nothing of a later wave started.
    const shouldRun = (j: PlanJsonJob) =>
      j.kind !== "wave-gate" &&
      ((j.wave ?? 0) <= 2 || (j.kind === "build-image" && (j.wave ?? 0) <= 4));
    expect([...started].sort()).toEqual(
      plan.jobs
        .filter(shouldRun)
        .map((j) => j.name)
        .sort(),
    );
  });

  it("runs manual deploys only when a person starts them (gitlab-ci-local: --manual)", async () => {
    // The custom cluster's deploys wait for a person (manual.deploy in its grove-pipelines.yml).
    const { plan, run } = await runPlannedPipeline(
      CUSTOM_CLUSTER,
      "[AutoDeploy][Update] north,south",
      {
        extraArgs: ["--manual", "deploy:north"],
      },
    );
    expect(plan.jobs.map((j) => j.name)).toContain("deploy:south");
    expect(jobsOf(run.calls).sort()).toEqual([
      "build-image:north",
      "build-image:south",
      "deploy:north",
    ]);
    expect(run.jobs.find((j) => j.name === "deploy:north")?.status).toBe("pass");
  });
});
