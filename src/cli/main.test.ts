import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeClusterRepo } from "../../test/support/e2e/makeClusterRepo.js";
import { loadScenario } from "../../test/support/goldenScenarios.js";
import { STACK_LINE } from "../../test/support/testCli.js";

/*
 * The built command (dist/cli.js, what `grove-pipelines` runs) in a real process: main.ts's
 * binding of run() to argv, stdin, stdout, stderr and the exit code, and the bundle itself.
 * `npm test` builds it first; run `npm run build` before running this file alone.
 */

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const CLI = path.join(ROOT, "dist", "cli.js");
const EXAMPLE = path.join(ROOT, "examples", "cluster");

interface Exit {
  status: number | null;
  stdout: string;
  stderr: string;
}

let tmp = "";
beforeAll(() => {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "grove-main-"));
});
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Only PATH (for git) passes through: CI variables of the machine must not change results. */
function cli(
  argv: readonly string[],
  options: { cwd?: string; input?: string; env?: Record<string, string> } = {},
): Exit {
  const r = spawnSync(process.execPath, [CLI, ...argv], {
    cwd: options.cwd ?? tmp,
    input: options.input ?? "",
    env: { PATH: process.env.PATH ?? "", ...options.env },
    encoding: "utf8",
  });
  expect(r.stderr + r.stdout).not.toMatch(STACK_LINE);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("dist/cli.js", () => {
  it("--version prints the package's version and exits 0", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
      version: string;
    };
    expect(cli(["--version"])).toEqual({ status: 0, stdout: `${pkg.version}\n`, stderr: "" });
  });

  it("plan --json and generate give the golden output", () => {
    const s = loadScenario("batch-upgrade-to-targets");
    const args = ["--repo", s.repo, "--message-file", s.messageFile];
    expect(cli(["plan", "--json", ...args], { cwd: ROOT }).stdout).toBe(s.expectedPlan);
    const out = path.join(tmp, "pipeline.yml");
    const r = cli(["generate", ...args, "--output", out], { cwd: ROOT });
    expect(r.status).toBe(0);
    expect(fs.readFileSync(out, "utf8")).toBe(s.expectedPipeline);
  });

  it("exits 1 for an invalid message, one line per problem on stderr", () => {
    const r = cli(["lint", "[AutoDeploy][Create] a|,b|"]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    for (const line of r.stderr.trimEnd().split("\n")) expect(line).toMatch(/^error: column \d+: /);
  });

  it("exits 1 for repository content that is invalid", () => {
    const r = cli(["plan", "--repo", EXAMPLE, "--message", "[AutoDeploy][Archive] dmeo"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^error: .*did you mean 'demo'\?\n$/);
  });

  it("exits 2 for an unknown command or flag, with a suggestion", () => {
    const command = cli(["generat"]);
    expect(command.status).toBe(2);
    expect(command.stderr).toContain("Did you mean generate?");
    const flag = cli(["lint", "--jsno", "x"]);
    expect(flag.status).toBe(2);
    expect(flag.stderr).toContain("Did you mean --json?");
  });

  it("reads the message from standard input with --message-file -", () => {
    const r = cli(["lint", "--json", "--message-file", "-"], {
      input: "[AutoDeploy][Delete] demo\n",
    });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      formatVersion: 1,
      valid: true,
      directive: { kind: "delete", instances: [{ name: "demo" }] },
      warnings: [],
    });
  });

  it("reads CI_COMMIT_MESSAGE, else git log -1 of --repo", () => {
    const repo = makeClusterRepo(EXAMPLE, "[AutoDeploy][Update] demo|from-git");
    try {
      const fromGit = cli(["plan", "--json", "--repo", repo]);
      expect(fromGit.status).toBe(0);
      expect(fromGit.stdout).toContain('"deploymentId": "from-git"');
      const env = { CI_COMMIT_MESSAGE: "[AutoDeploy][Update] demo|from-env" };
      const fromEnv = cli(["plan", "--json", "--repo", repo], { env });
      expect(fromEnv.stdout).toContain('"deploymentId": "from-env"');
    } finally {
      fs.rmSync(repo, { recursive: true, force: true });
    }
  });

  it("writes generated-pipeline.yml and one summary line", () => {
    const r = cli(["generate", "--repo", EXAMPLE, "--message", "[AutoDeploy][Delete] demo"]);
    expect(r).toEqual({
      status: 0,
      stdout: "",
      stderr: "wrote generated-pipeline.yml: 1 job(s)\n",
    });
    expect(fs.readFileSync(path.join(tmp, "generated-pipeline.yml"), "utf8")).toMatch(
      /^delete:demo:$/m,
    );
  });
});
