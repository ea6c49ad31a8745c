import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { PlanJsonJob } from "../support/planJson.js";
import { PROJECT_ROOT } from "../support/goldenScenarios.js";
import { runPlannedPipeline } from "../support/e2e/plannedPipeline.js";
import { readStubTimes } from "../support/e2e/readStubLog.js";
import type { StubSpan } from "../support/e2e/readStubLog.js";

/*
 * A cluster whose templates define `.grove-verify` (test/fixtures/clusters/verify: canary alpha,
 * then waves of 2) upgraded in a batch and run by gitlab-ci-local, with stubs that record when
 * each call began and ended and take a second each. Every deploy is followed by its verify job,
 * and a wave starts deploying only once every check of the wave before has passed; a failed check
 * stops every later wave. The verify jobs verify the instance's GitLab environment, so their
 * scripts see its URL in CI_ENVIRONMENT_URL (empty for echo, whose LMS_HOST is not a host name).
 */

const CLUSTER = path.join(PROJECT_ROOT, "test", "fixtures", "clusters", "verify");
const MESSAGE =
  "[AutoDeploy][Batch][Upgrade] https://github.com/openedx/edx-platform.git|open-release/redwood.2";
const WAVES = [["alpha"], ["bravo", "charlie"], ["delta", "echo"]];
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "grove-e2e-verify-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

async function timedRun(failJobs: readonly string[] = []) {
  const times = path.join(scratch, `times-${fs.readdirSync(scratch).length}.log`);
  const { plan, run } = await runPlannedPipeline(CLUSTER, MESSAGE, {
    env: { GROVE_STUB_TIMES: times, GROVE_STUB_SLEEP: "1" },
    failJobs,
  });
  const statusOf = (job: string) => run.jobs.find((j) => j.name === job)?.status;
  return { jobs: plan.jobs, run, statusOf, spans: readStubTimes(times) };
}

function spanOf(spans: ReadonlyMap<string, StubSpan>, job: string): StubSpan {
  const span = spans.get(job);
  expect(span, `${job} should have run`).toBeDefined();
  return span ?? { start: NaN, end: NaN };
}

/** Instances of each wave (element 0 is wave 1), from the plan's verify jobs. */
function verifiedWaves(jobs: readonly PlanJsonJob[]): string[][] {
  const waves: string[][] = [];
  for (const job of jobs) {
    if (job.kind !== "verify" || job.wave === null || job.instance === null) continue;
    (waves[job.wave - 1] ??= []).push(job.instance);
  }
  return waves;
}

describe("verify jobs in a batch run by gitlab-ci-local", () => {
  it("check every deploy, and each wave deploys only after the wave before passed its checks", async () => {
    const { jobs, run, spans } = await timedRun();
    expect(run.jobs.filter((j) => j.status !== "pass")).toEqual([]);
    expect(verifiedWaves(jobs)).toEqual(WAVES);
    WAVES.forEach((members, k) => {
      for (const name of members) {
        const verify = spanOf(spans, `verify:${name}`);
        expect(verify.start, `verify:${name}`).toBeGreaterThanOrEqual(
          spanOf(spans, `deploy:${name}`).end,
        );
        for (const next of WAVES[k + 1] ?? []) {
          expect(spanOf(spans, `deploy:${next}`).start, `deploy:${next}`).toBeGreaterThanOrEqual(
            verify.end,
          );
        }
      }
    });
    const checks = run.calls.filter((c) => c.job.startsWith("verify:"));
    expect(checks.map((c) => c.args).sort()).toEqual([
      "check alpha https://alpha.example.org",
      "check bravo https://bravo.example.org",
      "check charlie https://charlie.example.org",
      "check delta https://delta.example.org:8443",
      "check echo ",
    ]);
  });

  it("a failed check stops every later wave, while its own wave's other checks finish", async () => {
    const { run, statusOf } = await timedRun(["verify:bravo"]);
    expect(statusOf("verify:bravo")).toBe("fail");
    expect(statusOf("verify:charlie")).toBe("pass");
    for (const job of ["wave-gate:3", "deploy:delta", "deploy:echo", "verify:delta"]) {
      expect(statusOf(job), job).toBeUndefined();
    }
    expect(run.calls.filter((c) => c.job.startsWith("deploy:")).map((c) => c.job)).toEqual(
      expect.arrayContaining(["deploy:alpha", "deploy:bravo", "deploy:charlie"]),
    );
    expect(run.calls.some((c) => c.job === "deploy:delta" || c.job === "deploy:echo")).toBe(false);
  });
});
