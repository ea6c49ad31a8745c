/**
 * The commands that show the plan of the commit(s): `plan` as a table, Markdown or JSON, `graph`
 * as a Mermaid or DOT drawing.
 */

import path from "node:path";
import type { Plan } from "../plan/plan.js";
import { planCommits } from "../pipeline/planCommits.js";
import { renderDot, renderMermaid } from "../render/renderGraph.js";
import { sanitizeForTerminal } from "../text.js";
import {
  EXIT,
  JSON_FORMAT_VERSION,
  printJson,
  unwrap,
  UsageError,
  withJsonErrors,
  type CliIO,
  type ExitCode,
} from "./io.js";
import { resolveMessages, type PlanSourceOptions } from "./messageSource.js";
import { formatPlanMarkdown } from "./planMarkdown.js";
import { formatPlanText } from "./planOutput.js";
import { useColor } from "./style.js";

/**
 * Message source + repository → plan, and where the message(s) came from (e.g. `git log -1`).
 * Warnings go to standard error as they would in CI.
 */
function resolvePlan(io: CliIO, options: PlanSourceOptions): { plan: Plan; source: string } {
  const repo = path.resolve(io.cwd, options.repo ?? ".");
  const messages = resolveMessages(io, repo, options);
  const planned = planCommits(repo, messages.commits, { skipInvalid: options.skipInvalid });
  return { plan: unwrap(io, planned).plan, source: messages.source };
}

export const PLAN_FORMATS = ["text", "markdown", "json"] as const;
type PlanFormat = (typeof PLAN_FORMATS)[number];

interface PlanOptions extends PlanSourceOptions {
  readonly format?: PlanFormat;
  /** The older spelling of `--format json`. */
  readonly json?: boolean;
}

function formatOf(options: PlanOptions): PlanFormat {
  const format = options.format ?? "text";
  if (options.json !== true) return format;
  // commander fills in the default "text", so only an explicit other choice conflicts.
  if (format !== "text" && format !== "json") {
    throw new UsageError(`--json asks for JSON but --format asks for ${format}: give one of them`);
  }
  return "json";
}

export function planCommand(io: CliIO, options: PlanOptions): ExitCode {
  // A command line that asks for two formats is refused before any output is chosen.
  const format = formatOf(options);
  return withJsonErrors(io, format === "json", () => showPlan(io, options, format));
}

function showPlan(io: CliIO, options: PlanOptions, format: PlanFormat): ExitCode {
  const { plan, source } = resolvePlan(io, options);
  switch (format) {
    case "json":
      printJson(io, planToJson(plan));
      break;
    case "markdown":
      io.stdout(formatPlanMarkdown(plan, { source }));
      break;
    case "text":
      io.stdout(formatPlanText(plan, { source, color: useColor(io) }));
      break;
  }
  return EXIT.ok;
}

/**
 * The `plan --json` object of SPEC.md. Keys are written in a fixed order so the output is
 * byte-stable; `stage`, `wave`, `environment` and `sources` are additions (SPEC allows more keys).
 */
export function planToJson(plan: Plan): unknown {
  return {
    formatVersion: JSON_FORMAT_VERSION,
    directive: plan.directive,
    jobs: plan.jobs.map((j) => ({
      name: j.name,
      kind: j.kind,
      instance: j.instance,
      needs: j.needs,
      variables: j.variables,
      stage: j.stage,
      wave: j.wave,
      ...(j.environment === undefined ? {} : { environment: j.environment }),
    })),
    skipped: plan.skipped.map((s) => ({ instance: s.instance, reason: s.reason })),
    ...(plan.undeployed === undefined ? {} : { undeployed: plan.undeployed }),
    ...(plan.sources === undefined
      ? {}
      : {
          // `directive` keeps lint's shape (SPEC.md) and is the newest directive; this lists
          // every commit's directive the plan combines, oldest first.
          directives: plan.sources.flatMap((s) =>
            s.directive.kind === "none" ? [] : [s.directive],
          ),
          sources: plan.sources.map((s) => ({
            sha: s.sha,
            title: s.title,
            directive: s.directive,
            ...(s.origin === undefined ? {} : { origin: s.origin }),
          })),
        }),
  };
}

export const GRAPH_FORMATS = ["mermaid", "dot"] as const;
type GraphFormat = (typeof GRAPH_FORMATS)[number];

interface GraphOptions extends PlanSourceOptions {
  readonly format?: GraphFormat;
}

/**
 * `graph`: the plan's job graph for people who would rather look than read YAML. Mermaid renders
 * in GitLab's Markdown as it is; DOT goes through Graphviz (`dot -Tsvg`).
 */
export function graphCommand(io: CliIO, options: GraphOptions): ExitCode {
  const { plan } = resolvePlan(io, options);
  const text = options.format === "dot" ? renderDot(plan) : renderMermaid(plan);
  io.stdout(sanitizeForTerminal(text));
  return EXIT.ok;
}
