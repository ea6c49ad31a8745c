import { renderDot, renderMermaid } from "../render/renderGraph.js";
import { EXIT, type ExitCode } from "./exitCodes.js";
import type { CliIO } from "./io.js";
import { resolvePlan, type PlanSourceOptions } from "./resolvePlan.js";
import { sanitizeForTerminal } from "../text.js";

export const GRAPH_FORMATS = ["mermaid", "dot"] as const;
export type GraphFormat = (typeof GRAPH_FORMATS)[number];

export interface GraphOptions extends PlanSourceOptions {
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
