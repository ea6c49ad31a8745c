import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MAX_TARGETS } from "../../src/commit/lists.js";
import { makeTempDir, removeTempDirs } from "../support/tempTree.js";
import { STACK_LINE, testCli } from "../support/testCli.js";
import { clusterHistory, copyCluster, git } from "./support/clusterRepo.js";

/*
 * Issue 14, points 3 and 6, through the CLI: huge titles are shown as a bounded excerpt, a commit
 * message past the cap is refused wherever it comes from, and a batch title names at most
 * MAX_TARGETS targets.
 */

afterAll(removeTempDirs);

function messageFile(text: string): string {
  const file = path.join(makeTempDir("huge"), "message.txt");
  fs.writeFileSync(file, text);
  return file;
}

describe("a long title is shown as an excerpt (point 6)", () => {
  it("lint prints a bounded line for a 1,000,000-character Infrastructure title", async () => {
    const text = "a".repeat(1_000_000);
    const r = await testCli([
      "lint",
      "--message-file",
      messageFile(`[AutoDeploy][Infrastructure] ${text}`),
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      `valid: infrastructure: ${"a".repeat(300 - "infrastructure: ".length)}... (1,000,016 characters in all)\n`,
    );
  });

  it("plan shows an excerpt of a directive naming thousands of instances", async () => {
    const names = Array.from({ length: 5000 }, (_, i) => `site-${i}`).join(",");
    const r = await testCli(["lint", `[AutoDeploy][Delete] ${names}`]);
    expect(r.code).toBe(0);
    expect(r.stdout.length).toBeLessThan(400);
    expect(r.stdout).toMatch(
      /^valid: delete: site-0, site-1, .*\.\.\. \([\d,]+ characters in all\)\n$/,
    );
  });

  it("refuses a commit message from git past the message cap, naming the commit", async () => {
    const { dir } = clusterHistory("huge-commit");
    const file = messageFile(`[AutoDeploy][Infrastructure] ${"b".repeat(2 * 1024 * 1024)}`);
    git(dir, ["commit", "--quiet", "--allow-empty", "--cleanup=verbatim", "-F", file]);
    const sha = git(dir, ["rev-parse", "HEAD"]);
    const r = await testCli(["plan", "--repo", dir]);
    expect(r).toEqual({
      code: 1,
      stdout: "",
      stderr: `error: the message of commit ${sha.slice(0, 8)} is larger than 1 MiB, the most read from one commit message\n`,
    });
  });
});

describe("targets per batch title (point 3)", () => {
  const wildcards = (count: number) =>
    // Distinct texts that all match the example cluster's quince.3 instances.
    Array.from(
      { length: count },
      (_, i) =>
        `*${"*".repeat(i % 40)}edx-platform${"*".repeat(Math.floor(i / 40))}|open-release/quince.3`,
    );

  it("plans a title with as many targets as the cap", async () => {
    const cluster = copyCluster("many-targets");
    const title = `[AutoDeploy][Batch][Upgrade] ${wildcards(MAX_TARGETS).join(",")}`;
    const r = await testCli([
      "plan",
      "--repo",
      cluster,
      "--json",
      "--message-file",
      messageFile(title),
    ]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout) as { jobs: { name: string }[] };
    expect(plan.jobs.some((j) => j.name.startsWith("deploy:"))).toBe(true);
  });

  it("refuses one target more with one line", async () => {
    const title = `[AutoDeploy][Batch][Upgrade] ${wildcards(MAX_TARGETS + 1).join(",")}`;
    const r = await testCli(["lint", "--message-file", messageFile(title)]);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(r.stderr).toMatch(
      /^error: column \d+: a batch title names at most 1,000 targets, this one 1,001; split the batch over several commits or use '\*' in a target\n$/,
    );
  });
});
