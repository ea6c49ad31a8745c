import yaml from "js-yaml";

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * A copy of a GitLab CI file (or of grove-pipelines.yml) without `image:` keys, at the top level
 * and in every top-level mapping (jobs, `default`). gitlab-ci-local has no Docker here and runs
 * every job in the shell; for a job with an image it still points CI_PROJECT_DIR at a
 * nonexistent /builds/... folder, so files a job writes there (the Terraform plan) go nowhere.
 * Comments are lost: the copy is for running, not for reading.
 */
export function stripImages(text: string): string {
  const document: unknown = yaml.load(text);
  if (!isMapping(document)) throw new Error("stripImages: the file is not a YAML mapping");
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(document)) {
    if (key === "image") continue;
    if (isMapping(value)) {
      const job = { ...value };
      delete job["image"];
      copy[key] = job;
    } else {
      copy[key] = value;
    }
  }
  return yaml.dump(copy, { lineWidth: -1, noRefs: true });
}
