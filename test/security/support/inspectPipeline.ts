import yaml from "js-yaml";
import { withTerraformInline } from "../../support/terraformLock.js";

/** Top-level keys of a GitLab CI file that are not jobs. */
const KEYWORDS = new Set([
  "stages",
  "default",
  "variables",
  "include",
  "workflow",
  "image",
  "services",
  "cache",
  "before_script",
  "after_script",
]);
const SCRIPT_KEYS = new Set(["script", "before_script", "after_script"]);

export interface GeneratedJob {
  readonly name: string;
  /** INSTANCE_NAME of the job, or null when it has none. */
  readonly instance: string | null;
  readonly variables: Readonly<Record<string, string>>;
  /** Whether every variable is written `{value, expand: false}`. */
  readonly literalVariables: boolean;
}

export interface PipelineFacts {
  readonly jobs: readonly GeneratedJob[];
  /** Every script, before_script and after_script line anywhere in the file (templates too). */
  readonly scriptLines: readonly string[];
}

function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function collectScripts(node: unknown, into: string[]): void {
  if (Array.isArray(node)) {
    for (const item of node) collectScripts(item, into);
    return;
  }
  if (!isMapping(node)) return;
  for (const [key, value] of Object.entries(node)) {
    if (SCRIPT_KEYS.has(key)) {
      // GitLab allows nested lists of lines; a single string is one line.
      const lines = (Array.isArray(value) ? value.flat(Infinity) : [value]).map(String);
      into.push(...lines);
    } else {
      collectScripts(value, into);
    }
  }
}

/**
 * Parses a generated pipeline and lists its jobs and every script line in it, those of the
 * Terraform pipeline it carries included (in place of the jobs that write and trigger it).
 */
export function inspectPipeline(text: string): PipelineFacts {
  const parsed = yaml.load(text);
  if (!isMapping(parsed)) throw new Error("the generated pipeline is not a YAML mapping");
  const doc = withTerraformInline(parsed);
  const jobs: GeneratedJob[] = [];
  for (const [name, job] of Object.entries(doc)) {
    if (KEYWORDS.has(name) || name.startsWith(".") || !isMapping(job)) continue;
    const variables: Record<string, string> = {};
    let literal = true;
    for (const [key, raw] of Object.entries(isMapping(job.variables) ? job.variables : {})) {
      if (isMapping(raw) && typeof raw.value === "string") {
        variables[key] = raw.value;
        literal &&= raw.expand === false;
      } else {
        variables[key] = String(raw);
        literal = false;
      }
    }
    jobs.push({
      name,
      instance: variables.INSTANCE_NAME ?? null,
      variables,
      literalVariables: literal,
    });
  }
  const scriptLines: string[] = [];
  collectScripts(doc, scriptLines);
  return { jobs, scriptLines };
}
