import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "vitest";
import { parsePlanJson } from "../planJson.js";
import type { PlanJson } from "../planJson.js";
import { testCli } from "../testCli.js";
import { copyWithoutImages } from "./stripImages.js";
import { PROJECT_ROOT } from "./writeCliWrapper.js";

const SHARDED_CLUSTER = path.join(PROJECT_ROOT, "test", "fixtures", "clusters", "sharded");

function git(cwd: string, args: readonly string[]): string {
  const config = ["-c", "user.name=grove-e2e", "-c", "user.email=grove-e2e@example.invalid"];
  return execFileSync("git", [...config, "-c", "commit.gpgsign=false", ...args], {
    cwd,
    encoding: "utf8",
  }).trim();
}

export interface ShardedPush {
  /** The copy of the cluster, without its git history (the caller removes it). */
  readonly cluster: string;
  /** What `plan --json` printed for the push. */
  readonly plan: PlanJson;
  /** What `generate` wrote, and its summary line. */
  readonly pipeline: string;
  readonly generatedBy: string;
}

/**
 * A push of `messages` (one commit each) to a copy of the `sharded` fixture cluster (six
 * instances, at most 8 jobs per pipeline) in which site-1 is left out of batches by its
 * grove.yml, planned and generated as GitLab starts the parent's generate job for the push
 * (outside GitLab CI: no gate).
 */
export async function pushToShardedCluster(messages: readonly string[]): Promise<ShardedPush> {
  const cluster = copyWithoutImages(SHARDED_CLUSTER);
  fs.writeFileSync(
    path.join(cluster, "instances", "site-1", "grove.yml"),
    "BATCH_UPGRADE_DISABLED: true\n",
  );
  git(cluster, ["init", "--quiet", "--initial-branch=main"]);
  git(cluster, ["add", "."]);
  git(cluster, ["commit", "--quiet", "-m", "The cluster"]);
  const before = git(cluster, ["rev-parse", "HEAD"]);
  for (const message of messages) {
    git(cluster, ["commit", "--quiet", "--allow-empty", "-m", message]);
  }
  const env = { CI_PIPELINE_SOURCE: "push", CI_COMMIT_BEFORE_SHA: before };
  const planned = await testCli(["plan", "--json", "--repo", cluster], { env });
  expect(planned.code, planned.stderr).toBe(0);
  const out = path.join(os.tmpdir(), `grove-e2e-sharded-push-${process.pid}.yml`);
  const generated = await testCli(["generate", "--repo", cluster, "--output", out], { env });
  expect(generated.code, generated.stderr).toBe(0);
  const pipeline = fs.readFileSync(out, "utf8");
  fs.rmSync(out);
  fs.rmSync(path.join(cluster, ".git"), { recursive: true, force: true });
  return {
    cluster,
    plan: parsePlanJson(planned.stdout),
    pipeline,
    generatedBy: generated.stderr,
  };
}
