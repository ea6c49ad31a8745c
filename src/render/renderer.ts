import type { Plan } from "../plan/plan.js";
import type { Settings } from "../repo/settings.js";
import type { TemplateSet } from "../repo/templates.js";

/** Turns a plan into the text of a CI pipeline; pure and deterministic. */
export interface PipelineRenderer {
  render(plan: Plan, options: RenderOptions): string;
}

export interface RenderOptions {
  /** Hidden template jobs to extend; the built-in ones when absent. */
  readonly templates?: TemplateSet;
  /** Default image of the generated jobs (settings `image`); none when null or absent. */
  readonly image?: string | null;
  /** Jobs that wait for a person (settings `manual`). */
  readonly manual: Settings["manual"];
  /** When set, the pipeline only shows what would run, in one noop job, instead of running it. */
  readonly preview?: PreviewOptions;
}

export interface PreviewOptions {
  /** Why the plan does not run, for a person; e.g. the branch may not deploy. */
  readonly reason: string;
  /** One line per job that would run, e.g. `deploy:site-a (wave 1)` (see `summarizePlan`). */
  readonly summary: readonly string[];
}
