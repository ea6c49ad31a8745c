import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeClusterRepo } from "../../test/support/e2e/makeClusterRepo.js";

/* The operator commands through the built `grove-pipelines` (dist/cli.js, as npm installs it). */

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const CLI = path.join(ROOT, "dist", "cli.js");
const EXAMPLE = path.join(ROOT, "examples", "cluster");
const QUINCE =
  "[AutoDeploy][Batch][Upgrade] https://github.com/openedx/edx-platform.git|open-release/quince.3";

function cli(
  args: readonly string[],
  cwd = ROOT,
): { code: number | null; stdout: string; stderr: string } {
  // Only what the command needs: no CI variables of the machine running the tests.
  const env = { PATH: process.env.PATH ?? "", HOME: os.tmpdir() };
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, env, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let repo = "";
let empty = "";
beforeAll(() => {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build (npm test does)`);
  repo = makeClusterRepo(EXAMPLE, QUINCE);
  empty = fs.mkdtempSync(path.join(os.tmpdir(), "grove-built-init-"));
});
afterAll(() => {
  fs.rmSync(repo, { recursive: true, force: true });
  fs.rmSync(empty, { recursive: true, force: true });
});

describe("built CLI: operator commands", () => {
  it("explain reads the newest commit of a git repository", () => {
    const r = cli(["explain", "umbrella-training", "--repo", repo]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^umbrella-training is not in the plan {2}\(message from git log -1\)$/m,
    );
    expect(r.stdout).toContain(
      "BATCH_UPGRADE_DISABLED: true in instances/umbrella-training/grove.yml, which counts as true",
    );
  });

  it("graph --format dot and plan --format markdown of the same commit", () => {
    const dot = cli(["graph", "--format", "dot", "--repo", repo]);
    expect(dot.code).toBe(0);
    expect(dot.stdout).toMatch(/^digraph plan \{/);
    const md = cli(["plan", "--format", "markdown", "--repo", repo]);
    expect(md.code).toBe(0);
    expect(md.stdout).toContain("```mermaid\nflowchart LR\n");
    // A pipe is no terminal: no colour in the text format.
    expect(cli(["plan", "--repo", repo]).stdout).not.toContain("\u001b[");
  });

  it("instances --json and init", () => {
    const listed = JSON.parse(cli(["instances", "--json", "--repo", EXAMPLE]).stdout) as {
      instances: unknown[];
    };
    expect(listed.instances).toHaveLength(8);
    const init = cli(["init", "--vendor"], empty);
    expect(init.code).toBe(0);
    expect(fs.readFileSync(path.join(empty, ".gitlab-ci.yml"), "utf8")).toContain("run-pipeline:");
  });

  it("suggests the nearest command or flag and exits 2", () => {
    const command = cli(["explian", "demo"]);
    expect(command.code).toBe(2);
    expect(command.stderr).toContain("Did you mean explain?");
    const flag = cli(["graph", "--fromat", "dot"]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("Did you mean --format?");
  });

  it("--help of a command shows its example", () => {
    const r = cli(["instances", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Examples:\n  $ grove-pipelines instances --repo examples/cluster");
  });
});
