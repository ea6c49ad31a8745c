import { composeMessage } from "../commit/composeMessage.js";
import { error, fail, ok } from "../diagnostic.js";
import type { Diagnostic, Result } from "../diagnostic.js";
import { decideGate } from "../plan/decideGate.js";
import type { Plan } from "../plan/plan.js";
import type { Settings } from "../repo/settings.js";
import { checkLimits, renderPipeline } from "../render/checkLimits.js";
import { renderedNeeds, renderTerraformPipeline, summarizePlan } from "../render/gitlabRenderer.js";
import type { RenderOptions } from "../render/gitlabRenderer.js";
import { orchestratorJobs, renderOrchestrator } from "../render/renderOrchestrator.js";
import type { GeneratorSource, ParentJob, ShardFiles } from "../render/renderOrchestrator.js";
import { fitsLimits, shardMeasure, shardPlan } from "../render/shardPlan.js";
import type { ShardMeasure } from "../render/shardPlan.js";
import { terraformOutOfShard } from "../render/terraformLock.js";
import { planCommits } from "./planCommits.js";
import type { CommitInput } from "./planCommits.js";

/** The environment variable that carries a sharded batch's directives to its shard generator. */
export const SHARD_DIRECTIVES_VARIABLE = "GROVE_PIPELINES_DIRECTIVES";

export interface GenerateOptions {
  /** The CI environment (GITLAB_CI, CI_PIPELINE_SOURCE, CI_COMMIT_BRANCH, ...), for the gate. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** In a batch, list unreadable instances under `skipped` instead of failing the run. */
  readonly skipInvalid?: boolean;
  /**
   * Write shard K (1-based) of a sharded batch instead of the whole pipeline, or with `all`
   * every shard (`shardFiles`), planned and measured once for all of them.
   */
  readonly shard?: number | "all";
  /**
   * Where a sharded batch's generator job gets grove-pipelines from: the way the job running this
   * got it (the file vendored into the repository when absent).
   */
  readonly generator?: GeneratorSource;
  /**
   * `generate --shards-dir`: a sharded batch's files are all written by this run (`shardFiles`),
   * and the orchestrator fetches them from this job of the parent pipeline (`parent`: null when
   * the run is not in a GitLab job, which a sharded batch then cannot do) instead of running
   * the generator again.
   */
  readonly keepShards?: {
    readonly dir: string;
    readonly parent: Omit<ParentJob, "dir"> | null;
  };
}

export interface GeneratedPipeline {
  readonly yaml: string;
  /** The plan the file runs: the whole plan, or with `shard` that shard's part of it. */
  readonly plan: Plan;
  /** Why the plan does not run in this pipeline, when the file is only a preview. */
  readonly previewReason: string | null;
  /** How many shards the batch was split into (1 when it fits one pipeline). */
  readonly shards: number;
  /**
   * With `shard: "all"`, every shard's file in order, each the same as with `shard: K`; `yaml`
   * and `plan` are then the first shard's. With `keepShards`, every shard's file of a sharded
   * batch, and `yaml` is the orchestrator.
   */
  readonly shardFiles?: readonly string[];
  /**
   * With `shard: "all"` or `keepShards`, the Terraform pipeline the orchestrator runs before
   * shard 1, when the batch was pushed with Terraform work (see `terraformFirst`).
   */
  readonly terraformFile?: string;
}

type Limits = Settings["limits"];

/**
 * Commit messages + cluster repository → the child pipeline's YAML. A pipeline that may not
 * deploy (see decideGate) gets a preview; a batch too big for one GitLab pipeline becomes an
 * orchestrator whose shards are generated, one by one, by this same function with `shard`.
 * Every file it returns has passed `checkLimits`; when one would not, it fails instead.
 */
export function generatePipeline(
  root: string,
  commits: readonly CommitInput[],
  options: GenerateOptions,
): Result<GeneratedPipeline> {
  const planned = planCommits(root, commits, { skipInvalid: options.skipInvalid ?? false });
  if (!planned.ok) return planned;
  const { plan, settings, templates } = planned.value;
  const render: RenderOptions = {
    templates,
    image: settings.image,
    lightImage: settings.lightImage,
    manual: settings.manual,
    waves: settings.batch,
  };
  const limits = settings.limits;
  const warnings = planned.warnings;
  const done = (yaml: string, shards: number, previewReason: string | null = null, part = plan) =>
    ok({ yaml, plan: part, previewReason, shards }, warnings);
  const onlyShards = options.shard !== undefined;

  const gate = decideGate({
    env: options.env,
    deployBranches: settings.deployBranches,
    shard: onlyShards,
  });
  if (!gate.run) {
    const preview = { reason: gate.reason, summary: summarizePlan(plan) };
    const yaml = renderPipeline(plan, { ...render, preview }, limits);
    return yaml.ok ? done(yaml.value, 1, gate.reason) : yaml;
  }

  // A plan with a batch (alone, or pushed with named work) can be sharded; one with more jobs than
  // a pipeline may hold is sharded without rendering it whole: for thousands of instances that
  // rendering alone took longer than reading the repository.
  const isBatch = plan.jobs.some((job) => job.wave !== null);
  const whole =
    !onlyShards && (!isBatch || plan.jobs.length <= limits.maxJobsPerPipeline)
      ? renderPipeline(plan, render, limits)
      : null;
  if (whole !== null && (whole.ok || !isBatch)) {
    return whole.ok ? done(whole.value, 1) : whole;
  }

  const measure = shardMeasure(plan, render);
  const { shards, terraform } = terraformFirst(shardPlan(plan, limits, measure));
  if (options.shard === "all") {
    // Every shard file from this one plan: a generator run per shard would read and plan the
    // whole batch again for each, which grows with the square of the batch.
    const files = renderShards(shards, render, settings);
    if (!files.ok) return files;
    const terraformFile =
      terraform === null ? undefined : renderTerraformPipeline(terraform, render);
    const [first = ""] = files.value;
    return ok(
      {
        yaml: first,
        plan: shards[0] ?? plan,
        previewReason: null,
        shards: shards.length,
        shardFiles: files.value,
        ...(terraformFile === undefined ? {} : { terraformFile }),
      },
      warnings,
    );
  }
  if (options.shard !== undefined) {
    const shard = shards[options.shard - 1];
    if (shard === undefined) {
      return fail([
        error(
          "no-such-shard",
          `this plan has ${shards.length} shard(s); there is no shard ${options.shard}`,
        ),
      ]);
    }
    const yaml = renderPipeline(shard, render, limits);
    return yaml.ok ? done(yaml.value, shards.length, null, shard) : yaml;
  }
  if (shards.length === 1 && terraform === null) {
    // One wave too big for any pipeline: report what checkLimits finds.
    const one = whole ?? renderPipeline(plan, render, limits);
    return one.ok ? done(one.value, 1) : fail(namingWaveSettings(one.diagnostics, settings));
  }

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
function renderShards(
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
function namingWaveSettings(problems: readonly Diagnostic[], settings: Settings): Diagnostic[] {
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
function terraformFirst(shards: readonly Plan[]): { shards: Plan[]; terraform: Plan | null } {
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
