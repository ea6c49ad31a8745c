import type { CommitInput } from "./commitInput.js";
import { composeMessage } from "./commit/composeMessage.js";
import { error, fail, ok } from "./diagnostic.js";
import type { Diagnostic, Result } from "./diagnostic.js";
import { decideGate } from "./plan/decideGate.js";
import type { Plan } from "./plan/plan.js";
import { planCommits } from "./planCommits.js";
import { readTemplatesFile } from "./repo/readTemplatesFile.js";
import { BUILTIN_TEMPLATES } from "./render/builtinTemplates.js";
import { renderOrchestrator } from "./render/renderOrchestrator.js";
import { renderPipeline } from "./render/renderPipeline.js";
import type { RenderOptions } from "./render/renderer.js";
import { shardPlan } from "./render/shardPlan.js";
import { summarizePlan } from "./render/summarizePlan.js";
import { parseTemplates } from "./render/templateSet.js";

/** The environment variable that carries a sharded batch's directives to its shard generator. */
export const SHARD_DIRECTIVES_VARIABLE = "GROVE_PIPELINES_DIRECTIVES";

export interface GenerateOptions {
  /** The CI environment (GITLAB_CI, CI_PIPELINE_SOURCE, CI_COMMIT_BRANCH, ...), for the gate. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly skipInvalid?: boolean;
  /** Write shard K (1-based) of a sharded batch instead of the whole pipeline. */
  readonly shard?: number;
  /** The command a shard generator job runs; `--shard K --output FILE` are appended. */
  readonly generatorCommand?: readonly string[];
}

export interface GeneratedPipeline {
  readonly yaml: string;
  readonly plan: Plan;
  /** Why the plan does not run in this pipeline, when the file is only a preview. */
  readonly previewReason: string | null;
  /** How many shards the batch was split into (1 when it fits one pipeline). */
  readonly shards: number;
}

/**
 * Commit messages + cluster repository → the child pipeline's YAML. A pipeline that may not
 * deploy (see decideGate) gets a preview; a batch too big for one GitLab pipeline becomes an
 * orchestrator whose shards are generated, one by one, by this same function with `shard`.
 */
export function generatePipeline(
  root: string,
  commits: readonly CommitInput[],
  options: GenerateOptions,
): Result<GeneratedPipeline> {
  const planned = planCommits(root, commits, { skipInvalid: options.skipInvalid ?? false });
  if (!planned.ok) return planned;
  const { plan, settings } = planned.value;
  const templatesFile = readTemplatesFile(root, settings);
  if (!templatesFile.ok) return templatesFile;
  let templates = BUILTIN_TEMPLATES;
  if (templatesFile.value !== null) {
    const parsed = parseTemplates(templatesFile.value.text, templatesFile.value.file);
    if (!parsed.ok) return parsed;
    templates = parsed.value;
  }
  const render: RenderOptions = { templates, image: settings.image, manual: settings.manual };
  const warnings = planned.warnings;

  const gate = decideGate({
    env: options.env,
    deployBranches: settings.deployBranches,
    shard: options.shard !== undefined,
  });
  if (!gate.run) {
    const preview = { reason: gate.reason, summary: summarizePlan(plan) };
    const yaml = renderPipeline(plan, { ...render, preview }, settings.limits);
    if (!yaml.ok) return yaml;
    return ok({ yaml: yaml.value, plan, previewReason: gate.reason, shards: 1 }, warnings);
  }

  if (options.shard !== undefined) {
    const shards = shardPlan(plan, settings.limits);
    const shard = shards[options.shard - 1];
    if (shard === undefined) {
      return fail([
        error(
          "no-such-shard",
          `this plan has ${shards.length} shard(s); there is no shard ${options.shard}`,
        ),
      ]);
    }
    const yaml = renderPipeline(shard, render, settings.limits);
    if (!yaml.ok) return yaml;
    return ok({ yaml: yaml.value, plan, previewReason: null, shards: shards.length }, warnings);
  }

  const whole = renderPipeline(plan, render, settings.limits);
  if (whole.ok) return ok({ yaml: whole.value, plan, previewReason: null, shards: 1 }, warnings);
  const shards = shardPlan(plan, settings.limits);
  if (shards.length === 1) return whole;
  // Each shard must itself fit; a single wave too big for a pipeline cannot be split further.
  const problems: Diagnostic[] = [];
  for (const shard of shards) {
    const yaml = renderPipeline(shard, render, settings.limits);
    if (!yaml.ok) problems.push(...yaml.diagnostics);
  }
  if (problems.length > 0) return fail(problems);
  const directives = shardDirectives(plan);
  if (!directives.ok) return directives;
  const command = options.generatorCommand ?? ["grove-pipelines", "generate"];
  const yaml = renderOrchestrator(shards.length, {
    image: settings.image,
    generatorCommand: (k, file) => [...command, "--shard", String(k), "--output", file],
    variables: { [SHARD_DIRECTIVES_VARIABLE]: directives.value },
  });
  return ok({ yaml, plan, previewReason: null, shards: shards.length }, warnings);
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
