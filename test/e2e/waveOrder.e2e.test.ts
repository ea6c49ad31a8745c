import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { PlanJsonJob } from "../support/planJson.js";
import { runPlannedPipeline } from "../support/e2e/plannedPipeline.js";
import { readStubTimes } from "../support/e2e/readStubLog.js";
import type { StubSpan } from "../support/e2e/readStubLog.js";
import { EXAMPLE_CLUSTER } from "../support/e2e/runExampleCluster.js";

/*
 * Builds run ahead of their wave, deploys never do: the example cluster's batch upgrade to a
 * commit (canary `demo`, then waves of 2: four waves) run by gitlab-ci-local with stubs that
 * record when each call began and ended and take a second each, so jobs that may overlap do.
 * The evidence is the recorded spans: a deploy of wave k starts only after every deploy of wave
 * k − 1 has ended, a build only after its base image, and with `batch.buildAhead` n a build of
 * wave k only after every deploy of wave k − 1 − n; and builds of later waves did run while the
 * canary deployed.
 */

const MESSAGE = "[AutoDeploy][Batch][UpgradeTo] 4f5e6d7c8b9a";
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "grove-e2e-waves-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** The example cluster with `lines` added to its `batch:` settings. */
function exampleWith(batchLines: string): string {
  const dir = path.join(scratch, `cluster-${fs.readdirSync(scratch).length}`);
  fs.cpSync(EXAMPLE_CLUSTER, dir, { recursive: true });
  const settings = path.join(dir, "grove-pipelines.yml");
  const text = fs.readFileSync(settings, "utf8");
  expect(text).toMatch(/^ {2}waveSize: 2$/m);
  fs.writeFileSync(settings, text.replace(/^ {2}waveSize: 2$/m, `  waveSize: 2\n${batchLines}`));
  return dir;
}

async function timedRun(cluster: string, extraArgs: readonly string[] = []) {
  const times = path.join(scratch, `times-${fs.readdirSync(scratch).length}.log`);
  const { plan, pipeline, run } = await runPlannedPipeline(cluster, MESSAGE, {
    env: { GROVE_STUB_TIMES: times, GROVE_STUB_SLEEP: "1" },
    extraArgs,
  });
  expect(run.jobs.filter((j) => j.status === "fail")).toEqual([]);
  return {
    jobs: plan.jobs,
    output: run.stdout + run.stderr,
    pipeline,
    spans: readStubTimes(times),
  };
}

function spanOf(spans: ReadonlyMap<string, StubSpan>, job: string): StubSpan {
  const span = spans.get(job);
  expect(span, `${job} should have run`).toBeDefined();
  return span ?? { start: NaN, end: NaN };
}

/** Instances of each wave (element 0 is wave 1), from the plan's deploys. */
function wavesOf(jobs: readonly PlanJsonJob[]): string[][] {
  const waves: string[][] = [];
  for (const job of jobs) {
    if (job.kind !== "deploy" || job.wave === null || job.instance === null) continue;
    (waves[job.wave - 1] ??= []).push(job.instance);
  }
  return waves;
}

function expectOrder(
  jobs: readonly PlanJsonJob[],
  spans: ReadonlyMap<string, StubSpan>,
  buildAhead: number,
): string[][] {
  const waves = wavesOf(jobs);
  expect(waves.map((w) => w.length)).toEqual([1, 2, 2, 1]);
  const lastDeployEnd = (wave: number) =>
    Math.max(...(waves[wave] ?? []).map((n) => spanOf(spans, `deploy:${n}`).end));
  for (const job of jobs.filter((j) => j.kind === "build-image")) {
    const base = job.needs.find((n) => n.startsWith("base-image:")) ?? "";
    expect(spanOf(spans, job.name).start).toBeGreaterThanOrEqual(spanOf(spans, base).end);
    const deploy = spanOf(spans, `deploy:${job.instance}`);
    expect(deploy.start).toBeGreaterThanOrEqual(spanOf(spans, job.name).end);
  }
  waves.forEach((members, k) => {
    for (const name of members) {
      if (k >= 1) {
        expect(spanOf(spans, `deploy:${name}`).start, `deploy:${name}`).toBeGreaterThanOrEqual(
          lastDeployEnd(k - 1),
        );
      }
      if (k - 1 - buildAhead >= 0) {
        expect(spanOf(spans, `build-image:${name}`).start).toBeGreaterThanOrEqual(
          lastDeployEnd(k - 1 - buildAhead),
        );
      }
    }
  });
  return waves;
}

describe("a batch's builds run ahead of their wave, its deploys keep the wave order", () => {
  it("default buildAhead (2): waves 2 and 3 build while the canary deploys, wave 4 waits", async () => {
    const { jobs, spans } = await timedRun(EXAMPLE_CLUSTER);
    const waves = expectOrder(jobs, spans, 2);
    const canaryDeploy = spanOf(spans, "deploy:demo");
    for (const name of [...(waves[1] ?? []), ...(waves[2] ?? [])]) {
      expect(spanOf(spans, `build-image:${name}`).start, name).toBeLessThan(canaryDeploy.end);
    }
    for (const name of waves[3] ?? []) {
      expect(spanOf(spans, `build-image:${name}`).start).toBeGreaterThanOrEqual(canaryDeploy.end);
    }
  });

  it("buildAhead 0: each wave builds only once the wave before has deployed", async () => {
    const { jobs, spans } = await timedRun(exampleWith("  buildAhead: 0\n"));
    expectOrder(jobs, spans, 0);
  });

  it("pauseAfterCanary: wave 2 deploys only after a person starts the gate, then in order", async () => {
    const cluster = exampleWith("  pauseAfterCanary: true\n");
    // gitlab-ci-local cannot leave a pipeline waiting: it refuses to start one whose jobs need a
    // manual job nobody starts, naming the first of wave 2's deploys that would wait.
    const waiting = await timedRun(cluster);
    expect(waiting.output).toContain(
      "wave-gate:2 is when:manual, its needed by deploy:acme-staging, and not specified in --manual",
    );
    expect(waiting.spans.size).toBe(0);

    const continued = await timedRun(cluster, ["--manual", "wave-gate:2"]);
    expectOrder(continued.jobs, continued.spans, 2);
  });
});
