import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { makeClusterRepo } from "../support/e2e/makeClusterRepo.js";
import { parseJobResults } from "../support/e2e/parseJobResults.js";
import type { JobResult } from "../support/e2e/parseJobResults.js";
import { readStubLog } from "../support/e2e/readStubLog.js";
import type { StubCall } from "../support/e2e/readStubLog.js";
import { GITLAB_CI_LOCAL, gitlabCiLocalArgs } from "../support/e2e/runGitlabCiLocal.js";
import { writeStubs } from "../support/e2e/writeStubs.js";
import { VENDORED_COMMAND, vendoredCommand } from "../support/e2e/vendoredCommand.js";

export const GENERATE_JOB = "generate-pipeline";
export const TRIGGER_JOB = "run-pipeline";

/**
 * A cluster repository's parent pipeline: the generator writes the child pipeline, which runs
 * as a child and is, for a big batch, the orchestrator of shard grandchildren. No `image:`:
 * without Docker gitlab-ci-local runs jobs in the shell but points CI_PROJECT_DIR of a job with
 * an image at a nonexistent /builds/... folder.
 */
export const PARENT_PIPELINE = [
  "stages: [generate, deploy]",
  `${GENERATE_JOB}:`,
  "  stage: generate",
  "  script:",
  "    - node .grove/grove-pipelines.cjs generate --output generated-pipeline.yml",
  "  artifacts:",
  "    paths: [generated-pipeline.yml]",
  `${TRIGGER_JOB}:`,
  "  stage: deploy",
  `  needs: [${GENERATE_JOB}]`,
  "  trigger:",
  "    include:",
  `      - artifact: generated-pipeline.yml`,
  `        job: ${GENERATE_JOB}`,
  "    strategy: depend",
  "",
].join("\n");

export interface RolloutRun {
  readonly exitCode: number | null;
  readonly jobs: readonly JobResult[];
  /** What the stub `grove`/`terraform` were asked to do, in the order it happened. */
  readonly calls: readonly StubCall[];
  /** The files the generators wrote, by artifact path (`generated-pipeline.yml`, `shard-K.yml`). */
  readonly files: ReadonlyMap<string, string>;
  readonly stdout: string;
  readonly stderr: string;
  readonly seconds: number;
}

/**
 * Runs the whole rollout of `clusterDir` with gitlab-ci-local: a git repository of the cluster
 * whose newest commit is `message`, the parent pipeline above, stub `grove`/`terraform` first on
 * PATH and this checkout's build vendored as `.grove/grove-pipelines.cjs`. The orchestrator's
 * generator job gets the directives from its own YAML variables, as in GitLab.
 *
 * Unlike the e2e harness, jobs share the repository folder (no `--shell-isolation`): copying a
 * repository of thousands of instance folders for each of thousands of jobs would dominate the
 * run, and no job here writes into the folder except the generators' own output files.
 */
export function runShardedRollout(
  clusterDir: string,
  message: string,
  timeoutMs: number,
): RolloutRun {
  const repo = makeClusterRepo(clusterDir, message, {
    ".gitlab-ci.yml": PARENT_PIPELINE,
    [VENDORED_COMMAND]: vendoredCommand(),
  });
  const binDir = fs.mkdtempSync(path.join(os.tmpdir(), "grove-scale-bin-"));
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "grove-scale-home-"));
  try {
    const stubs = writeStubs(binDir);
    // The vendored command runs with the Node.js running the tests.
    fs.symlinkSync(process.execPath, path.join(binDir, "node"));
    const started = Date.now();
    const result = spawnSync(
      GITLAB_CI_LOCAL,
      [
        ...gitlabCiLocalArgs(home, { shellIsolation: false }),
        // gitlab-ci-local's own CI_COMMIT_MESSAGE is a fixed text; the parent reads this one.
        "--variable",
        `CI_COMMIT_MESSAGE=${message}`,
      ],
      {
        cwd: repo,
        env: { ...process.env, ...stubs.env, GROVE_STUB_FAIL: "" },
        encoding: "utf8",
        maxBuffer: 512 * 1024 * 1024,
        timeout: timeoutMs,
      },
    );
    const seconds = (Date.now() - started) / 1000;
    if (result.error !== undefined) throw result.error;
    return {
      exitCode: result.status,
      jobs: parseJobResults(result.stdout),
      calls: readStubLog(stubs.logFile),
      files: artifactFiles(path.join(repo, ".gitlab-ci-local", "artifacts")),
      stdout: result.stdout,
      stderr: result.stderr,
      seconds,
    };
  } finally {
    fs.rmSync(repo, { recursive: true, force: true });
    fs.rmSync(binDir, { recursive: true, force: true });
    fs.rmSync(home, { recursive: true, force: true });
  }
}

/** Every `.yml` file among the jobs' artifacts, by file name. */
function artifactFiles(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  if (!fs.existsSync(dir)) return files;
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith(".yml")) {
      files.set(entry.name, fs.readFileSync(path.join(entry.parentPath, entry.name), "utf8"));
    }
  }
  return files;
}
