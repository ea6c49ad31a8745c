import { fail, ok } from "../diagnostic.js";
import type { Result } from "../diagnostic.js";
import type { Plan } from "../plan/plan.js";
import type { Settings } from "../repo/settings.js";
import { checkLimits } from "./checkLimits.js";
import { gitlabRenderer } from "./gitlabRenderer.js";
import { pipelineJobs, renderedNeeds } from "./pipelineJobs.js";
import type { RenderOptions } from "./renderer.js";

/**
 * The GitLab child pipeline of a plan, or `limit-exceeded` diagnostics when GitLab would refuse
 * it (a caller with a batch plan can then try `shardPlan`).
 */
export function renderPipeline(
  plan: Plan,
  options: RenderOptions,
  limits: Settings["limits"],
): Result<string> {
  const text = gitlabRenderer.render(plan, options);
  const shapes = pipelineJobs(plan, options).jobs.map((job) => ({
    name: job.name,
    needs: renderedNeeds(job),
  }));
  const problems = checkLimits(text, shapes, limits);
  return problems.length > 0 ? fail(problems) : ok(text);
}
