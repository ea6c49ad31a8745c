import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VERSION } from "../../src/version.js";
import { readStubLog } from "../support/e2e/readStubLog.js";
import type { StubCall } from "../support/e2e/readStubLog.js";
import { EXAMPLE_CLUSTER, pushVariables } from "../support/e2e/runExampleCluster.js";
import { runGitlabCiLocal } from "../support/e2e/runGitlabCiLocal.js";
import type { JobResult } from "../support/e2e/parseJobResults.js";
import { BUILT_COMMAND } from "../support/e2e/vendoredCommand.js";
import { PROJECT_ROOT } from "../support/e2e/writeCliWrapper.js";
import { writeStubs } from "../support/e2e/writeStubs.js";

/*
 * Adoption as an operator meets it: the README's commands, run as they are written, on a new
 * cluster repository (real git, pushed to a remote) by a machine that has Node.js, git and a
 * shell but no grove-pipelines and nothing of this checkout on PATH; then the parent pipeline
 * they committed, run by gitlab-ci-local for an Update and for a batch large enough to shard.
 * The stub `grove` (the tools image's command) records what each job deployed.
 */

/** Instances a batch over `*|*` upgrades: all but the two with batch upgrades disabled. */
const BATCH_INSTANCES = [
  "acme-staging",
  "acme-university",
  "demo",
  "globex-learning",
  "initech-academy",
  "stark-labs",
];
const BATCH = "[AutoDeploy][Batch][Upgrade] *|*";

/** The operators' folders, removed after the tests whatever happened. */
const machines: string[] = [];
afterAll(() => {
  for (const dir of machines) fs.rmSync(dir, { recursive: true, force: true });
});

/** The README's commands for one way of adopting, taken from the README so both stay true. */
function readmeCommands(way: "vendored" | "registry"): string {
  const readme = fs.readFileSync(path.join(PROJECT_ROOT, "README.md"), "utf8");
  const block = new RegExp(`<!-- adopt: ${way} -->\\n\`\`\`sh\\n([^\`]+)\`\`\``).exec(readme);
  if (block?.[1] === undefined) throw new Error(`README.md has no '<!-- adopt: ${way} -->' block`);
  return block[1];
}

interface Operator {
  /** The folder the README's commands start in: the downloaded file, `path/to/cluster`. */
  readonly work: string;
  readonly cluster: string;
  readonly env: Record<string, string>;
  readonly stubLog: string;
}

/**
 * The operator's machine: the single-file command downloaded alone into `work`, a cluster
 * repository at `work/path/to/cluster` cloned from a bare remote, and a PATH of the stubs, a
 * folder with only `node`, and the system's folders without any node_modules or this checkout.
 */
function operatorMachine(extraBin: (bin: string, work: string) => void = () => undefined) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "grove-adopt-"));
  machines.push(work);
  fs.copyFileSync(BUILT_COMMAND, path.join(work, "grove-pipelines.cjs"));
  const nodeBin = path.join(work, "node-bin");
  fs.mkdirSync(nodeBin);
  fs.symlinkSync(process.execPath, path.join(nodeBin, "node"));
  const stubs = writeStubs(path.join(work, "stubs"));
  const root = path.resolve(PROJECT_ROOT);
  const systemPath = (process.env["PATH"] ?? "")
    .split(path.delimiter)
    .filter((dir) => dir !== "" && !dir.split(path.sep).includes("node_modules"))
    .filter((dir) => !path.resolve(dir).startsWith(root));
  const env = {
    PATH: [stubs.binDir, nodeBin, ...systemPath].join(path.delimiter),
    GROVE_STUB_LOG: stubs.logFile,
    GROVE_STUB_FAIL: "",
  };
  const which = spawnSync("sh", ["-c", "command -v grove-pipelines"], { env, encoding: "utf8" });
  expect(which.stdout, "grove-pipelines must not be on the operator's PATH").toBe("");
  extraBin(stubs.binDir, work);

  const remote = path.join(work, "remote.git");
  git(work, ["init", "--quiet", "--bare", "--initial-branch=main", remote]);
  const cluster = path.join(work, "path", "to", "cluster");
  git(work, ["clone", "--quiet", remote, cluster]);
  fs.cpSync(EXAMPLE_CLUSTER, cluster, { recursive: true });
  fs.rmSync(path.join(cluster, ".gitlab-ci.yml"));
  // Lower limits, so that a batch of six instances needs shards.
  fs.appendFileSync(
    path.join(cluster, "grove-pipelines.yml"),
    "limits:\n  maxJobsPerPipeline: 8\n",
  );
  git(cluster, ["add", "."]);
  git(cluster, ["commit", "--quiet", "-m", "The cluster before grove-pipelines"]);
  git(cluster, ["push", "--quiet", "origin", "main"]);
  return { work, cluster, env, stubLog: stubs.logFile };
}

function git(cwd: string, args: readonly string[]): string {
  return execFileSync("git", ["-c", "commit.gpgsign=false", "-c", "gc.auto=0", ...args], {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** Runs the README's commands for `way` as they are written, from the operator's folder. */
function adopt(operator: Operator, way: "vendored" | "registry"): void {
  const run = spawnSync("sh", ["-e", "-c", readmeCommands(way)], {
    cwd: operator.work,
    env: { ...process.env, ...operator.env },
    encoding: "utf8",
  });
  expect(run.status, run.stderr).toBe(0);
  // Committed and pushed: the remote has what the pipeline will run.
  const remote = path.join(operator.work, "remote.git");
  expect(git(remote, ["log", "-1", "--format=%s"]).trim()).toMatch(/grove-pipelines/);
}

interface Deployment {
  readonly jobs: readonly JobResult[];
  readonly calls: readonly StubCall[];
  readonly stdout: string;
}

/**
 * Commits (and pushes) `message` and runs the push pipeline GitLab would start for it; a batch
 * that shards with its shard files fetched from the parent pipeline (see `parentArtifacts`).
 */
function deploy(operator: Operator, message: string, sharded = false): Deployment {
  git(operator.cluster, [
    "commit",
    "--quiet",
    "--allow-empty",
    "--cleanup=verbatim",
    "-m",
    message,
  ]);
  git(operator.cluster, ["push", "--quiet", "origin", "main"]);
  fs.rmSync(operator.stubLog, { force: true });
  fs.rmSync(path.join(operator.cluster, ".gitlab-ci-local"), { recursive: true, force: true });
  const variables = Object.entries(pushVariables(message));
  const run = runGitlabCiLocal(operator.cluster, {
    env: operator.env,
    extraArgs: variables.flatMap(([k, v]) => ["--variable", `${k}=${v}`]),
    parentArtifacts: sharded,
  });
  expect(run.exitCode, run.stderr).toBe(0);
  return { jobs: run.jobs, calls: readStubLog(operator.stubLog), stdout: run.stdout };
}

/** Every job passed, and each instance was built and deployed exactly once. */
function expectDeployedOnce(run: Deployment, instances: readonly string[]): void {
  expect(
    run.jobs.filter((j) => j.status !== "pass"),
    run.stdout,
  ).toEqual([]);
  expect(run.jobs.map((j) => j.name)).toContain("generate-pipeline");
  for (const step of ["build-image", "deploy"]) {
    const done = run.calls.filter((c) => c.args.startsWith(`${step} `)).map((c) => c.instance);
    expect(done.sort(), step).toEqual([...instances].sort());
  }
}

/** The shard pipelines that ran, by trigger job name. */
const shardsOf = (run: Deployment) =>
  run.jobs.filter((j) => /^shard-\d+$/.test(j.name)).map((j) => j.name);

describe("adopting grove-pipelines vendored, with no registry at all", () => {
  let operator: Operator;
  beforeAll(() => {
    operator = operatorMachine();
    adopt(operator, "vendored");
  });

  it("commits the single-file command with its version and checksum, and the parent pipeline", () => {
    const tracked = git(operator.cluster, ["ls-files", ".grove", ".gitlab-ci.yml"]);
    expect(tracked.split("\n").filter((f) => f !== "")).toEqual([
      ".gitlab-ci.yml",
      ".grove/grove-pipelines.cjs",
    ]);
    const vendored = fs.readFileSync(path.join(operator.cluster, ".grove/grove-pipelines.cjs"));
    expect(vendored.toString("utf8").split("\n")[1]).toContain(`grove-pipelines ${VERSION},`);
    // The README's check: without the header it is the file that was downloaded.
    const check = spawnSync("sh", ["-c", "sed 2,3d .grove/grove-pipelines.cjs | sha256sum"], {
      cwd: operator.cluster,
      encoding: "utf8",
    });
    const sum = check.stdout.split(" ")[0] ?? "";
    expect(vendored.toString("utf8").split("\n")[2]).toContain(`sha256 ${sum}.`);
    expect(fs.readFileSync(path.join(operator.work, "grove-pipelines.cjs"))).toEqual(
      Buffer.concat([
        Buffer.from(vendored.toString("utf8").split("\n")[0] + "\n"),
        Buffer.from(vendored.toString("utf8").split("\n").slice(3).join("\n")),
      ]),
    );
  });

  it("deploys an Update: each named instance exactly once", () => {
    const run = deploy(operator, "[AutoDeploy][Update] demo|42,acme-university");
    expectDeployedOnce(run, ["acme-university", "demo"]);
    expect(run.calls.find((c) => c.job === "deploy:demo")?.args).toBe("deploy demo");
  }, 200_000);

  it("deploys a batch too big for one pipeline through shards: every instance exactly once", () => {
    const run = deploy(operator, BATCH, true);
    expectDeployedOnce(run, BATCH_INSTANCES);
    expect(run.jobs.map((j) => j.name)).toContain("shard-files");
    expect(shardsOf(run)).toEqual(["shard-1", "shard-2", "shard-3"]);
    // The generator ran once, in the parent's generate job: the orchestrator only fetched.
    const runs = run.stdout
      .split("\n")
      .filter((l) => l.includes("$ node .grove/grove-pipelines.cjs"));
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatch(/^generate-pipeline \$ .* --shards-dir grove-shards$/);
  }, 200_000);
});

describe("adopting grove-pipelines from a registry", () => {
  let operator: Operator;
  beforeAll(() => {
    // npm as the registry would serve this version: `npm install` leaves a grove-pipelines that
    // works in this job's folder only, so a job that runs it without installing it fails.
    operator = operatorMachine((bin, work) => {
      const served = path.join(work, "registry", "grove-pipelines.cjs");
      fs.mkdirSync(path.dirname(served));
      fs.copyFileSync(BUILT_COMMAND, served);
      const install = `install --global --no-audit --no-fund --registry=https://registry.npmjs.org/ grove-pipelines@${VERSION}`;
      const npm = [
        "#!/bin/sh",
        `printf '%s|%s|%s\\n' "\${CI_JOB_NAME-}" "" "npm $*" >> "$GROVE_STUB_LOG"`,
        `[ "$*" = '${install}' ] || { echo "stub npm: not the pinned install: $*" >&2; exit 1; }`,
        ": > .grove-pipelines-installed",
        "",
      ];
      fs.writeFileSync(path.join(bin, "npm"), npm.join("\n"), { mode: 0o755 });
      const command = [
        "#!/bin/sh",
        '[ -f .grove-pipelines-installed ] || { echo "grove-pipelines: not installed in this job" >&2; exit 127; }',
        `exec node '${served}' "$@"`,
        "",
      ];
      fs.writeFileSync(path.join(bin, "grove-pipelines"), command.join("\n"), { mode: 0o755 });
    });
    adopt(operator, "registry");
  });

  it("installs the pinned version in the generate job, the one job that runs it", () => {
    // Nothing vendored: the repository holds only the settings' schema for editors.
    expect(fs.readdirSync(path.join(operator.cluster, ".grove"))).toEqual([
      "grove-pipelines.schema.json",
    ]);
    const run = deploy(operator, BATCH, true);
    expectDeployedOnce(run, BATCH_INSTANCES);
    expect(shardsOf(run)).toEqual(["shard-1", "shard-2", "shard-3"]);
    const installs = run.calls.filter((c) => c.args.startsWith("npm "));
    expect(installs.map((c) => c.job)).toEqual(["generate-pipeline"]);
  }, 200_000);
});
