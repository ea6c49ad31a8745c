import yaml from "js-yaml";
import type { Plan, PlanJob } from "../plan/plan.js";
import { BUILTIN_TEMPLATES } from "../repo/templates.js";
import { DUMP_OPTIONS, GENERATED_HEADER, renderJob } from "./gitlabRenderer.js";
import { jobBytesBound } from "./jobBytesBound.js";
import type { RenderOptions } from "./renderer.js";
import type { YamlValue } from "./yamlValue.js";

/**
 * How many bytes the pipeline file of a part of a plan takes, as the sum of a fixed part and one
 * term per job: js-yaml writes the entries of a top-level mapping one after the other, each the
 * same whatever its neighbours, so a file's jobs add up.
 */
export interface ShardMeasure {
  /** Bytes of a file of any part of the plan besides its jobs (an upper bound). */
  readonly fixed: number;
  /** A cheap upper bound of one job's entry, without serializing it (then remembered). */
  bound(job: PlanJob): number;
  /** The exact bytes of one job's entry (serialized once, then remembered). */
  exact(job: PlanJob): number;
}

/**
 * The measure of the files `gitlabRenderer` writes for parts of `plan` with `options`. The fixed
 * part is exact for the whole set of the plan's stages and every template, which is at least what
 * any part of the plan copies.
 */
export function shardMeasure(plan: Plan, options: RenderOptions): ShardMeasure {
  const templates = options.templates ?? BUILTIN_TEMPLATES;
  const entries: [string, YamlValue][] = [["stages", [...plan.stages]]];
  if (options.image !== undefined && options.image !== null) {
    entries.push(["default", { image: options.image }]);
  }
  for (const [name, template] of templates.jobs) entries.push([name, template]);
  const fixed = Buffer.byteLength(
    GENERATED_HEADER + yaml.dump(Object.fromEntries(entries), DUMP_OPTIONS),
    "utf8",
  );
  const boundBytes = new Map<PlanJob, number>();
  const exactBytes = new Map<PlanJob, number>();
  return {
    fixed,
    bound(job) {
      let bytes = boundBytes.get(job);
      if (bytes === undefined) {
        bytes = jobBytesBound(job, options);
        boundBytes.set(job, bytes);
      }
      return bytes;
    },
    exact(job) {
      let bytes = exactBytes.get(job);
      if (bytes === undefined) {
        const text = yaml.dump(
          Object.fromEntries([[job.name, renderJob(job, options)]]),
          DUMP_OPTIONS,
        );
        bytes = Buffer.byteLength(text, "utf8");
        exactBytes.set(job, bytes);
      }
      return bytes;
    },
  };
}
