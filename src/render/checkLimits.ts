import { error, fail, ok } from "../diagnostic.js";
import type { Diagnostic, Result } from "../diagnostic.js";
import { MAX_JOB_NAME_LENGTH } from "../plan/plan.js";
import type { AnyPlanJob, JobKind, Plan, PlanJob } from "../plan/plan.js";
import type { Settings } from "../repo/settings.js";
import { gitlabRenderer, renderedNeeds, renderedVariables } from "./gitlabRenderer.js";
import { pipelineJobs } from "./previewPipeline.js";
import type { RenderOptions } from "./gitlabRenderer.js";
import { templateNameFor } from "../repo/templates.js";
import { lockedPipeline, terraformLockShapes } from "./terraformLock.js";

/*
 * GitLab's limits (settings `limits`): a generated pipeline is checked against them before GitLab
 * can refuse it, and a job's bytes can be bounded without writing it, so that sharding a batch
 * knows cheaply whether a file stays under `limits.maxYamlBytes`.
 */

type Limits = Settings["limits"];

/** A job as the generated pipeline has it: its name and its `needs:` (null when it has none). */
export interface JobShape {
  readonly name: string;
  readonly needs: readonly string[] | null;
}

/**
 * The GitLab child pipeline of a plan, or `limit-exceeded` diagnostics when GitLab would refuse
 * it (a caller with a batch plan can then try `shardPlan`).
 */
export function renderPipeline(plan: Plan, options: RenderOptions, limits: Limits): Result<string> {
  const text = gitlabRenderer.render(plan, options);
  const problems = checkLimits(text, pipelineShapes(plan, options), limits);
  return problems.length > 0 ? fail(problems) : ok(text);
}

/**
 * The jobs of the file `gitlabRenderer` writes for a plan. The Terraform pipeline it carries needs
 * no check of its own: it has two jobs, and its text is part of this file's (as a variable).
 */
function pipelineShapes(plan: Plan, options: RenderOptions): JobShape[] {
  const pipeline = pipelineJobs(plan, options);
  const locked = lockedPipeline(pipeline);
  const shape = (job: AnyPlanJob): JobShape => ({ name: job.name, needs: renderedNeeds(job) });
  if (locked === null) return pipeline.jobs.map(shape);
  return [...terraformLockShapes(), ...locked.rest.jobs.map(shape)];
}

/**
 * Checks a generated pipeline against GitLab's limits: `yamlText` is the file as written, `jobs`
 * its visible jobs in order. Returns every problem; an empty list means the pipeline fits.
 */
export function checkLimits(
  yamlText: string,
  jobs: readonly JobShape[],
  limits: Limits,
): Diagnostic[] {
  const problems: Diagnostic[] = [];
  const over = (setting: keyof Limits, found: string): void => {
    const keyPath = `limits.${setting}`;
    const message = `${found}; at most ${limits[setting]} are allowed (setting ${keyPath})`;
    problems.push(error("limit-exceeded", message, { keyPath }));
  };
  if (jobs.length > limits.maxJobsPerPipeline) {
    over("maxJobsPerPipeline", `The generated pipeline has ${jobs.length} jobs`);
  }
  const bytes = Buffer.byteLength(yamlText, "utf8");
  if (bytes > limits.maxYamlBytes) {
    over("maxYamlBytes", `The generated pipeline is ${bytes} bytes of YAML`);
  }
  const seen = new Set<string>();
  for (const job of jobs) {
    if (job.needs !== null && job.needs.length > limits.maxNeedsPerJob) {
      over("maxNeedsPerJob", `Job ${shorten(job.name)} needs ${job.needs.length} jobs`);
    }
    // GitLab's fixed limit on job names; unlike the others it has no setting.
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

/*
 * Byte bounds: an upper bound of the bytes js-yaml's `dump` writes for a value with DUMP_OPTIONS
 * (block style, indent 2, no line folding), computed without serializing. Serializing every job
 * of a batch of thousands to find out took seconds, while nearly every job is far below any byte
 * limit.
 *
 * The bound charges every scalar (key or value) one whole line of its own at its depth: the
 * indentation, a `- ` or `: ` separator and the newline, generously. Real block YAML puts a key
 * and its scalar value on one line and the first entry of a mapping in a list after `- `, so it
 * never needs more.
 */

/**
 * Indentation (2 per level), a `- ` or `: ` separator (and up to one more `- ` per level for
 * lists directly inside lists) and the newline.
 */
function lineCost(depth: number): number {
  return 4 * depth + 4;
}

/** Upper bound of a string scalar's own text (quotes and escapes included) at `depth`. */
export function scalarBytesBound(text: string, depth: number): number {
  // Printable ASCII on one line is written plain, or single-quoted with each `'` doubled. (One
  // pass over the characters: this runs for every scalar of every job of a batch.)
  let quotes = 0;
  let printable = true;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 0x27) quotes += 1;
    else if (c < 0x20 || c > 0x7e) {
      printable = false;
      break;
    }
  }
  if (printable) return text.length + 2 + quotes;
  // Anything else is double-quoted (at most 6 bytes per UTF-16 unit: `\uXXXX`; 3 in UTF-8; 10
  // for the `\UXXXXXXXX` of a surrogate pair) or a literal block (`|-` header, then each line
  // indented). Take the larger of both.
  let lines = 1;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) lines += 1;
  return 6 + 6 * text.length + lines * (2 * depth + 5);
}

/**
 * A mapping key: never a block scalar; a key over 1024 characters is written as an explicit
 * `? key` pair, which costs one more line.
 */
export function keyBytesBound(key: string, depth: number): number {
  const explicit = key.length > 1000 ? lineCost(depth) : 0;
  return scalarBytesBound(key, depth) + lineCost(depth) + explicit;
}

/**
 * Room for a few short keys `renderJob` may gain one day; checkLimits.test.ts compares this
 * bound with the generic bound (every scalar a line of its own) of what renderJob really writes,
 * for every kind of job.
 */
const SLACK = 160;

/** `key: scalar` at `depth`. */
function scalarEntry(key: string, value: string, depth: number): number {
  return keyBytesBound(key, depth) + scalarBytesBound(value, depth) + lineCost(depth);
}

/**
 * `compute`, remembering each answer. A batch asks for the bounds of every one of its thousands
 * of jobs, most of which repeat the same few strings (template names, stages, variable names).
 */
export function remembered<K>(compute: (key: K) => number): (key: K) => number {
  const known = new Map<K, number>();
  return (key) => {
    let bytes = known.get(key);
    if (bytes === undefined) {
      bytes = compute(key);
      known.set(key, bytes);
    }
    return bytes;
  };
}

const extendsEntry = remembered((kind: JobKind) =>
  scalarEntry("extends", templateNameFor(kind), 1),
);
const stageEntry = remembered((stage: string) => scalarEntry("stage", stage, 1));
const variableKey = remembered((name: string) => keyBytesBound(name, 2));
const NEEDS_KEY = keyBytesBound("needs", 1);
const DEPENDENCIES_KEY = keyBytesBound("dependencies", 1);
const VARIABLES_KEY = keyBytesBound("variables", 1);
const VALUE_KEY = keyBytesBound("value", 3) + lineCost(3);
const EXPAND_FALSE = scalarEntry("expand", "false", 3);
const ENVIRONMENT_KEY = keyBytesBound("environment", 1);
const RESOURCE_GROUP_KEY = keyBytesBound("resource_group", 1) + lineCost(1);
const TERRAFORM_GROUP = scalarEntry("resource_group", "terraform", 1);
// The longest action renderJob writes (`stop`, `verify`).
const ACTION = scalarEntry("action", "verify", 2);
const NAME_KEY = keyBytesBound("name", 2) + lineCost(2);
const MANUAL = scalarEntry("when", "manual", 1) + scalarEntry("allow_failure", "false", 1);
// What `instance-` adds to a scalar's bound, written plain (9) or escaped (up to 6 per character).
const INSTANCE_PREFIX = 6 * "instance-".length;

/**
 * An upper bound of the bytes of a job's entry as `renderJob` writes it (the generic bound of its
 * mapping), computed from the plan job without building that mapping: sharding thousands of jobs
 * asks for every job's bound, and building each job's mapping only to measure it took as long as
 * reading a thousand instance files.
 */
export function jobBytesBound(job: PlanJob, options: RenderOptions): number {
  let bytes = keyBytesBound(job.name, 0) + SLACK;
  bytes += extendsEntry(job.kind);
  bytes += stageEntry(job.stage);
  const needs = renderedNeeds(job);
  bytes += (needs === null ? DEPENDENCIES_KEY : NEEDS_KEY) + 16;
  for (const need of needs ?? []) bytes += scalarBytesBound(need, 2) + 12;
  bytes += VARIABLES_KEY;
  for (const [name, value] of Object.entries(renderedVariables(job))) {
    bytes += variableKey(name) + VALUE_KEY + scalarBytesBound(value, 3) + EXPAND_FALSE;
  }
  if (job.instance !== null) {
    // resource_group: instance-<name>; environment: {name: <name>, action: verify}.
    const instance = scalarBytesBound(job.instance, 2);
    bytes += RESOURCE_GROUP_KEY + instance + INSTANCE_PREFIX;
    bytes += ENVIRONMENT_KEY + NAME_KEY + instance + ACTION;
  } else {
    bytes += TERRAFORM_GROUP;
  }
  if (job.environment !== undefined) {
    // environment: url and deployment_tier beside its name.
    const { url, tier } = job.environment;
    bytes += scalarEntry("deployment_tier", tier, 2);
    if (url !== null) bytes += scalarEntry("url", url, 2);
  }
  if (Object.values(options.manual).some(Boolean)) bytes += MANUAL;
  if (options.lightImage !== undefined && options.lightImage !== null) {
    bytes += scalarEntry("image", options.lightImage, 1);
  }
  // A wave gate waits for a person or for its bake time (`gateControl`).
  if (job.kind === "wave-gate" && options.waves !== undefined) {
    bytes += MANUAL + scalarEntry("start_in", options.waves.bakeTime ?? "", 1);
  }
  return bytes;
}
