import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseJobResults } from "./parseJobResults.js";
import type { JobResult } from "./parseJobResults.js";

export const GITLAB_CI_LOCAL = fileURLToPath(
  new URL("../../../node_modules/.bin/gitlab-ci-local", import.meta.url),
);

export interface GitlabCiLocalOptions {
  /** Added to the process environment (jobs of child pipelines see only this, not --variable). */
  readonly env?: Readonly<Record<string, string>>;
  /** More arguments, e.g. `["--file", "generated.yml", "--list-json"]` or `["--manual", "x"]`. */
  readonly extraArgs?: readonly string[];
  /**
   * For a sharded batch run from its parent pipeline, whose orchestrator fetches the shard files
   * from the parent's generate job (`needs: pipeline`), which gitlab-ci-local 4.70.1 ignores
   * ("pipeline key not supported"). What stands in for GitLab's download: every job runs in
   * the project folder itself (no shell isolation), into which gitlab-ci-local copies each
   * job's artifacts, so the fetching job finds the files where GitLab would put them. The
   * needs entry itself is checked by gitlab-ci-local's schema validation and by a unit test of
   * GitLab's documented form (renderOrchestrator.test.ts).
   */
  readonly parentArtifacts?: boolean;
}

export interface GitlabCiLocalRun {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** From the PASS/FAIL summaries; see `parseJobResults`. */
  readonly jobs: JobResult[];
}

/**
 * The options every run of gitlab-ci-local here starts with: settings in `home`, the shell
 * executor, plain output. `shellIsolation` gives each job its own copy of the tracked files.
 */
export function gitlabCiLocalArgs(
  home: string,
  opts: { shellIsolation: boolean; artifactsToSource?: boolean },
): string[] {
  return [
    "--home",
    home,
    "--no-color",
    ...(opts.shellIsolation ? ["--shell-isolation"] : []),
    "--force-shell-executor",
    // GitLab never copies artifacts back into the repository; neither should the stand-in,
    // unless it stands in for a download it does not do (see `parentArtifacts`).
    ...(opts.artifactsToSource === true ? [] : ["--no-artifacts-to-source"]),
    "--max-job-name-padding",
    "0",
    // Child pipelines get CI_PIPELINE_SOURCE set by gitlab-ci-local itself; not our doing.
    "--ignore-predefined-vars",
    "CI_PIPELINE_SOURCE",
  ];
}

/**
 * Runs gitlab-ci-local on a repository (see `makeClusterRepo`) with the shell executor: every
 * job runs on this machine, each in its own copy of the tracked files with artifacts passed the
 * GitLab way (`--shell-isolation`). Its settings home is a fresh folder, so the user's
 * ~/.gitlab-ci-local variables never leak in. State stays in the repository's
 * `.gitlab-ci-local/` folder.
 *
 * A job with an `image:` runs in the shell too (`--force-shell-executor`: there is no Docker
 * daemon to rely on), but gitlab-ci-local still gives it CI_PROJECT_DIR=/builds/<group>/<project>,
 * a folder that does not exist; render pipelines to run without an image.
 */
export function runGitlabCiLocal(
  repoDir: string,
  options: GitlabCiLocalOptions = {},
): GitlabCiLocalRun {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "grove-e2e-gcl-home-"));
  try {
    // Run from the repository itself: gitlab-ci-local refuses an absolute --cwd.
    const args = [
      ...gitlabCiLocalArgs(
        home,
        options.parentArtifacts === true
          ? { shellIsolation: false, artifactsToSource: true }
          : { shellIsolation: true },
      ),
      ...(options.extraArgs ?? []),
    ];
    const result = spawnSync(GITLAB_CI_LOCAL, args, {
      cwd: repoDir,
      env: { ...process.env, ...options.env },
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
      // A hung run must fail the test rather than the whole suite's time budget.
      timeout: 110_000,
    });
    if (result.error !== undefined) throw result.error;
    return {
      exitCode: result.status,
      stdout: result.stdout,
      stderr: result.stderr,
      jobs: parseJobResults(result.stdout),
    };
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}
