/** How a job ended, from gitlab-ci-local's closing summary. */
export interface JobResult {
  readonly name: string;
  readonly status: "pass" | "fail" | "warn";
  /**
   * The trigger chain that started the job's child pipeline (e.g. `child` or `child -> shard-1`)
   * when gitlab-ci-local prints it. It prints it on PASS lines only: a FAIL line of a child job
   * shows the bare name.
   */
  readonly triggeredBy: string | null;
}

// ` PASS  name`, ` PASS  [trigger] -> name`, ` FAIL  name`, ` WARN  name  pre_script`. Other
// lines starting with ` WARN ` are notices (e.g. "downstream pipeline is experimental"), which
// the required `pre_script`/`after_script` suffix tells apart.
const SUMMARY = /^ (PASS|FAIL) {2}(?:\[(.+)\] -> )?(.+?)\s*$/;
const WARN_SUMMARY = /^ WARN {2}(?:\[(.+)\] -> )?(.+?) {2}(?:pre|after)_script\s*$/;

/**
 * The jobs gitlab-ci-local's summaries list (one summary per pipeline, child pipelines first),
 * in output order. Jobs that never started (a job they need failed) are not listed. Needs
 * output without colours (`--no-color`). gitlab-ci-local exits 0 even when a job of a child
 * pipeline fails, so these lines are the truth.
 */
export function parseJobResults(stdout: string): JobResult[] {
  const results: JobResult[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const summary = SUMMARY.exec(line);
    if (summary !== null) {
      const [, status = "", triggeredBy, name = ""] = summary;
      results.push({
        name,
        status: status === "PASS" ? "pass" : "fail",
        triggeredBy: triggeredBy ?? null,
      });
      continue;
    }
    const warn = WARN_SUMMARY.exec(line);
    if (warn !== null) {
      const [, triggeredBy, name = ""] = warn;
      results.push({ name, status: "warn", triggeredBy: triggeredBy ?? null });
    }
  }
  return results;
}
