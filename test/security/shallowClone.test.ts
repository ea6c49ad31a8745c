import { spawnSync } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import path from "node:path";
import { clusterHistory, commit, git } from "./support/clusterRepo.js";
import { makeTempDir, removeTempDirs } from "../support/tempTree.js";
import { STACK_LINE, testCli } from "../support/testCli.js";

/*
 * Issue 14, point 2: a runner's cached clone fetched with GIT_DEPTH holds the push's previous tip
 * (CI_COMMIT_BEFORE_SHA) but the depth cut its link to the new one. Taken for a force push, only
 * the newest commit was planned and an earlier [AutoDeploy][Delete] vanished. At every depth the
 * push is either planned whole or refused naming the cause and the fix; a real force push in a
 * shallow clone is still planned from its newest commit.
 */

afterAll(removeTempDirs);

function pushEnv(dir: string, before: string): Record<string, string> {
  return {
    GITLAB_CI: "true",
    CI_PIPELINE_SOURCE: "push",
    CI_DEFAULT_BRANCH: "main",
    CI_COMMIT_BRANCH: "main",
    CI_COMMIT_BEFORE_SHA: before,
    CI_COMMIT_SHA: git(dir, ["rev-parse", "HEAD"]),
    CI_COMMIT_MESSAGE: git(dir, ["log", "-1", "--format=%B"]),
  };
}

const PUSHED = [
  "[AutoDeploy][Delete] hooli-edu",
  "[AutoDeploy][Update] demo",
  "[AutoDeploy][Update] acme-staging",
];

/** The runner's cached clone: cloned at `base` with `depth`, then fetched again with `depth`. */
function cachedClone(origin: string, depth: number, before: () => void): string {
  const dir = path.join(makeTempDir("cached"), "clone");
  git(origin, ["clone", "--quiet", `--depth=${depth}`, `file://${origin}`, dir]);
  before();
  git(dir, ["fetch", "--quiet", `--depth=${depth}`, "origin", "main"]);
  git(dir, ["checkout", "--quiet", "--detach", "FETCH_HEAD"]);
  return dir;
}

/** What git itself can tell in the clone: whether `base` is reachable from HEAD. */
function isAncestor(dir: string, base: string): boolean {
  return spawnSync("git", ["merge-base", "--is-ancestor", base, "HEAD"], { cwd: dir }).status === 0;
}

async function planJobs(dir: string, env: Record<string, string>) {
  const r = await testCli(["plan", "--repo", dir, "--json"], { env });
  expect(r.stderr).not.toMatch(STACK_LINE);
  const jobs =
    r.code === 0
      ? (JSON.parse(r.stdout) as { jobs: { name: string }[] }).jobs.map((j) => j.name)
      : [];
  return { code: r.code, stderr: r.stderr, jobs };
}

describe("a cached shallow clone (GIT_STRATEGY: fetch with GIT_DEPTH)", () => {
  it.each([1, 2, 3, 4, 5, 10])("at depth %i plans the whole push or refuses it", async (depth) => {
    const { dir: origin, base } = clusterHistory(`cached-${depth}`);
    const clone = cachedClone(origin, depth, () => {
      for (const message of PUSHED) commit(origin, message);
    });
    const outcome = await planJobs(clone, pushEnv(clone, base));
    const linked = isAncestor(clone, base);
    if (linked) {
      expect(outcome.code).toBe(0);
      expect(outcome.jobs).toContain("delete:hooli-edu");
      expect(outcome.jobs).toContain("deploy:demo");
    } else {
      expect(outcome).toEqual({
        code: 1,
        jobs: [],
        stderr: `error: CI_COMMIT_BEFORE_SHA ${base} is in this shallow clone but the clone's depth cut its link to the pushed commit, so the commits this push brought cannot all be read; give the generator job the whole history (GIT_DEPTH: 0, or git fetch --unshallow before it) or, after a force push, run it with --single-commit\n`,
      });
    }
    // The depths that cut the link are exactly the ones that fail: nothing is dropped silently.
    expect(linked).toBe(depth > PUSHED.length);
  });

  it("still plans a real force push from its newest commit", async () => {
    const { dir: origin } = clusterHistory("forced");
    for (let i = 1; i <= 6; i++) commit(origin, `Routine change ${i}`);
    const kept = git(origin, ["rev-parse", "HEAD"]);
    const before = commit(origin, "[AutoDeploy][Update] globex-learning");
    const clone = cachedClone(origin, 5, () => {
      // The branch is rewritten: the previous tip is no longer part of it.
      git(origin, ["reset", "--quiet", "--hard", kept]);
      commit(origin, "[AutoDeploy][Update] demo");
    });
    expect(git(clone, ["rev-parse", "--is-shallow-repository"])).toBe("true");
    const outcome = await planJobs(clone, pushEnv(clone, before));
    expect(outcome.code).toBe(0);
    expect(outcome.jobs).toEqual(["build-image:demo", "deploy:demo"]);
  });
});
