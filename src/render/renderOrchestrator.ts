import { InternalError } from "../errors.js";
import type { JobShape } from "./checkLimits.js";
import { emitYaml } from "./emitYaml.js";
import { GENERATED_HEADER } from "./gitlabRenderer.js";
import { TERRAFORM_FILE, TERRAFORM_TRIGGER_JOB, terraformTrigger } from "./terraformLock.js";
import { literalVariables, mappingOf } from "./yamlValue.js";
import type { YamlMapping, YamlValue } from "./yamlValue.js";

/** The job that writes every shard file; a plain name, as artifact includes refer to it. */
export const SHARD_GENERATOR_JOB = "generate-shards";
/** The job that fetches the shard files the parent's generate job wrote. */
export const SHARD_FILES_JOB = "shard-files";

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

/**
 * The parent pipeline's job that planned the batch and kept every shard file in its artifacts
 * (`generate --shards-dir`), which the orchestrator's first job fetches instead of running the
 * generator again.
 */
export interface ParentJob {
  /** The parent pipeline's id (GitLab's CI_PIPELINE_ID in that job). */
  readonly pipeline: string;
  /** The job's name (CI_JOB_NAME). */
  readonly job: string;
  /** The folder of its artifacts holding shard-K.yml, relative to the project folder. */
  readonly dir: string;
}

/**
 * Where the orchestrator's first job gets the shard files: it runs the generator once for all of
 * them (`generate`), or it fetches the ones the parent's generate job wrote (`fetch`), so that
 * the whole batch is read and planned once.
 */
export type ShardFiles =
  | {
      readonly kind: "generate";
      /** Where the generator job gets grove-pipelines from: as the parent's generate job did. */
      readonly generator: GeneratorSource;
      /**
       * Variables of the generator job, written literally (`expand: false`): how the shard
       * generator learns which directives to re-plan without any of them reaching a script line.
       */
      readonly variables?: Readonly<Record<string, string>>;
    }
  | { readonly kind: "fetch"; readonly parent: ParentJob };

export interface OrchestratorOptions {
  /**
   * Image of the first job: settings `generatorImage` for a generator, as for the parent's
   * generate job; a job that only fetches files needs no more than a shell (`lightImage`).
   */
  readonly image: string;
  readonly files: ShardFiles;
  /**
   * Whether the batch has Terraform work: the orchestrator then runs its Terraform pipeline
   * (written with the shard files) before shard 1, under the Terraform lock (terraformLock.ts).
   */
  readonly terraform?: boolean;
}

/** The arguments with which the shard generator job writes every shard file in one run. */
export const ALL_SHARDS_ARGS = ["generate", "--all-shards", "."] as const;

/** The first job's name: it generates the shard files, or fetches them from the parent. */
export function shardFilesJob(files: ShardFiles): string {
  return files.kind === "generate" ? SHARD_GENERATOR_JOB : SHARD_FILES_JOB;
}

/** Where a file the orchestrator includes is among its first job's artifacts. */
function artifactOf(files: ShardFiles, name: string): string {
  return files.kind === "generate" ? name : `${files.parent.dir}/${name}`;
}

/**
 * The child pipeline that runs a sharded batch: its first job has every shard file (generated
 * in one run of the generator, or fetched from the parent's generate job) as artifacts, then one
 * trigger job per shard runs it as a grandchild pipeline, after the batch's Terraform pipeline
 * when it has one. Shard K+1 starts only after shard K's pipeline succeeded: each trigger waits
 * for its pipeline (`strategy: depend`), needs the trigger before it, and sits in a later stage.
 */
export function renderOrchestrator(shardCount: number, options: OrchestratorOptions): string {
  if (!Number.isInteger(shardCount) || shardCount < 1) {
    throw new InternalError(`shard count must be a positive integer, got ${shardCount}`);
  }
  const shards = Array.from({ length: shardCount }, (_, i) => i + 1);
  const { files } = options;
  const terraform = options.terraform ?? false;
  const first = shardFilesJob(files);
  const entries: [string, YamlValue][] = [
    ["stages", ["generate", ...terraformStages(terraform), ...shards.map(stageOf)]],
    [first, firstJob(options, orchestratorFiles(shardCount, terraform, files))],
    ...terraformJobs(terraform, files),
  ];
  for (const k of shards) {
    const trigger: YamlMapping = {
      stage: stageOf(k),
      needs: triggerNeeds(first, k, terraform),
      trigger: {
        include: [{ artifact: artifactOf(files, shardFileName(k)), job: first }],
        strategy: "depend",
      },
    };
    entries.push([stageOf(k), trigger]);
  }
  return GENERATED_HEADER + emitYaml(mappingOf(entries));
}

/** The job whose artifacts are the shard files (`artifacts`, in shard order). */
function firstJob(options: OrchestratorOptions, artifacts: readonly string[]): YamlMapping {
  const { files } = options;
  // The image on the job, not under `default:`, which trigger jobs must not inherit.
  const job: [string, YamlValue][] = [
    ["stage", "generate"],
    ["image", options.image],
  ];
  if (files.kind === "generate") {
    job.push(["needs", []]);
    if (files.variables !== undefined) job.push(["variables", literalVariables(files.variables)]);
    job.push(["script", generatorScript(files.generator, [ALL_SHARDS_ARGS])]);
  } else {
    const { pipeline, job: name, dir } = files.parent;
    // GitLab downloads the parent job's artifacts into this job; it needs no clone of the
    // repository, which for a batch this large is itself large.
    job.push(
      ["needs", [{ pipeline, job: name }]],
      ["variables", { GIT_STRATEGY: "none" }],
      ["script", [missingFilesCheck(artifacts, name, dir)]],
    );
  }
  job.push(["artifacts", { paths: [...artifacts], expire_in: "1 week" }]);
  return mappingOf(job);
}

/**
 * A script line that fails, saying why, when the parent job did not keep the shard files: its
 * `artifacts:paths` must hold `dir`. Every word is quoted for the shell.
 */
function missingFilesCheck(artifacts: readonly string[], job: string, dir: string): string {
  const ends = [...new Set([artifacts[0], artifacts.at(-1)])].flatMap((f) =>
    f === undefined ? [] : [f],
  );
  const tests = ends.map((f) => `test -f ${shellQuote(f)}`).join(" && ");
  const why = `grove-pipelines: the shard files are missing: the job ${job} of the parent pipeline must keep ${dir}/ in its artifacts`;
  return `${tests} || { echo ${shellQuote(why)} >&2; exit 1; }`;
}

/** The jobs `renderOrchestrator` writes, for `checkLimits`. */
export function orchestratorJobs(
  shardCount: number,
  files: ShardFiles,
  terraform = false,
): JobShape[] {
  const first = shardFilesJob(files);
  const triggers = Array.from({ length: shardCount }, (_, i) => ({
    name: stageOf(i + 1),
    needs: triggerNeeds(first, i + 1, terraform),
  }));
  const lock = terraform ? [{ name: TERRAFORM_TRIGGER_JOB, needs: [first] }] : [];
  return [{ name: first, needs: [] }, ...lock, ...triggers];
}

/**
 * The files the orchestrator's first job has as artifacts (written by `generate --all-shards`,
 * or by the parent's `generate --shards-dir` and fetched), which the trigger jobs include: the
 * Terraform pipeline when there is one, then every shard's.
 */
export function orchestratorFiles(
  shardCount: number,
  terraform: boolean,
  files: ShardFiles,
): string[] {
  const shards = Array.from({ length: shardCount }, (_, i) => shardFileName(i + 1));
  return (terraform ? [TERRAFORM_FILE, ...shards] : shards).map((name) => artifactOf(files, name));
}

/** The stage of the trigger that runs the Terraform pipeline, before the shards'. */
function terraformStages(terraform: boolean): string[] {
  return terraform ? [TERRAFORM_TRIGGER_JOB] : [];
}

/** The trigger job that runs the Terraform pipeline under the Terraform lock, when there is one. */
function terraformJobs(terraform: boolean, files: ShardFiles): [string, YamlMapping][] {
  if (!terraform) return [];
  const trigger = terraformTrigger(
    TERRAFORM_TRIGGER_JOB,
    shardFilesJob(files),
    artifactOf(files, TERRAFORM_FILE),
  );
  return [[TERRAFORM_TRIGGER_JOB, trigger]];
}

/** Shard 1 waits for the Terraform pipeline (a created instance's resources must exist). */
function triggerNeeds(first: string, shard: number, terraform: boolean): string[] {
  if (shard > 1) return [first, stageOf(shard - 1)];
  return terraform ? [first, TERRAFORM_TRIGGER_JOB] : [first];
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
