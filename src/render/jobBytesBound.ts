import type { PlanJob } from "../plan/plan.js";
import { renderedNeeds } from "./pipelineJobs.js";
import type { RenderOptions } from "./renderer.js";
import { templateNameFor } from "./templateNames.js";
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
 * An upper bound of the bytes of a job's entry as `renderJob` writes it (`yamlBytesBound` of its
 * mapping), computed from the plan job without building that mapping: sharding thousands of jobs
 * asks for every job's bound, and building each job's mapping only to measure it took as long as
 * reading a thousand instance files.
 */
export function jobBytesBound(job: PlanJob, options: RenderOptions): number {
  let bytes = keyBytesBound(job.name, 0) + SLACK;
  bytes += scalarEntry("extends", templateNameFor(job.kind), 1);
  bytes += scalarEntry("stage", job.stage, 1);
  const needs = renderedNeeds(job);
  bytes += keyBytesBound(needs === null ? "dependencies" : "needs", 1) + 16;
  for (const need of needs ?? []) bytes += scalarBytesBound(need, 2) + 12;
  bytes += keyBytesBound("variables", 1);
  let hasWave = false;
  for (const name in job.variables) {
    const value = job.variables[name] ?? "";
    if (name === "WAVE") hasWave = true;
    bytes +=
      keyBytesBound(name, 2) + scalarEntry("value", value, 3) + scalarEntry("expand", "false", 3);
  }
  if (job.kind === "wave-gate" && !hasWave) {
    bytes +=
      keyBytesBound("WAVE", 2) +
      scalarEntry("value", String(job.wave), 3) +
      scalarEntry("expand", "false", 3);
  }
  if (job.instance !== null) {
    // resource_group: instance-<name>; environment: {name: <name>, action: stop}.
    bytes += scalarEntry("resource_group", `instance-${job.instance}`, 1);
    bytes +=
      keyBytesBound("environment", 1) +
      scalarEntry("name", job.instance, 2) +
      scalarEntry("action", "stop", 2);
  } else {
    bytes += scalarEntry("resource_group", "terraform", 1);
  }
  if (options.manual.terraformApply || options.manual.deploy) {
    bytes += scalarEntry("when", "manual", 1) + scalarEntry("allow_failure", "false", 1);
  }
  return bytes;
}
