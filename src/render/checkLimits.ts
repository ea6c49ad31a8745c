import { error } from "../diagnostic.js";
import type { Diagnostic } from "../diagnostic.js";
import type { Settings } from "../repo/settings.js";

/** A job as the generated pipeline has it: its name and its `needs:` (null when it has none). */
export interface JobShape {
  readonly name: string;
  readonly needs: readonly string[] | null;
}

/** GitLab's fixed limit on job names; unlike the others it has no setting. */
export const MAX_JOB_NAME_LENGTH = 255;

/**
 * Checks a generated pipeline against GitLab's limits (settings `limits`) before GitLab refuses
 * it: `yamlText` is the file as written, `jobs` its visible jobs in order. Returns every problem;
 * an empty list means the pipeline fits.
 */
export function checkLimits(
  yamlText: string,
  jobs: readonly JobShape[],
  limits: Settings["limits"],
): Diagnostic[] {
  const problems: Diagnostic[] = [];
  if (jobs.length > limits.maxJobsPerPipeline) {
    problems.push(
      error(
        "limit-exceeded",
        `The generated pipeline has ${jobs.length} jobs; at most ${limits.maxJobsPerPipeline} are allowed (setting limits.maxJobsPerPipeline)`,
        { keyPath: "limits.maxJobsPerPipeline" },
      ),
    );
  }
  const bytes = Buffer.byteLength(yamlText, "utf8");
  if (bytes > limits.maxYamlBytes) {
    problems.push(
      error(
        "limit-exceeded",
        `The generated pipeline is ${bytes} bytes of YAML; at most ${limits.maxYamlBytes} are allowed (setting limits.maxYamlBytes)`,
        { keyPath: "limits.maxYamlBytes" },
      ),
    );
  }
  const seen = new Set<string>();
  for (const job of jobs) {
    if (job.needs !== null && job.needs.length > limits.maxNeedsPerJob) {
      problems.push(
        error(
          "limit-exceeded",
          `Job ${shorten(job.name)} needs ${job.needs.length} jobs; at most ${limits.maxNeedsPerJob} are allowed (setting limits.maxNeedsPerJob)`,
          { keyPath: "limits.maxNeedsPerJob" },
        ),
      );
    }
    if (job.name.length > MAX_JOB_NAME_LENGTH) {
      problems.push(
        error(
          "limit-exceeded",
          `Job name ${shorten(job.name)} is ${job.name.length} characters long; GitLab allows at most ${MAX_JOB_NAME_LENGTH}`,
        ),
      );
    }
    if (seen.has(job.name)) {
      problems.push(
        error(
          "duplicate-job",
          `Job name ${shorten(job.name)} is used twice; GitLab job names must be unique`,
        ),
      );
    }
    seen.add(job.name);
  }
  return problems;
}

/** Keeps messages one short line even for an absurdly long job name. */
function shorten(name: string): string {
  return name.length > 60 ? `${name.slice(0, 57)}...` : name;
}
