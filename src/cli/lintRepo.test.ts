import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTempDir, removeTempDirs } from "../../test/support/tempTree.js";
import { testCli } from "../../test/support/testCli.js";

/*
 * `lint --repo`: titles checked against the working tree, not just the grammar; and the hook
 * `init --hook` installs, run by git itself on real commits.
 */

const CLI = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));
const EXAMPLE = fileURLToPath(new URL("../../examples/cluster", import.meta.url));
const QUINCE = "https://github.com/openedx/edx-platform.git|open-release/quince.3";

let repo = "";
beforeAll(() => {
  repo = path.join(makeTempDir("lint-repo"), "cluster");
  fs.cpSync(EXAMPLE, repo, { recursive: true });
  fs.rmSync(path.join(repo, ".gitlab-ci.yml"), { force: true });
  execFileSync("git", ["init", "-q", "-b", "main"], { cwd: repo });
  const init = spawnSync(process.execPath, [CLI, "init", "--vendor", "--hook"], {
    cwd: repo,
    encoding: "utf8",
  });
  if (init.status !== 0) throw new Error(init.stderr);
  git("add", "-A");
  git("commit", "-q", "--no-verify", "-m", "The cluster");
});
afterAll(removeTempDirs);

function git(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(
    "git",
    ["-c", "user.name=t", "-c", "user.email=t@e.invalid", "-c", "commit.gpgsign=false", ...args],
    { cwd: repo, encoding: "utf8" },
  );
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("lint --repo", () => {
  it("rejects an instance the working tree does not have, at its column, with the closest name", async () => {
    const r = await testCli(["lint", "--repo", repo, "[AutoDeploy][Update] dmeo|1"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: column 22: unknown instance 'dmeo'.*'demo'/);
  });

  it("rejects a batch target no instance runs, in JSON too", async () => {
    const r = await testCli([
      "lint",
      "--json",
      "--repo",
      repo,
      "[AutoDeploy][Batch][Upgrade] https://github.com/openedx/edx-platform.git|open-release/quinse.3",
    ]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({
      formatVersion: 1,
      valid: false,
      errors: [{ code: "target-matches-nothing", column: 30 }],
    });
  });

  it("accepts what the repository has", async () => {
    const r = await testCli(["lint", "--repo", repo, `[AutoDeploy][Batch][Upgrade] ${QUINCE}`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^valid: /);
  });
});

describe("the hook init --hook installs", () => {
  it("stops a commit whose title names an unknown instance", () => {
    const r = git("commit", "-q", "--allow-empty", "-m", "[AutoDeploy][Update] dmeo");
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/error: column 22: unknown instance 'dmeo'/);
  });

  it("is silent for a fine title, and warns about a changed instance the title does not deploy", () => {
    const fine = git("commit", "-q", "--allow-empty", "-m", "[AutoDeploy][Update] demo|1");
    expect(fine).toMatchObject({ status: 0, stdout: "", stderr: "" });
    fs.appendFileSync(path.join(repo, "instances/hooli-edu/config.yml"), "# tuned\n");
    git("add", "-A");
    const warned = git("commit", "-q", "-m", "[AutoDeploy][Update] demo|2");
    expect(warned.status).toBe(0);
    expect(warned.stderr).toMatch(
      /^warning: this commit changes hooli-edu without deploying it; Changed without a deployment: hooli-edu/,
    );
    expect(git("log", "-1", "--format=%s").stdout).toBe("[AutoDeploy][Update] demo|2\n");
  });
});
