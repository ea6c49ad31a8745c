import yaml from "js-yaml";

/** A job of a generated pipeline file, as the limit checks see it. */
export interface FileJob {
  readonly name: string;
  readonly needs: readonly string[] | null;
  readonly body: Readonly<Record<string, unknown>>;
}

// Top-level keys of a GitLab CI file that are not jobs.
const GLOBAL_KEYS = new Set(["stages", "default", "variables", "include", "workflow", "image"]);

/** The visible jobs of a pipeline file (hidden `.templates` and global keys left out). */
export function fileJobs(text: string): FileJob[] {
  const doc = yaml.load(text) as Record<string, Record<string, unknown>>;
  return Object.entries(doc)
    .filter(([name]) => !name.startsWith(".") && !GLOBAL_KEYS.has(name))
    .map(([name, body]) => {
      const needs = body["needs"];
      return {
        name,
        needs: Array.isArray(needs)
          ? needs.map((n) => (typeof n === "string" ? n : String((n as { job: string }).job)))
          : null,
        body,
      };
    });
}

/** A value of the generator job's `variables:` (written as `{value, expand: false}`). */
export function jobVariable(job: FileJob, name: string): string | undefined {
  const variables = job.body["variables"] as Record<string, { value: string }> | undefined;
  return variables?.[name]?.value;
}
