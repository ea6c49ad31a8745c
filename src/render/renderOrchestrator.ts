import yaml from "js-yaml";
import { InternalError } from "../errors.js";
import type { JobShape } from "./checkLimits.js";
import { DUMP_OPTIONS, GENERATED_HEADER } from "./gitlabRenderer.js";
import { literalVariables } from "./literalVariables.js";
import { shellQuote } from "./shellQuote.js";
import type { YamlMapping, YamlValue } from "./yamlValue.js";

/** The job that writes every shard file; a plain name, as artifact includes refer to it. */
export const SHARD_GENERATOR_JOB = "generate-shards";

export function shardFileName(shard: number): string {
  return `shard-${shard}.yml`;
}

export interface OrchestratorOptions {
  /** Image of the generator job (settings `image`); the runner's default when null or absent. */
  readonly image?: string | null;
  /**
   * The argv that writes shard `shard` (1-based) to `outputFile`, e.g.
   * `["grove-pipelines", "generate", "--shard", "2", "--output", "shard-2.yml"]`. Each argument
   * is quoted for the shell, so none is ever expanded or split; never put message text here.
   */
  readonly generatorCommand: (shard: number, outputFile: string) => readonly string[];
  /**
   * Variables of the generator job, written literally (`expand: false`): how the shard generator
   * learns which directives to re-plan without any of them reaching a script line.
   */
  readonly variables?: Readonly<Record<string, string>>;
}

/**
 * The child pipeline that runs a sharded batch: one job generates every shard file (kept as
 * artifacts), then one trigger job per shard runs it as a grandchild pipeline. Shard K+1 starts
 * only after shard K's pipeline succeeded: each trigger waits for its pipeline
 * (`strategy: depend`), needs the trigger before it, and sits in a later stage.
 */
export function renderOrchestrator(shardCount: number, options: OrchestratorOptions): string {
  if (!Number.isInteger(shardCount) || shardCount < 1) {
    throw new InternalError(`shard count must be a positive integer, got ${shardCount}`);
  }
  const shards = Array.from({ length: shardCount }, (_, i) => i + 1);
  const generator: [string, YamlValue][] = [["stage", "generate"]];
  // On the job, not under `default:`, which trigger jobs must not inherit.
  if (options.image !== undefined && options.image !== null) {
    generator.push(["image", options.image]);
  }
  generator.push(["needs", []]);
  if (options.variables !== undefined) {
    generator.push(["variables", literalVariables(options.variables)]);
  }
  generator.push(
    [
      "script",
      shards.map((k) => options.generatorCommand(k, shardFileName(k)).map(shellQuote).join(" ")),
    ],
    ["artifacts", { paths: shards.map(shardFileName), expire_in: "1 week" }],
  );

  const entries: [string, YamlValue][] = [
    ["stages", ["generate", ...shards.map(stageOf)]],
    [SHARD_GENERATOR_JOB, Object.fromEntries(generator)],
  ];
  for (const k of shards) {
    const trigger: YamlMapping = {
      stage: stageOf(k),
      needs: triggerNeeds(k),
      trigger: {
        include: [{ artifact: shardFileName(k), job: SHARD_GENERATOR_JOB }],
        strategy: "depend",
      },
    };
    entries.push([stageOf(k), trigger]);
  }
  return GENERATED_HEADER + yaml.dump(Object.fromEntries(entries), DUMP_OPTIONS);
}

/** The jobs `renderOrchestrator` writes, for `checkLimits`. */
export function orchestratorJobs(shardCount: number): JobShape[] {
  const triggers = Array.from({ length: shardCount }, (_, i) => ({
    name: stageOf(i + 1),
    needs: triggerNeeds(i + 1),
  }));
  return [{ name: SHARD_GENERATOR_JOB, needs: [] }, ...triggers];
}

function triggerNeeds(shard: number): string[] {
  return shard === 1 ? [SHARD_GENERATOR_JOB] : [SHARD_GENERATOR_JOB, stageOf(shard - 1)];
}

/** Stage and trigger job name of a shard. */
function stageOf(shard: number): string {
  return `shard-${shard}`;
}
