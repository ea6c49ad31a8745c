import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PlanJson } from "../support/planJson.js";
import { readStubTimes } from "../support/e2e/readStubLog.js";
import type { StubSpan } from "../support/e2e/readStubLog.js";
import { runGeneratedPipeline, TRIGGER_JOB } from "../support/e2e/runGeneratedPipeline.js";
import type { GeneratedPipelineRun } from "../support/e2e/runGeneratedPipeline.js";
import { pushToShardedCluster } from "../support/e2e/pushToShardedCluster.js";
import { VENDORED_COMMAND, vendoredCommand } from "../support/e2e/vendoredCommand.js";

/*
 * A push of a Create of site-1 (left out of batches by its grove.yml) and a batch over the other
 * instances of the `sharded` fixture cluster (at most 8 jobs per pipeline): too big for one
 * pipeline, so it runs as shards of an orchestrator. The shards are grandchildren of the
 * cluster's pipeline, where a Terraform pipeline could not be triggered (GitLab allows two levels
 * below the parent), so the orchestrator triggers it itself, under the Terraform lock, before
 * shard 1.
 */

const CREATE = "[AutoDeploy][Create] site-1|77";
const BATCH = "[AutoDeploy][Batch][Upgrade] *|*";

let cluster: string;
let plan: PlanJson;
let pipeline: string;
let run: GeneratedPipelineRun;
let spans: Map<string, StubSpan>;

beforeAll(async () => {
  ({ cluster, plan, pipeline } = await pushToShardedCluster([CREATE, BATCH]));
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
