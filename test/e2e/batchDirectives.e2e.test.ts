import { describe, expect, it } from "vitest";
import { expectExampleRun } from "../support/e2e/expectExampleRun.js";
import { expectWaveOrder, wavesOf } from "../support/e2e/expectWaveOrder.js";
import { generatedVariable } from "../support/e2e/generatedVariable.js";
import type { ListedJob } from "../support/e2e/listPipelineJobs.js";
import type { StubCall } from "../support/e2e/readStubLog.js";
import { runExampleCluster } from "../support/e2e/runExampleCluster.js";

/*
 * Batch directives through the example cluster's parent pipeline. Expected instances, waves and
 * base images are written by hand from examples/cluster/README.md and its grove-pipelines.yml
 * (canary `demo` alone first, then waves of 2); which instance lands in which later wave is the
 * generator's choice, so only the sizes of those waves are fixed here.
 */

const isBase = (c: StubCall) => c.job.startsWith("base-image:");

/** The instances whose build and deploy the stubs saw, each once and with its own name. */
function touched(calls: readonly StubCall[]): string[] {
  const work = calls.filter((c) => !isBase(c));
  for (const c of work) {
    const [verb = "", name = ""] = c.job.split(":");
    expect(c, "an instance job's call").toEqual({
      job: c.job,
      instance: name,
      args: `${verb} ${name}`,
    });
  }
  const names = work.filter((c) => c.job.startsWith("deploy:")).map((c) => c.instance);
  expect(work.map((c) => c.job).sort()).toEqual(
    names.flatMap((n) => [`build-image:${n}`, `deploy:${n}`]).sort(),
  );
  return names.sort();
}

/** Instances grouped by the base image their build needs. */
function byBaseImage(jobs: readonly ListedJob[]): string[][] {
  const groups = new Map<string, string[]>();
  for (const job of jobs.filter((j) => j.name.startsWith("build-image:"))) {
    const base = (job.needs ?? []).find((n) => n.startsWith("base-image:")) ?? "(none)";
    groups.set(base, [...(groups.get(base) ?? []), job.name.slice("build-image:".length)].sort());
  }
  return [...groups.values()].sort((a, b) => b.length - a.length);
}

describe("batch directives run through the example cluster's parent pipeline", () => {
  it("batch upgrade: the three quince.3 instances of openedx, canary first, disabled ones left alone", () => {
    const run = runExampleCluster(
      "[AutoDeploy][Batch][Upgrade] https://github.com/openedx/edx-platform.git|open-release/quince.3",
    );
    const jobs = expectExampleRun(run);
    // demo and acme-university (SSH spelling) by config, acme-staging through `defaults`;
    // umbrella-training and hooli-edu have BATCH_UPGRADE_DISABLED.
    expect(touched(run.calls)).toEqual(["acme-staging", "acme-university", "demo"]);
    expect(run.calls.filter(isBase).map((c) => c.args)).toEqual(["build-base-image"]);
    const waves = [["demo"], ["acme-staging", "acme-university"]];
    expect(wavesOf(jobs)).toEqual(waves);
    expectWaveOrder(run.calls, jobs, waves);
  });

  it("batch upgrade to a commit: every eligible instance, one base image per fork, four waves", () => {
    const commit = "4f5e6d7c8b9a";
    const run = runExampleCluster(`[AutoDeploy][Batch][UpgradeTo] ${commit}`);
    const jobs = expectExampleRun(run);
    const eligible = [
      "acme-staging",
      "acme-university",
      "demo",
      "globex-learning",
      "initech-academy",
      "stark-labs",
    ];
    expect(touched(run.calls)).toEqual(eligible);
    // The commit replaces each version, so instances share a base image by repository alone.
    expect(byBaseImage(jobs)).toEqual([
      ["acme-staging", "acme-university", "demo", "globex-learning"],
      ["initech-academy", "stark-labs"],
    ]);
    expect(run.calls.filter(isBase)).toHaveLength(2);
    const waves = wavesOf(jobs);
    expect(waves[0]).toEqual(["demo"]);
    expect(waves.map((w) => w.length)).toEqual([1, 2, 2, 1]);
    expect(waves.flat().sort()).toEqual(eligible);
    expectWaveOrder(run.calls, jobs, waves);
    for (const name of eligible) {
      expect(
        generatedVariable(run.generated ?? "", `build-image:${name}`, "EDX_PLATFORM_COMMIT"),
      ).toBe(commit);
    }
  });
});
