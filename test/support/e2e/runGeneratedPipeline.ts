import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { makeClusterRepo } from "./makeClusterRepo.js";
import { readStubLog } from "./readStubLog.js";
import type { StubCall } from "./readStubLog.js";
import { runGitlabCiLocal } from "./runGitlabCiLocal.js";
import type { GitlabCiLocalRun } from "./runGitlabCiLocal.js";
import { writeCliWrapper } from "./writeCliWrapper.js";
import { writeStubs } from "./writeStubs.js";

/** Name of the parent pipeline's job that triggers the generated child pipeline. */
export const TRIGGER_JOB = "grove-child";

/**
 * A parent pipeline like a cluster repository's: it runs the generated file as a child
 * pipeline and waits for it. (The real parent generates the file first and includes it as an
 * artifact; runExampleCluster runs that one.)
 */
export function parentPipeline(childFile: string): string {
  return [
    "stages: [deploy]",
    `${TRIGGER_JOB}:`,
    "  stage: deploy",
    "  trigger:",
    "    include:",
    `      - local: ${childFile}`,
    "    strategy: depend",
    "",
  ].join("\n");
}

export interface GeneratedPipelineOptions {
  /** The newest commit's message; `Generated pipeline` when absent. */
  readonly commitMessage?: string;
  /** Job names whose stub calls fail (GROVE_STUB_FAIL). */
  readonly failJobs?: readonly string[];
  /** More files for the repository, e.g. pipelines a generated one includes. */
  readonly extraFiles?: Readonly<Record<string, string>>;
  readonly extraArgs?: readonly string[];
  /**
   * Put this checkout's built `grove-pipelines` on PATH too, for a generated file whose jobs run
   * it (the orchestrator of a sharded batch generates its shards).
   */
  readonly cli?: boolean;
  /** More process environment for the jobs, e.g. GROVE_STUB_TIMES and GROVE_STUB_SLEEP. */
  readonly env?: Readonly<Record<string, string>>;
}

export interface GeneratedPipelineRun extends GitlabCiLocalRun {
  /** What the stubbed `grove`/`terraform` were asked to do, in order. */
  readonly calls: StubCall[];
}

/**
 * Commits `generatedYaml` as `generated.yml` into a copy of the cluster folder `cluster` with a
 * parent pipeline that triggers it, runs the whole thing with gitlab-ci-local and the stubs, and
 * removes everything again.
 */
export function runGeneratedPipeline(
  cluster: string,
  generatedYaml: string,
  options: GeneratedPipelineOptions = {},
): GeneratedPipelineRun {
  const repo = makeClusterRepo(cluster, options.commitMessage ?? "Generated pipeline", {
    ".gitlab-ci.yml": parentPipeline("generated.yml"),
    "generated.yml": generatedYaml,
    ...options.extraFiles,
  });
  const stubDir = fs.mkdtempSync(path.join(os.tmpdir(), "grove-e2e-stubs-"));
  try {
    const stubs = writeStubs(stubDir);
    // The Node.js running the tests runs the CLI too, whatever `node` PATH would find.
    if (options.cli === true) writeCliWrapper(stubDir, process.execPath);
    const run = runGitlabCiLocal(repo, {
      env: {
        ...stubs.env,
        GROVE_STUB_FAIL: (options.failJobs ?? []).join(","),
        ...options.env,
      },
      extraArgs: options.extraArgs ?? [],
    });
    return { ...run, calls: readStubLog(stubs.logFile) };
  } finally {
    fs.rmSync(repo, { recursive: true, force: true });
    fs.rmSync(stubDir, { recursive: true, force: true });
  }
}
