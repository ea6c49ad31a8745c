import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parsePlanJson } from "../support/planJson.js";
import type { PlanJson } from "../support/planJson.js";
import { testCli } from "../support/testCli.js";
import { readStubTimes } from "../support/e2e/readStubLog.js";
import type { StubSpan } from "../support/e2e/readStubLog.js";
import { runGeneratedPipeline, TRIGGER_JOB } from "../support/e2e/runGeneratedPipeline.js";
import type { GeneratedPipelineRun } from "../support/e2e/runGeneratedPipeline.js";
import { copyWithoutImages } from "../support/e2e/stripImages.js";
import { VENDORED_COMMAND, vendoredCommand } from "../support/e2e/vendoredCommand.js";
import { PROJECT_ROOT } from "../support/e2e/writeCliWrapper.js";

/*
 * A push of a Create of site-1 (left out of batches by its grove.yml) and a batch over the other
 * instances of the `sharded` fixture cluster (at most 8 jobs per pipeline): too big for one
 * pipeline, so it runs as shards of an orchestrator. The shards are grandchildren of the
 * cluster's pipeline, where a Terraform pipeline could not be triggered (GitLab allows two levels
 * below the parent), so the orchestrator triggers it itself, under the Terraform lock, before
 * shard 1.
 */

const SHARDED_CLUSTER = path.join(PROJECT_ROOT, "test", "fixtures", "clusters", "sharded");
const CREATE = "[AutoDeploy][Create] site-1|77";
const BATCH = "[AutoDeploy][Batch][Upgrade] *|*";

function git(cwd: string, args: readonly string[]): string {
  const config = ["-c", "user.name=grove-e2e", "-c", "user.email=grove-e2e@example.invalid"];
  return execFileSync("git", [...config, "-c", "commit.gpgsign=false", ...args], {
    cwd,
    encoding: "utf8",
  }).trim();
}

let cluster: string;
let plan: PlanJson;
let pipeline: string;
let run: GeneratedPipelineRun;
let spans: Map<string, StubSpan>;

beforeAll(async () => {
  cluster = copyWithoutImages(SHARDED_CLUSTER);
  fs.writeFileSync(
    path.join(cluster, "instances", "site-1", "grove.yml"),
    "BATCH_UPGRADE_DISABLED: true\n",
  );
  git(cluster, ["init", "--quiet", "--initial-branch=main"]);
  git(cluster, ["add", "."]);
  git(cluster, ["commit", "--quiet", "-m", "The cluster"]);
  const before = git(cluster, ["rev-parse", "HEAD"]);
  for (const message of [CREATE, BATCH]) {
    git(cluster, ["commit", "--quiet", "--allow-empty", "-m", message]);
  }
  const env = { CI_PIPELINE_SOURCE: "push", CI_COMMIT_BEFORE_SHA: before };
  const planned = await testCli(["plan", "--json", "--repo", cluster], { env });
  expect(planned.code, planned.stderr).toBe(0);
  plan = parsePlanJson(planned.stdout);
  const out = path.join(os.tmpdir(), `grove-e2e-sharded-terraform-${process.pid}.yml`);
  const generated = await testCli(["generate", "--repo", cluster, "--output", out], { env });
  expect(generated.code, generated.stderr).toBe(0);
  pipeline = fs.readFileSync(out, "utf8");
  fs.rmSync(out);
  fs.rmSync(path.join(cluster, ".git"), { recursive: true, force: true });
  const times = path.join(cluster, "..", `${path.basename(cluster)}-times.log`);
  run = runGeneratedPipeline(cluster, pipeline, {
    commitMessage: BATCH,
    extraFiles: { [VENDORED_COMMAND]: vendoredCommand() },
    env: { GROVE_STUB_TIMES: times },
  });
  spans = readStubTimes(times);
  fs.rmSync(times, { force: true });
}, 600_000);
afterAll(() => fs.rmSync(cluster, { recursive: true, force: true }));

function spanOf(job: string): StubSpan {
  const span = spans.get(job);
  expect(span, `${job} should have run`).toBeDefined();
  return span ?? { start: NaN, end: NaN };
}

describe("a sharded batch pushed with a Create, in gitlab-ci-local", () => {
  it("runs Terraform from the orchestrator, in a pipeline of its own, before shard 1", () => {
    expect(plan.jobs.filter((j) => j.wave === null).map((j) => j.name)).toEqual([
      "terraform-plan",
      "terraform-apply",
      "build-image:site-1",
      "deploy:site-1",
    ]);
    expect(pipeline).toContain("resource_group: terraform");
    expect(run.jobs.map((j) => j.name)).toContain("shard-2");
    expect(run.jobs.filter((j) => j.status !== "pass")).toEqual([]);
    const chain = (job: string) => run.jobs.find((j) => j.name === job)?.triggeredBy;
    expect(chain("terraform")).toBe(TRIGGER_JOB);
    for (const job of ["terraform-plan", "terraform-apply"]) {
      expect(chain(job), job).toBe(`${TRIGGER_JOB} -> terraform`);
    }
    expect(chain("build-image:site-1")).toBe(`${TRIGGER_JOB} -> shard-1`);
    // Plan, then apply with the plan file, then everything else.
    expect(run.calls.slice(0, 2).map((c) => c.job)).toEqual(["terraform-plan", "terraform-apply"]);
    expect(run.calls[1]?.args).toMatch(/^terraform apply \/.*\/tfplan$/);
    const applied = spanOf("terraform-apply").end;
    for (const call of run.calls.slice(2)) {
      expect(spanOf(call.job).start, call.job).toBeGreaterThanOrEqual(applied);
    }
    // Every planned job ran once.
    expect(run.calls.map((c) => c.job).sort()).toEqual(
      plan.jobs
        .filter((j) => j.kind !== "wave-gate")
        .map((j) => j.name)
        .sort(),
    );
  });
});
