import { z } from "zod";
import { runGitlabCiLocal } from "./runGitlabCiLocal.js";

const listedJobs = z.array(
  z.object({
    name: z.string(),
    stage: z.string(),
    when: z.string(),
    allow_failure: z.boolean(),
    needs: z.array(z.object({ job: z.string() })).optional(),
  }),
);

/** A job as gitlab-ci-local understood it; `needs` is null when the job has no `needs:`. */
export interface ListedJob {
  readonly name: string;
  readonly stage: string;
  readonly when: string;
  readonly allowFailure: boolean;
  readonly needs: readonly string[] | null;
}

export type ListResult =
  | { readonly valid: true; readonly jobs: readonly ListedJob[] }
  | { readonly valid: false; readonly stderr: string };

/**
 * Has gitlab-ci-local check a pipeline file of the repository (`file` is relative to it) and
 * list its jobs, without running any. Its checks: GitLab's CI JSON schema (the `ci.json` GitLab
 * ships, which gitlab-ci-local bundles) applied to the file after `extends` and `default` are
 * expanded, then its own (every job has a script, needs name existing jobs of no later stage,
 * stages exist). Any failure makes it exit non-zero with the reasons on stderr.
 */
export function listPipelineJobs(repoDir: string, file: string): ListResult {
  const run = runGitlabCiLocal(repoDir, { extraArgs: ["--file", file, "--list-json"] });
  if (run.exitCode !== 0) return { valid: false, stderr: run.stderr };
  const jobs = listedJobs.parse(JSON.parse(run.stdout)).map((job) => ({
    name: job.name,
    stage: job.stage,
    when: job.when,
    allowFailure: job.allow_failure,
    needs: job.needs === undefined ? null : job.needs.map((n) => n.job),
  }));
  return { valid: true, jobs };
}
