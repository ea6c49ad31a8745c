import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { listPipelineJobs } from "./listPipelineJobs.js";
import type { ListResult } from "./listPipelineJobs.js";
import { makeClusterRepo } from "./makeClusterRepo.js";
import type { JobResult } from "./parseJobResults.js";
import { readStubLog } from "./readStubLog.js";
import type { StubCall } from "./readStubLog.js";
import { runGitlabCiLocal } from "./runGitlabCiLocal.js";
import { stripImages } from "./stripImages.js";
import { VENDORED_COMMAND, vendoredCommand } from "./vendoredCommand.js";
import { PROJECT_ROOT, assertBuiltCli } from "./writeCliWrapper.js";
import { writeStubs } from "./writeStubs.js";

export const EXAMPLE_CLUSTER = path.join(PROJECT_ROOT, "examples", "cluster");

/** Job names of examples/cluster/.gitlab-ci.yml. */
export const GENERATE_JOB = "generate-pipeline";
export const TRIGGER_JOB = "run-pipeline";
export const GENERATED_FILE = "generated-pipeline.yml";
export const PLAN_FILE = "plan.md";

/**
 * The CI variables grove-pipelines reads, as GitLab sets them for a push to the default branch.
 * gitlab-ci-local's own values do not fit: its CI_COMMIT_MESSAGE is a fixed "Commit Title", its
 * GITLAB_CI is "false" (the gate would never be exercised), and the harness leaves
 * CI_PIPELINE_SOURCE out. An all-zero CI_COMMIT_BEFORE_SHA is GitLab's "no previous tip", so a
 * value from the machine running the tests cannot make the generator read other commits.
 */
export function pushVariables(message: string): Record<string, string> {
  return {
    CI_COMMIT_MESSAGE: message,
    GITLAB_CI: "true",
    CI_PIPELINE_SOURCE: "push",
    CI_COMMIT_BRANCH: "main",
    CI_DEFAULT_BRANCH: "main",
    CI_COMMIT_BEFORE_SHA: "0".repeat(40),
  };
}

export interface ExampleClusterOptions {
  /** Job names whose stub calls fail (GROVE_STUB_FAIL). */
  readonly failJobs?: readonly string[];
  /** Replaces or adds to `pushVariables(message)`, e.g. for a merge request pipeline. */
  readonly variables?: Readonly<Record<string, string>>;
  /** Adds history to the repository after its first commit (a branch and its merge, say). */
  readonly history?: (repo: string) => void;
  /** More gitlab-ci-local arguments, e.g. `["--manual", "delete:x"]` for a person's click. */
  readonly extraArgs?: readonly string[];
}

export interface ExampleClusterRun {
  /** gitlab-ci-local's exit code: not 0 when a pipeline file (parent or child) is invalid. */
  readonly exitCode: number | null;
  /** Every job of the PASS/FAIL summaries: the parent's two jobs and the child's. */
  readonly jobs: readonly JobResult[];
  /** What the stubbed `grove`/`terraform` were asked to do, in order. */
  readonly calls: readonly StubCall[];
  /** The child pipeline `generate-pipeline` wrote, taken from its artifacts; null if none. */
  readonly generated: string | null;
  /** gitlab-ci-local's schema validation and job list of `generated`; null without a file. */
  readonly listed: ListResult | null;
  /** The plan.md `generate-pipeline` kept as an artifact (exposed in merge requests); null if none. */
  readonly planMarkdown: string | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the example cluster's own parent pipeline with gitlab-ci-local: a temporary git
 * repository holding examples/cluster whose newest commit carries `message`, the stub `grove`
 * and `terraform` and this checkout's `grove-pipelines` first on PATH. The generator runs in the
 * parent's `generate-pipeline` job, the file it writes runs as the child pipeline, and that file
 * is then checked with `--list-json`. Everything is removed again.
 */
export function runExampleCluster(
  message: string,
  options: ExampleClusterOptions = {},
): ExampleClusterRun {
  assertBuiltCli();
  const read = (file: string) => fs.readFileSync(path.join(EXAMPLE_CLUSTER, file), "utf8");
  const repo = makeClusterRepo(EXAMPLE_CLUSTER, message, {
    ".gitlab-ci.yml": stripImages(read(".gitlab-ci.yml")),
    "grove-pipelines.yml": stripImages(read("grove-pipelines.yml")),
    [VENDORED_COMMAND]: vendoredCommand(),
  });
  const binDir = fs.mkdtempSync(path.join(os.tmpdir(), "grove-e2e-bin-"));
  try {
    options.history?.(repo);
    const stubs = writeStubs(binDir);
    // The parent runs the vendored command with the Node.js running the tests, whatever `node`
    // PATH would find.
    fs.symlinkSync(process.execPath, path.join(binDir, "node"));
    const variables = { ...pushVariables(message), ...options.variables };
    const run = runGitlabCiLocal(repo, {
      env: { ...stubs.env, GROVE_STUB_FAIL: (options.failJobs ?? []).join(",") },
      extraArgs: [
        ...Object.entries(variables).flatMap(([k, v]) => ["--variable", `${k}=${v}`]),
        ...(options.extraArgs ?? []),
      ],
    });
    // gitlab-ci-local keeps each job's artifacts under its state folder, by job name.
    const artifact = path.join(".gitlab-ci-local", "artifacts", GENERATE_JOB, GENERATED_FILE);
    const generated = fs.existsSync(path.join(repo, artifact))
      ? fs.readFileSync(path.join(repo, artifact), "utf8")
      : null;
    const listed = generated === null ? null : listPipelineJobs(repo, artifact);
    const planFile = path.join(repo, ".gitlab-ci-local", "artifacts", GENERATE_JOB, PLAN_FILE);
    const planMarkdown = fs.existsSync(planFile) ? fs.readFileSync(planFile, "utf8") : null;
    return {
      exitCode: run.exitCode,
      jobs: run.jobs,
      calls: readStubLog(stubs.logFile),
      generated,
      listed,
      planMarkdown,
      stdout: run.stdout,
      stderr: run.stderr,
    };
  } finally {
    fs.rmSync(repo, { recursive: true, force: true });
    fs.rmSync(binDir, { recursive: true, force: true });
  }
}
