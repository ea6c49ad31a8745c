import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeClusterRepo } from "../../test/support/e2e/makeClusterRepo.js";
import { testCli } from "../../test/support/testCli.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const EXAMPLE = fileURLToPath(new URL("../../examples/cluster", import.meta.url));
const TWO_TARGETS =
  "[AutoDeploy][Batch][Upgrade] https://github.com/openedx/edx-platform.git|open-release/quince.3," +
  "https://github.com/open-craft/edx-platform.git|*";

let repo = "";
beforeAll(() => {
  // The newest commit of a real repository is the message when none is given.
  repo = makeClusterRepo(EXAMPLE, `${TWO_TARGETS}\n\nRoll out the Quince fix.`);
});
afterAll(() => {
  fs.rmSync(repo, { recursive: true, force: true });
});

describe("graph", () => {
  it("draws the plan of the repository's newest commit as Mermaid", async () => {
    const r = await testCli(["graph", "--repo", repo], { cwd: ROOT });
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe("flowchart LR");
    for (const wave of [1, 2, 3]) expect(lines).toContain(`  subgraph w${wave}["wave ${wave}"]`);
    expect(r.stdout).toContain('{{"wave-gate:3"}}');
    expect(r.stdout).toContain('("deploy:stark-labs")');
    // Wave 3's gate waits for the whole wave-2 deploy stage: one edge, not one per deploy.
    expect(r.stdout).toMatch(/^ {2}s5 ==> j10$/m);
    expect(r.stdout).not.toContain("umbrella-training");
  });

  it("draws the same graph in DOT with --format dot", async () => {
    const r = await testCli(["graph", "--format", "dot", "--repo", repo], { cwd: ROOT });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^digraph plan \{\n/);
    expect(r.stdout).toContain('label="wave 3";');
    expect(r.stdout).toMatch(/ -> j10 \[ltail=cluster_s5, style=bold\];/);
  });

  it("takes --message like plan, and fails like plan on a bad one", async () => {
    const named = await testCli(
      ["graph", "--repo", EXAMPLE, "--message", "[AutoDeploy][Archive] demo,hooli-edu"],
      { cwd: ROOT },
    );
    expect(named.code).toBe(0);
    expect(named.stdout).toContain('j1[/"archive:hooli-edu"/]');
    const bad = await testCli(
      ["graph", "--repo", EXAMPLE, "--message", "[AutoDeploy][Archive] dmeo"],
      { cwd: ROOT },
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^error: .*'dmeo'.*did you mean 'demo'\?$/m);
    const format = await testCli(["graph", "--format", "svg"], { cwd: ROOT });
    expect(format.code).toBe(2);
  });
});
