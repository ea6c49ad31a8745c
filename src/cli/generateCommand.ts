import { mkdirSync, statSync } from "node:fs";
import path from "node:path";
import { error, warning } from "../diagnostic.js";
import type { Diagnostic } from "../diagnostic.js";
import { InvalidInputError } from "../errors.js";
import { generatePipeline } from "../pipeline/generatePipeline.js";
import { SHARD_DIRECTIVES_VARIABLE } from "../pipeline/shardedPipeline.js";
import { isRegistry, shardFileName, VENDORED_COMMAND } from "../render/renderOrchestrator.js";
import { TERRAFORM_FILE } from "../render/terraformLock.js";
import type { GeneratorSource } from "../render/renderOrchestrator.js";
import { sanitizeForTerminal } from "../text.js";
import { VERSION } from "../version.js";
import { EXIT, formatDiagnostic, UsageError, type CliIO, type ExitCode } from "./io.js";
import {
  resolveMessages,
  type MessageSourceOptions,
  type ResolvedMessages,
} from "./messageSource.js";
import { formatPlanMarkdown } from "./planMarkdown.js";
import { formatPlanText } from "./planOutput.js";
import { cannotWrite, shownPath, writeFileAtomic } from "./writeFileAtomic.js";

export interface GenerateOptions extends MessageSourceOptions {
  readonly repo?: string;
  /** The file to write, `-` for standard output. */
  readonly output?: string;
  readonly shard?: number;
  /** The folder to write every shard file to, in one run. */
  readonly allShards?: string;
  /** The folder of the project to keep a sharded batch's files in, for the orchestrator. */
  readonly shardsDir?: string;
  readonly skipInvalid?: boolean;
  /** The registry this grove-pipelines was installed from (else it runs vendored). */
  readonly registry?: string;
  /** Also write the plan as Markdown here, and print it in a collapsed section of the job log. */
  readonly planFile?: string;
}

/** The name of the job log section that holds the plan (GitLab's collapsible sections). */
const PLAN_SECTION = "grove_pipelines_plan";

/**
 * The plan for people reading the generate job's log: GitLab folds the text between its
 * `section_start` and `section_end` markers under the header line, collapsed.
 * https://docs.gitlab.com/ci/jobs/job_logs/#custom-collapsible-sections
 */
function collapsedSection(header: string, body: string, now: number): string {
  const at = Math.floor(now / 1000);
  const mark = "\u001b[0K";
  return (
    `${mark}section_start:${at}:${PLAN_SECTION}[collapsed=true]\r${mark}${header}\n` +
    body +
    `${mark}section_end:${at}:${PLAN_SECTION}\r${mark}\n`
  );
}

/** `--output -`: the pipeline goes to standard output. */
const STDOUT = "-";

/**
 * A shard generator re-plans from the directives its orchestrator pinned (composed again from
 * validated values), so every shard comes from exactly the plan the parent pipeline made.
 */
function shardMessages(io: CliIO, options: GenerateOptions): ResolvedMessages {
  if (options.message !== undefined || options.messageFile !== undefined) {
    return resolveMessages(io, io.cwd, options);
  }
  const pinned = io.env[SHARD_DIRECTIVES_VARIABLE];
  if (pinned === undefined) {
    throw new UsageError(
      `--shard and --all-shards need the directives in ${SHARD_DIRECTIVES_VARIABLE} (set by the orchestrator pipeline) or --message`,
    );
  }
  const titles = pinned.split("\n").filter((t) => t.trim() !== "");
  return {
    commits: titles.map((message) => ({ sha: null, message })),
    source: SHARD_DIRECTIVES_VARIABLE,
  };
}

/** How this run of grove-pipelines was installed, which its shard generator job repeats. */
function generatorSource(registry: string | undefined): GeneratorSource {
  if (registry === undefined) return { kind: "vendored" };
  if (!isRegistry(registry)) {
    throw new UsageError(
      `--registry takes npm, gitlab or the http(s) URL of an npm registry, not '${registry}'`,
    );
  }
  return { kind: "registry", registry, version: VERSION };
}

/**
 * An orchestrator whose generator job would run a vendored file the repository does not have.
 * In GitLab CI that job would fail, so the generate job fails first, saying what to do; at a
 * terminal it is a warning.
 */
function missingGenerator(repo: string, env: CliIO["env"], shards: number): Diagnostic | null {
  let present = false;
  try {
    present = statSync(path.join(repo, VENDORED_COMMAND)).isFile();
  } catch {
    present = false;
  }
  if (present) return null;
  const message =
    `this batch runs as ${shards} shards, written by a job that runs ${VENDORED_COMMAND}, which ` +
    `the repository does not have: vendor it (grove-pipelines init --vendor) and commit it, or ` +
    `pass --registry with the registry the generate job installs grove-pipelines from`;
  const at = { file: VENDORED_COMMAND };
  return env["GITLAB_CI"] === "true"
    ? error("missing-generator", message, at)
    : warning("missing-generator", message, at);
}

/**
 * `--all-shards DIR`: each shard's file to DIR/shard-K.yml (the folder made when missing) and the
 * Terraform pipeline the orchestrator runs first to DIR/terraform.yml, then one line saying so.
 */
function writeShards(
  io: CliIO,
  dir: string,
  files: readonly string[],
  terraform: string | undefined,
): ExitCode {
  const folder = path.resolve(io.cwd, dir);
  try {
    mkdirSync(folder, { recursive: true });
  } catch (cause) {
    throw cannotWrite(shownPath(io.cwd, folder), cause);
  }
  files.forEach((yaml, i) => {
    const output = path.join(folder, shardFileName(i + 1));
    writeFileAtomic(output, yaml, { shown: shownPath(io.cwd, output) });
  });
  if (terraform !== undefined) {
    const output = path.join(folder, TERRAFORM_FILE);
    writeFileAtomic(output, terraform, { shown: shownPath(io.cwd, output) });
  }
  const where = shownPath(io.cwd, path.join(folder, shardFileName(1)));
  const last = files.length > 1 ? ` to ${shardFileName(files.length)}` : "";
  const and = terraform === undefined ? "" : ` and ${TERRAFORM_FILE}`;
  io.stderr(sanitizeForTerminal(`wrote ${where}${last}${and}: ${files.length} shard(s)`) + "\n");
  return EXIT.ok;
}

/**
 * `--shards-dir DIR`: a folder inside the project, written as the orchestrator's artifact paths
 * name it (GitLab takes them relative to the project folder, `/`-separated).
 */
function shardsDir(dir: string): string {
  const clean = path.posix.normalize(dir).replace(/\/+$/, "");
  const segments = clean.split("/");
  if (
    path.posix.isAbsolute(clean) ||
    segments.some((s) => s === "." || s === ".." || !/^[A-Za-z0-9._-]+$/.test(s))
  ) {
    throw new UsageError(
      `--shards-dir takes a folder inside the project made of letters, digits, '.', '_', '-' and '/', not '${dir}'`,
    );
  }
  return clean;
}

/**
 * The GitLab job this run is, whose artifacts the orchestrator fetches the shard files from;
 * null outside GitLab.
 */
function thisJob(env: CliIO["env"]): { pipeline: string; job: string } | null {
  const pipeline = env["CI_PIPELINE_ID"];
  const job = env["CI_JOB_NAME"];
  if (pipeline === undefined || job === undefined || job === "") return null;
  if (!/^[1-9][0-9]{0,18}$/.test(pipeline)) {
    throw new UsageError(`CI_PIPELINE_ID must be a pipeline id (digits), not '${pipeline}'`);
  }
  return { pipeline, job };
}

export function generateCommand(io: CliIO, options: GenerateOptions): ExitCode {
  const repo = path.resolve(io.cwd, options.repo ?? ".");
  const target = options.output ?? "generated-pipeline.yml";
  const generator = generatorSource(options.registry);
  const shard = options.allShards === undefined ? options.shard : "all";
  const messages =
    shard === undefined ? resolveMessages(io, repo, options) : shardMessages(io, options);
  const keepDir = options.shardsDir === undefined ? undefined : shardsDir(options.shardsDir);
  const keepShards = keepDir === undefined ? undefined : { dir: keepDir, parent: thisJob(io.env) };
  const result = generatePipeline(repo, messages.commits, {
    env: io.env,
    skipInvalid: options.skipInvalid,
    shard,
    generator,
    keepShards,
  });
  if (!result.ok) throw new InvalidInputError(result.diagnostics);
  const { plan, previewReason, shards, shardFiles, terraformFile } = result.value;
  if (options.allShards !== undefined && shardFiles !== undefined) {
    for (const w of result.warnings) io.stderr(`${formatDiagnostic(w)}\n`);
    return writeShards(io, options.allShards, shardFiles, terraformFile);
  }
  const orchestrator = shards > 1 && shard === undefined;
  // An orchestrator that fetches its shard files from this job runs no generator.
  const generates = orchestrator && shardFiles === undefined;
  const missing =
    generates && generator.kind === "vendored" ? missingGenerator(repo, io.env, shards) : null;
  if (missing?.severity === "error") throw new InvalidInputError([missing]);
  for (const w of [...result.warnings, ...(missing === null ? [] : [missing])]) {
    io.stderr(`${formatDiagnostic(w)}\n`);
  }

  if (keepDir !== undefined && shardFiles !== undefined) {
    writeShards(io, keepDir, shardFiles, terraformFile);
  }
  let where = "to standard output";
  if (target === STDOUT) {
    io.stdout(result.value.yaml);
  } else {
    const output = path.resolve(io.cwd, target);
    where = shownPath(io.cwd, output);
    writeFileAtomic(output, result.value.yaml, { shown: where });
  }
  if (options.planFile !== undefined) {
    const file = path.resolve(io.cwd, options.planFile);
    const shown = shownPath(io.cwd, file);
    writeFileAtomic(file, formatPlanMarkdown(plan, { source: messages.source }), { shown });
    const text = formatPlanText(plan, { source: messages.source, color: false });
    io.stderr(collapsedSection(`The plan (also in ${shown})`, text, Date.now()));
  }
  const what =
    previewReason !== null
      ? `a preview only (${previewReason})`
      : orchestrator
        ? `an orchestrator running ${shards} shards of ${plan.jobs.length} jobs`
        : `${plan.jobs.length} job(s)`;
  io.stderr(sanitizeForTerminal(`wrote ${where}: ${what}`) + "\n");
  return EXIT.ok;
}
