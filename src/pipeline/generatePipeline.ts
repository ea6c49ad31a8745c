import { error, fail, ok } from "../diagnostic.js";
import type { Result } from "../diagnostic.js";
import { decideGate } from "../plan/decideGate.js";
import type { Plan } from "../plan/plan.js";
import { renderPipeline } from "../render/checkLimits.js";
import { renderTerraformPipeline } from "../render/gitlabRenderer.js";
import { summarizePlan } from "../render/previewPipeline.js";
import type { RenderOptions } from "../render/gitlabRenderer.js";
import type { GeneratorSource, ParentJob } from "../render/renderOrchestrator.js";
import { shardMeasure, shardPlan } from "../render/shardPlan.js";
import { planCommits } from "./planCommits.js";
import {
  namingWaveSettings,
  orchestrate,
  renderShards,
  terraformFirst,
} from "./shardedPipeline.js";
import type { CommitInput } from "./planCommits.js";

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

/**
 * Commit messages + cluster repository → the child pipeline's YAML. A pipeline that may not
 * deploy (see decideGate) gets a preview; a batch too big for one GitLab pipeline becomes an
 * orchestrator of shards (shardedPipeline.ts), whose files this run writes too (`keepShards`) or
 * a run with `shard` writes. Every file it returns has passed `checkLimits`; when one would not,
 * it fails instead.
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

  return orchestrate(plan, { shards, terraform }, { settings, render, measure, warnings }, options);
}
