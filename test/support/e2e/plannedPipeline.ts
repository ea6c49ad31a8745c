import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "vitest";
import type { PlanJson } from "../planJson.js";
import { parsePlanJson } from "../planJson.js";
import { testCli } from "../testCli.js";
import { runGeneratedPipeline } from "./runGeneratedPipeline.js";
import type { GeneratedPipelineOptions, GeneratedPipelineRun } from "./runGeneratedPipeline.js";
import { copyWithoutImages } from "./stripImages.js";

/** What the product makes of one commit of a cluster: its plan and the pipeline file. */
export interface PlannedCommit {
  /** What `plan --json` printed. */
  readonly plan: PlanJson;
  /** What `generate` wrote. */
  readonly pipeline: string;
}

/**
 * Runs `plan --json` and `generate` in-process on the cluster folder for a commit with
 * `message`. The CLI sees only `env`: without GitLab's variables it is not in a pipeline, so no
 * gate applies and the commit deploys. Both must succeed.
 */
export async function planCommit(
  cluster: string,
  message: string,
  env: Readonly<Record<string, string>> = {},
): Promise<PlannedCommit> {
  const source = ["--repo", cluster, "--message-file", "-"];
  const planned = await testCli(["plan", "--json", ...source], { env, stdin: message });
  expect(planned.code, planned.stderr).toBe(0);
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "grove-e2e-generated-"));
  try {
    const file = path.join(out, "generated.yml");
    const generated = await testCli(["generate", ...source, "--output", file], {
      env,
      stdin: message,
    });
    expect(generated.code, generated.stderr).toBe(0);
    return { plan: parsePlanJson(planned.stdout), pipeline: fs.readFileSync(file, "utf8") };
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

export interface PlannedPipelineRun extends PlannedCommit {
  readonly run: GeneratedPipelineRun;
}

/**
 * The product's pipeline for a commit of `cluster`, run by gitlab-ci-local as the child of a
 * parent pipeline (runGeneratedPipeline). Planned on a copy of the cluster whose settings set no
 * image, which gitlab-ci-local's shell executor cannot honour (see stripImages).
 */
export async function runPlannedPipeline(
  cluster: string,
  message: string,
  options: Omit<GeneratedPipelineOptions, "commitMessage"> = {},
): Promise<PlannedPipelineRun> {
  const copy = copyWithoutImages(cluster);
  try {
    const planned = await planCommit(copy, message);
    const run = runGeneratedPipeline(copy, planned.pipeline, {
      ...options,
      commitMessage: message,
    });
    return { ...planned, run };
  } finally {
    fs.rmSync(copy, { recursive: true, force: true });
  }
}
