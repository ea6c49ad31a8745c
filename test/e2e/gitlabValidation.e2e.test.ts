import fs from "node:fs";
import yaml from "js-yaml";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listPipelineJobs } from "../support/e2e/listPipelineJobs.js";
import type { ListedJob } from "../support/e2e/listPipelineJobs.js";
import { makeClusterRepo } from "../support/e2e/makeClusterRepo.js";
import { planCommit } from "../support/e2e/plannedPipeline.js";
import type { PlannedCommit } from "../support/e2e/plannedPipeline.js";
import { EXAMPLE_CLUSTER } from "../support/e2e/runExampleCluster.js";
import { loadScenario, PROJECT_ROOT } from "../support/goldenScenarios.js";
import { terraformPipelineText } from "../support/terraformLock.js";

/*
 * gitlab-ci-local's validation (GitLab's CI schema and its own checks) of what the product
 * generates for golden scenarios of test/fixtures, one of each shape of output: named kinds with
 * and without Terraform (each with the Terraform pipeline it carries), Terraform alone, batches in
 * waves with one and two base images, no directive, verify jobs after deploys, a merge request's
 * preview, a sharded batch's orchestrator and values that only
 * quoting keeps strings for a YAML 1.1 reader. Each is planned and generated afresh, with the
 * scenario's cluster and environment.
 */

/** Plan kinds whose jobs wait for a person, by scenario: from each cluster's `manual` settings. */
const PLANNED: Readonly<Record<string, readonly string[]>> = {
  "update-with-ids": [],
  "update-lookalikes": [],
  "custom-templates-manual": ["terraform-apply", "deploy"],
  "batch-upgrade": [],
  "batch-upgrade-to-all": [],
  "batch-verify": [],
  "update-verify": [],
  infrastructure: [],
  archive: [],
  delete: ["delete"],
  none: [],
};

/** Scenarios whose file is not the plan's jobs: name, stage and needs of each listed job. */
const NOT_PLANNED: Readonly<Record<string, readonly (readonly [string, string, string[]])[]>> = {
  "preview-merge-request": [["preview", "preview", []]],
  "batch-sharded": [
    ["generate-shards", "generate", []],
    ["shard-1", "shard-1", ["generate-shards"]],
    ["shard-2", "shard-2", ["generate-shards", "shard-1"]],
  ],
};

/** Scenarios with wave controls: how gitlab-ci-local reads each wave gate's `when`. */
const GATES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  "batch-lookalikes": { "wave-gate:2": "manual", "wave-gate:3": "delayed" },
};

const names = [...Object.keys(PLANNED), ...Object.keys(NOT_PLANNED), ...Object.keys(GATES)];
const planned = new Map<string, PlannedCommit>();
let repo = "";

beforeAll(async () => {
  for (const name of names) {
    const scenario = loadScenario(name);
    const cluster = path.join(PROJECT_ROOT, scenario.repo);
    planned.set(name, await planCommit(cluster, scenario.message, scenario.env));
  }
  // One repository holds every generated file, and every Terraform pipeline one carries;
  // gitlab-ci-local checks each with --file.
  const files: Record<string, string> = {};
  for (const name of names) {
    const text = planned.get(name)?.pipeline ?? "";
    files[`${name}.yml`] = text;
    const terraform = terraformPipelineText(yaml.load(text) as Record<string, unknown>);
    if (terraform !== null) files[`${name}${TERRAFORM_SUFFIX}.yml`] = terraform;
  }
  repo = makeClusterRepo(EXAMPLE_CLUSTER, "Generated pipelines", files);
});
afterAll(() => fs.rmSync(repo, { recursive: true, force: true }));

/** Where a generated file's Terraform pipeline is put: `<scenario>-terraform.yml`. */
const TERRAFORM_SUFFIX = "-terraform";

/**
 * The jobs of a generated file and of the Terraform pipeline it carries, as the plan has them:
 * the Terraform jobs first, in place of the jobs that write and trigger their pipeline (whose
 * stages and needs are checked), and needs on the trigger as needs on the apply.
 */
function listedAsPlanned(name: string): readonly ListedJob[] {
  const jobs = listed(name);
  if (!jobs.some((j) => j.name === "terraform")) return jobs;
  expect(jobs.slice(0, 2).map((j) => [j.name, j.stage, j.needs, j.when])).toEqual([
    ["terraform-file", "terraform-file", [], "on_success"],
    ["terraform", "terraform", ["terraform-file"], "on_success"],
  ]);
  const rest = jobs.slice(2).map((j) => ({
    ...j,
    needs: j.needs?.map((n) => (n === "terraform" ? "terraform-apply" : n)) ?? null,
  }));
  return [...listed(`${name}${TERRAFORM_SUFFIX}`), ...rest];
}

function listed(name: string): readonly ListedJob[] {
  const result = listPipelineJobs(repo, `${name}.yml`);
  if (!result.valid) expect.fail(`gitlab-ci-local rejects ${name}.yml:\n${result.stderr}`);
  return result.jobs;
}

describe("gitlab-ci-local's validation of generated pipelines", () => {
  it.each(Object.entries(PLANNED))(
    "accepts the %s pipeline and reads its jobs as planned",
    (name, manualKinds) => {
      const jobs = listedAsPlanned(name);
      const plan = planned.get(name)?.plan;
      expect(jobs.map((j) => j.name)).toEqual(plan?.jobs.map((j) => j.name));
      for (const job of plan?.jobs ?? []) {
        const seen = jobs.find((j) => j.name === job.name);
        expect(seen?.stage, job.name).toBe(job.stage);
        // A wave gate waits for its wave's stage, not for named jobs: it has no `needs:`.
        expect(seen?.needs, job.name).toEqual(job.kind === "wave-gate" ? null : job.needs);
        expect(seen?.when, job.name).toBe(manualKinds.includes(job.kind) ? "manual" : "on_success");
        expect(seen?.allowFailure, job.name).toBe(false);
      }
    },
  );

  it.each(Object.entries(NOT_PLANNED))("accepts the %s pipeline", (name, expected) => {
    expect(listed(name).map((j) => [j.name, j.stage, j.needs])).toEqual(expected);
  });

  it.each(Object.entries(GATES))("accepts the wave controls of the %s pipeline", (name, gates) => {
    const jobs = listed(name);
    const whens = Object.fromEntries(
      jobs.filter((j) => j.name.startsWith("wave-gate:")).map((j) => [j.name, j.when]),
    );
    expect(whens).toEqual(gates);
    const others = jobs.filter((j) => !j.name.startsWith("wave-gate:"));
    expect(others.every((j) => j.when === "on_success")).toBe(true);
  });
});
