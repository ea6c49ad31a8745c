import fs from "node:fs";
import os from "node:os";
import path from "node:path";
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

/**
 * A copy of a cluster folder in a fresh temporary folder, its grove-pipelines.yml (when it has
 * one) without `image:`, so the pipelines generated from it run in gitlab-ci-local's shell with
 * a real CI_PROJECT_DIR (see stripImages). The caller removes it.
 */
export function copyWithoutImages(cluster: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "grove-e2e-cluster-"));
  fs.cpSync(cluster, dir, { recursive: true });
  const settings = path.join(dir, "grove-pipelines.yml");
  if (fs.existsSync(settings)) {
    fs.writeFileSync(settings, stripImages(fs.readFileSync(settings, "utf8")));
  }
  return dir;
}
