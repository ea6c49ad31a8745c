import { describe, expect, it } from "vitest";
import { GENERATE_JOB, TRIGGER_JOB, runExampleCluster } from "../support/e2e/runExampleCluster.js";

/*
 * A failing image build must stop that instance's deploy, and in a batch every later wave's
 * deploys (builds may run ahead of their wave).
 * gitlab-ci-local exits 0 and passes the trigger job whatever the child did (it ignores
 * `strategy: depend`), so the PASS/FAIL summary and the stub log are the evidence; a job that
 * never started is in neither.
 */

const statusOf = (run: ReturnType<typeof runExampleCluster>, job: string) =>
  run.jobs.find((j) => j.name === job)?.status;

describe("a failing build in the example cluster's pipeline", () => {
  it("update: the failed instance is not deployed, the other one is", () => {
    const run = runExampleCluster("[AutoDeploy][Update] acme-university|42,initech-academy", {
      failJobs: ["build-image:acme-university"],
    });
    expect(statusOf(run, "build-image:acme-university")).toBe("fail");
    expect(statusOf(run, "deploy:acme-university")).toBeUndefined();
    expect(run.calls.map((c) => c.job).sort()).toEqual([
      "build-image:acme-university",
      "build-image:initech-academy",
      "deploy:initech-academy",
    ]);
    const passed = run.jobs.filter((j) => j.status === "pass").map((j) => j.name);
    expect(passed.sort()).toEqual(
      [GENERATE_JOB, TRIGGER_JOB, "build-image:initech-academy", "deploy:initech-academy"].sort(),
    );
  });

  it("batch: a failed canary build stops its deploy and every later wave's deploys", () => {
    const run = runExampleCluster(
      "[AutoDeploy][Batch][Upgrade] https://github.com/openedx/edx-platform.git|open-release/quince.3",
      { failJobs: ["build-image:demo"] },
    );
    expect(statusOf(run, "build-image:demo")).toBe("fail");
    const called = run.calls.map((c) => c.job);
    expect(called[0]).toMatch(/^base-image:/);
    // Builds run up to batch.buildAhead (2) waves ahead, so wave 2 (acme-staging,
    // acme-university) may have built; nothing was deployed and no gate opened.
    expect(called.slice(1).sort()).toEqual(
      ["build-image:acme-staging", "build-image:acme-university", "build-image:demo"].sort(),
    );
    const started = run.jobs.map((j) => j.name);
    expect(started.filter((name) => /deploy:|wave-gate/.test(name))).toEqual([]);
    expect(run.jobs.filter((j) => j.status === "fail").map((j) => j.name)).toEqual([
      "build-image:demo",
    ]);
  });
});
