import type { JobKind, PlanJob } from "../plan/plan.js";
import { renderedNeeds } from "./pipelineJobs.js";
import type { RenderOptions } from "./renderer.js";
import { templateNameFor } from "../repo/templates.js";
import { keyBytesBound, scalarBytesBound } from "./yamlBytesBound.js";

/**
 * Room for a few short keys `renderJob` may gain one day; jobBytesBound.test.ts compares this
 * bound with the generic bound of what renderJob really writes, for every kind of job.
 */
const SLACK = 160;

/** `key: scalar` at `depth`. */
function scalarEntry(key: string, value: string, depth: number): number {
  return keyBytesBound(key, depth) + scalarBytesBound(value, depth) + 4 * depth + 4;
}

/**
 * Bounds of the few strings every job repeats (template names, stages, variable names),
 * remembered: a batch asks for the bound of every one of its thousands of jobs, and counting the
 * same short strings again for each showed in the profile.
 */
function remembered<T extends string>(compute: (text: T) => number): (text: T) => number {
  const known = new Map<T, number>();
  return (text) => {
    let bytes = known.get(text);
    if (bytes === undefined) {
      bytes = compute(text);
      known.set(text, bytes);
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
const VALUE_KEY = keyBytesBound("value", 3) + 4 * 3 + 4;
const EXPAND_FALSE = scalarEntry("expand", "false", 3);
const ENVIRONMENT_KEY = keyBytesBound("environment", 1);
const RESOURCE_GROUP_KEY = keyBytesBound("resource_group", 1) + 4 * 1 + 4;
const TERRAFORM_GROUP = scalarEntry("resource_group", "terraform", 1);
const STOP_ACTION = scalarEntry("action", "stop", 2);
const NAME_KEY = keyBytesBound("name", 2) + 4 * 2 + 4;
const MANUAL = scalarEntry("when", "manual", 1) + scalarEntry("allow_failure", "false", 1);
// What `instance-` adds to a scalar's bound, written plain (9) or escaped (up to 6 per character).
const INSTANCE_PREFIX = 6 * "instance-".length;

/** The variables' entries. */
function variablesBound(variables: Readonly<Record<string, string>>): number {
  let bytes = 0;
  for (const name in variables) {
    bytes +=
      variableKey(name) + VALUE_KEY + scalarBytesBound(variables[name] ?? "", 3) + EXPAND_FALSE;
  }
  return bytes;
}

/**
 * An upper bound of the bytes of a job's entry as `renderJob` writes it (`yamlBytesBound` of its
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
  bytes += VARIABLES_KEY + variablesBound(job.variables);
  if (job.kind === "wave-gate" && !Object.hasOwn(job.variables, "WAVE")) {
    bytes += variableKey("WAVE") + VALUE_KEY + scalarBytesBound(String(job.wave), 3) + EXPAND_FALSE;
  }
  if (job.instance !== null) {
    // resource_group: instance-<name>; environment: {name: <name>, action: stop}.
    const instance = scalarBytesBound(job.instance, 2);
    bytes += RESOURCE_GROUP_KEY + instance + INSTANCE_PREFIX;
    bytes += ENVIRONMENT_KEY + NAME_KEY + instance + STOP_ACTION;
  } else {
    bytes += TERRAFORM_GROUP;
  }
  if (options.manual.terraformApply || options.manual.deploy) bytes += MANUAL;
  return bytes;
}
