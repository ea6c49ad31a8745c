import { composeMessage } from "../commit/composeMessage.js";
import { error, fail, ok } from "../diagnostic.js";
import type { Diagnostic, Result } from "../diagnostic.js";
import type { Plan } from "../plan/plan.js";
import type { Settings } from "../repo/settings.js";
import { checkLimits, renderPipeline } from "../render/checkLimits.js";
import { renderedNeeds, renderTerraformPipeline } from "../render/gitlabRenderer.js";
import type { RenderOptions } from "../render/gitlabRenderer.js";
import { orchestratorJobs, renderOrchestrator } from "../render/renderOrchestrator.js";
import type { ShardFiles } from "../render/renderOrchestrator.js";
import { fitsLimits } from "../render/shardPlan.js";
import type { ShardMeasure } from "../render/shardPlan.js";
import { terraformOutOfShard } from "../render/terraformLock.js";
import type { GeneratedPipeline, GenerateOptions } from "./generatePipeline.js";

/*
 * A batch too big for one GitLab pipeline: the orchestrator that runs its shards one after the
 * other, where its first job gets their files, and every check that must pass before the first
 * shard deploys anything.
 */

/** The environment variable that carries a sharded batch's directives to its shard generator. */
export const SHARD_DIRECTIVES_VARIABLE = "GROVE_PIPELINES_DIRECTIVES";

type Limits = Settings["limits"];

/** What `generatePipeline` worked out before it found the plan needs shards. */
interface Planned {
  readonly settings: Settings;
  readonly render: RenderOptions;
  readonly measure: ShardMeasure;
  readonly warnings: readonly Diagnostic[];
}

/**
 * The orchestrator of `shards` (and of the Terraform pipeline the first shard gave up), and with
 * `keepShards` every shard file, checked against the limits.
 */
export function orchestrate(
  plan: Plan,
  { shards, terraform }: { readonly shards: readonly Plan[]; readonly terraform: Plan | null },
  { settings, render, measure, warnings }: Planned,
  options: GenerateOptions,
): Result<GeneratedPipeline> {
  const limits = settings.limits;
  // Where the orchestrator's first job gets the shard files: from this run, kept by the parent's
  // generate job, or from one more run of the generator.
  const keep = options.keepShards;
  let files: ShardFiles;
  if (keep !== undefined) {
    if (keep.parent === null) return fail([outsideGitlab(shards.length, keep.dir)]);
    files = { kind: "fetch", parent: { ...keep.parent, dir: keep.dir } };
  } else {
    const directives = shardDirectives(plan);
    if (!directives.ok) return directives;
    files = {
      kind: "generate",
      generator: options.generator ?? { kind: "vendored" },
      variables: { [SHARD_DIRECTIVES_VARIABLE]: directives.value },
    };
  }

  // The orchestrator holds one trigger job per shard besides its first job (and the trigger of
  // the Terraform pipeline); GitLab allows no deeper nesting, so this is as large as a batch can
  // be.
  const jobs = orchestratorJobs(shards.length, files, terraform !== null);
  if (jobs.length > limits.maxJobsPerPipeline) {
    return fail([tooManyShards(plan, shards.length, limits, jobs.length - shards.length)]);
  }

  // Every shard must fit before the first one deploys anything: a shard that GitLab refused
  // half-way through a rollout would leave the cluster on two versions. Kept shards are checked
  // as they are written; the others without writing them, as their generator will write them.
  let shardFiles: readonly string[] | undefined;
  let terraformFile: string | undefined;
  if (files.kind === "fetch") {
    const rendered = renderShards(shards, render, settings);
    if (!rendered.ok) return rendered;
    shardFiles = rendered.value;
    if (terraform !== null) terraformFile = renderTerraformPipeline(terraform, render);
  } else {
    const problems = shards.flatMap((shard, i) =>
      inShard(i, shards.length, shardProblems(shard, render, limits, measure), settings),
    );
    if (problems.length > 0) return fail(problems);
  }
  // A job that only fetches files needs no more than a shell.
  const image =
    files.kind === "fetch"
      ? (settings.lightImage ?? settings.generatorImage)
      : settings.generatorImage;
  const yaml = renderOrchestrator(shards.length, { image, files, terraform: terraform !== null });
  const orchestratorProblems = checkLimits(yaml, jobs, limits);
  if (orchestratorProblems.length > 0) return fail(orchestratorProblems);
  return ok(
    {
      yaml,
      plan,
      previewReason: null,
      shards: shards.length,
      shardFiles,
      ...(terraformFile === undefined ? {} : { terraformFile }),
    },
    warnings,
  );
}

/** Every shard's file, each checked against the limits; every problem of every shard at once. */
export function renderShards(
  shards: readonly Plan[],
  render: RenderOptions,
  settings: Settings,
): Result<string[]> {
  const files: string[] = [];
  const problems: Diagnostic[] = [];
  shards.forEach((shard, i) => {
    const yaml = renderPipeline(shard, render, settings.limits);
    if (yaml.ok) files.push(yaml.value);
    else problems.push(...inShard(i, shards.length, yaml.diagnostics, settings));
  });
  return problems.length > 0 ? fail(problems) : ok(files);
}

/** A shard's problems, saying which shard, with the settings that size waves named. */
function inShard(
  index: number,
  count: number,
  problems: readonly Diagnostic[],
  settings: Settings,
): Diagnostic[] {
  return namingWaveSettings(problems, settings).map((d) => ({
    ...d,
    message: `shard ${index + 1} of ${count}: ${d.message}`,
  }));
}

/**
 * `--shards-dir` outside a GitLab job: the orchestrator would have to name the job whose
 * artifacts hold the shard files, and there is none.
 */
function outsideGitlab(shards: number, dir: string): Diagnostic {
  return error(
    "shards-outside-gitlab",
    `this batch runs as ${shards} shards, whose files the orchestrator fetches from the GitLab ` +
      `job that wrote them to ${dir}, but CI_PIPELINE_ID and CI_JOB_NAME are not set: run it in ` +
      `the parent pipeline's generate job, or write the shard files with --all-shards DIR`,
  );
}

/**
 * A batch shard holds whole waves and takes at least one, so a shard over the job or byte limit
 * is one wave too big for a pipeline: its message also names the settings that size waves.
 */
export function namingWaveSettings(
  problems: readonly Diagnostic[],
  settings: Settings,
): Diagnostic[] {
  const sized = ["limits.maxJobsPerPipeline", "limits.maxYamlBytes"];
  const { waveSize, canary } = settings.batch;
  return problems.map((d) =>
    d.code === "limit-exceeded" && sized.includes(d.keyPath ?? "")
      ? {
          ...d,
          message:
            `${d.message}; one wave is too big for one pipeline: lower batch.waveSize ` +
            `(now ${waveSize}) or batch.canary (now ${canary}), or raise ${d.keyPath ?? ""}`,
        }
      : d,
  );
}

/**
 * The error of a batch that needs more shards than one orchestrator may trigger: how many
 * instances the current limits allow (in proportion to what each shard of this plan holds) and
 * which settings raise that.
 */
function tooManyShards(plan: Plan, shards: number, limits: Limits, others: number): Diagnostic {
  const instances = new Set(plan.jobs.flatMap((j) => (j.instance === null ? [] : [j.instance])));
  const most = limits.maxJobsPerPipeline - others;
  const allowed = Math.floor((instances.size * most) / shards);
  const keyPath = "limits.maxJobsPerPipeline";
  const besides = others === 1 ? "one job of which writes" : "two jobs of which write and precede";
  return error(
    "limit-exceeded",
    `this batch of ${instances.size} instances needs ${shards} shards, but one orchestrator ` +
      `pipeline triggers at most ${most} (setting ${keyPath}: ${limits.maxJobsPerPipeline}, ` +
      `${besides} the shards), and GitLab allows no deeper nesting: the current limits ` +
      `allow about ${allowed} instances per batch. Upgrade in smaller batches (by repository|version ` +
      `target), or raise ${keyPath} (GitLab's higher tiers and self-managed instances allow more ` +
      `jobs per pipeline) and limits.maxYamlBytes`,
    { keyPath },
  );
}

/**
 * What `checkLimits` will say about a shard's file when its generator writes it, found without
 * writing it when the measure shows it fits the byte limit (the file is then checked again).
 */
function shardProblems(
  shard: Plan,
  render: RenderOptions,
  limits: Limits,
  measure: ShardMeasure,
): Diagnostic[] {
  if (!fitsLimits(shard.jobs, limits, measure)) {
    const rendered = renderPipeline(shard, render, limits);
    return rendered.ok ? [] : [...rendered.diagnostics];
  }
  // Job count and bytes are known to fit; the names and needs are checked as the file has them.
  const shapes = shard.jobs.map((job) => ({ name: job.name, needs: renderedNeeds(job) }));
  return checkLimits("", shapes, limits);
}

/**
 * The shards with the first one's Terraform work taken out, for the orchestrator to run before
 * it: from a shard (itself a grandchild of the cluster's pipeline) the Terraform pipeline would
 * be nested one level deeper than GitLab allows. A shard of nothing but that work is left out.
 */
export function terraformFirst(shards: readonly Plan[]): {
  shards: Plan[];
  terraform: Plan | null;
} {
  const [first, ...rest] = shards;
  if (first === undefined || rest.length === 0) return { shards: [...shards], terraform: null };
  const { shard, terraform } = terraformOutOfShard(first);
  return { shards: shard.jobs.length === 0 ? rest : [shard, ...rest], terraform };
}

/**
 * The directives a shard generator re-plans from: each contributing commit's directive, composed
 * again from its validated value (never the raw message), one title per line.
 */
function shardDirectives(plan: Plan): Result<string> {
  const directives =
    plan.sources === undefined ? [plan.directive] : plan.sources.map((s) => s.directive);
  const titles: string[] = [];
  for (const d of directives) {
    if (d.kind === "none") continue;
    const title = composeMessage(d);
    if (!title.ok) return title;
    titles.push(title.value);
  }
  return ok(titles.join("\n"));
}
