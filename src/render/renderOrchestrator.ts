import yaml from "js-yaml";
import { InternalError } from "../errors.js";
import type { JobShape } from "./checkLimits.js";
import { DUMP_OPTIONS, GENERATED_HEADER, literalVariables } from "./gitlabRenderer.js";
import { TERRAFORM_FILE, TERRAFORM_TRIGGER_JOB, terraformTrigger } from "./terraformLock.js";
import type { YamlMapping, YamlValue } from "./yamlValue.js";

/** The job that writes every shard file; a plain name, as artifact includes refer to it. */
export const SHARD_GENERATOR_JOB = "generate-shards";

/** Where `init --vendor` puts the single-file command in a cluster repository. */
export const VENDORED_COMMAND = ".grove/grove-pipelines.cjs";

/** npm's public registry, which `--registry npm` names. */
export const NPM_REGISTRY = "https://registry.npmjs.org/";

/**
 * Where a CI job gets grove-pipelines from: the file vendored into the cluster repository (run
 * with `node`), or a pinned version installed from a registry: `npm`, `gitlab` (the GitLab
 * project's own package registry, read with the job's token) or the URL of another npm registry.
 * The parent's generate job and the shard generator job both run it this one way, so no job ever
 * calls a command that nothing installed.
 */
export type GeneratorSource =
  | { readonly kind: "vendored" }
  | { readonly kind: "registry"; readonly registry: string; readonly version: string };

/** Whether `text` names a registry a generator can be installed from (see GeneratorSource). */
export function isRegistry(text: string): boolean {
  return (
    text === "npm" ||
    text === "gitlab" ||
    /^https?:\/\/[A-Za-z0-9.-]+(:[0-9]{1,5})?(\/[A-Za-z0-9._~%@+/-]*)?$/.test(text)
  );
}

/**
 * The script lines of a job that runs grove-pipelines once per entry of `runs` (its arguments),
 * installing it first when it comes from a registry. Every argument is quoted for the shell, so
 * none is ever expanded or split; never put message text here.
 */
export function generatorScript(
  source: GeneratorSource,
  runs: readonly (readonly string[])[],
): string[] {
  const command = source.kind === "vendored" ? ["node", VENDORED_COMMAND] : ["grove-pipelines"];
  const install = source.kind === "vendored" ? [] : installLines(source.registry, source.version);
  return [...install, ...runs.map((args) => [...command, ...args].map(shellQuote).join(" "))];
}

function installLines(registry: string, version: string): string[] {
  const npm = `npm install --global --no-audit --no-fund`;
  const pkg = `grove-pipelines@${version}`;
  if (!isRegistry(registry)) throw new InternalError(`not a registry: ${registry}`);
  if (registry !== "gitlab") {
    const url = registry === "npm" ? NPM_REGISTRY : registry;
    return [`${npm} ${shellQuote(`--registry=${url}`)} ${pkg}`];
  }
  // The token goes into the job's own npm configuration as the text `${CI_JOB_TOKEN}`, which npm
  // reads from the environment when it needs it, so the token itself is never written to a file.
  const project = "${CI_PROJECT_ID}/packages/npm/";
  return [
    `printf '%s:_authToken=\${CI_JOB_TOKEN}\\n' "\${CI_API_V4_URL#*:}/projects/${project}" > .grove-npmrc`,
    `${npm} --userconfig=.grove-npmrc --registry="\${CI_API_V4_URL}/projects/${project}" ${pkg}`,
  ];
}

export function shardFileName(shard: number): string {
  return `shard-${shard}.yml`;
}

export interface OrchestratorOptions {
  /** Image of the generator job: settings `generatorImage`, as for the parent's generate job. */
  readonly image: string;
  /** Where the generator job gets grove-pipelines from: as the parent's generate job did. */
  readonly generator: GeneratorSource;
  /**
   * Variables of the generator job, written literally (`expand: false`): how the shard generator
   * learns which directives to re-plan without any of them reaching a script line.
   */
  readonly variables?: Readonly<Record<string, string>>;
  /**
   * Whether the batch has Terraform work: the orchestrator then runs its Terraform pipeline
   * (the generator writes it too) before shard 1, under the Terraform lock (terraformLock.ts).
   */
  readonly terraform?: boolean;
}

/** The arguments with which the shard generator job writes every shard file in one run. */
export const ALL_SHARDS_ARGS = ["generate", "--all-shards", "."] as const;

/**
 * The child pipeline that runs a sharded batch: one job generates every shard file in one run of
 * the generator (kept as artifacts), then one trigger job per shard runs it as a grandchild
 * pipeline, after the batch's Terraform pipeline when it has one. Shard K+1 starts
 * only after shard K's pipeline succeeded: each trigger waits for its pipeline
 * (`strategy: depend`), needs the trigger before it, and sits in a later stage.
 */
export function renderOrchestrator(shardCount: number, options: OrchestratorOptions): string {
  if (!Number.isInteger(shardCount) || shardCount < 1) {
    throw new InternalError(`shard count must be a positive integer, got ${shardCount}`);
  }
  const shards = Array.from({ length: shardCount }, (_, i) => i + 1);
  const terraform = options.terraform ?? false;
  // The image on the job, not under `default:`, which trigger jobs must not inherit.
  const generator: [string, YamlValue][] = [
    ["stage", "generate"],
    ["image", options.image],
    ["needs", []],
  ];
  if (options.variables !== undefined) {
    generator.push(["variables", literalVariables(options.variables)]);
  }
  generator.push(
    ["script", generatorScript(options.generator, [ALL_SHARDS_ARGS])],
    ["artifacts", { paths: orchestratorFiles(shardCount, terraform), expire_in: "1 week" }],
  );

  const entries: [string, YamlValue][] = [
    ["stages", ["generate", ...terraformStages(terraform), ...shards.map(stageOf)]],
    [SHARD_GENERATOR_JOB, Object.fromEntries(generator)],
    ...terraformJobs(terraform),
  ];
  for (const k of shards) {
    const trigger: YamlMapping = {
      stage: stageOf(k),
      needs: triggerNeeds(k, terraform),
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
export function orchestratorJobs(shardCount: number, terraform = false): JobShape[] {
  const triggers = Array.from({ length: shardCount }, (_, i) => ({
    name: stageOf(i + 1),
    needs: triggerNeeds(i + 1, terraform),
  }));
  const lock = terraform ? [{ name: TERRAFORM_TRIGGER_JOB, needs: [SHARD_GENERATOR_JOB] }] : [];
  return [{ name: SHARD_GENERATOR_JOB, needs: [] }, ...lock, ...triggers];
}

/**
 * The files the generator job writes (`generate --all-shards`) and keeps for the trigger jobs to
 * include: the Terraform pipeline when there is one, then every shard's.
 */
export function orchestratorFiles(shardCount: number, terraform: boolean): string[] {
  const shards = Array.from({ length: shardCount }, (_, i) => shardFileName(i + 1));
  return terraform ? [TERRAFORM_FILE, ...shards] : shards;
}

/** The stage of the trigger that runs the Terraform pipeline, before the shards'. */
function terraformStages(terraform: boolean): string[] {
  return terraform ? [TERRAFORM_TRIGGER_JOB] : [];
}

/** The trigger job that runs the Terraform pipeline under the Terraform lock, when there is one. */
function terraformJobs(terraform: boolean): [string, YamlMapping][] {
  if (!terraform) return [];
  return [[TERRAFORM_TRIGGER_JOB, terraformTrigger(TERRAFORM_TRIGGER_JOB, SHARD_GENERATOR_JOB)]];
}

/** Shard 1 waits for the Terraform pipeline (a created instance's resources must exist). */
function triggerNeeds(shard: number, terraform: boolean): string[] {
  if (shard > 1) return [SHARD_GENERATOR_JOB, stageOf(shard - 1)];
  return terraform ? [SHARD_GENERATOR_JOB, TERRAFORM_TRIGGER_JOB] : [SHARD_GENERATOR_JOB];
}

/** Stage and trigger job name of a shard. */
function stageOf(shard: number): string {
  return `shard-${shard}`;
}

/**
 * One shell word that stands for exactly `arg`: left bare when it holds only characters the
 * shell treats literally, else in POSIX single quotes, inside which `$`, spaces and backquotes
 * mean nothing.
 */
export function shellQuote(arg: string): string {
  if (/^[A-Za-z0-9_./=:,+@%-]+$/.test(arg)) return arg;
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}
