/**
 * The grove-pipelines library API. Everything here returns values (`Result`s with diagnostics) or
 * throws the typed errors of errors.ts; nothing touches `process` or the console.
 */
export type { Diagnostic, Result, Severity } from "./diagnostic.js";
export { formatLocation } from "./diagnostic.js";
export { GrovePipelinesError, InternalError, InvalidInputError } from "./errors.js";

export type { Directive, DirectiveKind, InstanceRequest, Target } from "./commit/directive.js";
export { parseCommitMessage } from "./commit/parseCommitMessage.js";
export { effectiveTitle } from "./commit/effectiveTitle.js";
export { composeMessage } from "./commit/composeMessage.js";
export { parseComposeArgs, COMPOSE_KINDS } from "./commit/parseComposeArgs.js";

export type { Settings } from "./repo/settings.js";
export { DEFAULT_SETTINGS } from "./repo/settings.js";
export type { InstanceConfig, RepoSnapshot } from "./repo/snapshot.js";
export { loadSettings } from "./repo/loadSettings.js";
export { loadSnapshot } from "./repo/loadSnapshot.js";

export type { JobKind, Plan, PlanJob, SkippedInstance } from "./plan/plan.js";
export { buildPlan } from "./plan/buildPlan.js";
export { combineDirectives } from "./plan/combineDirectives.js";
export { explainInstance } from "./plan/explainInstance.js";
export { normalizeRepository } from "./plan/normalizeRepository.js";
export { matchesTarget } from "./plan/matchTarget.js";
export { decideGate } from "./plan/decideGate.js";
export type { GateDecision } from "./plan/decideGate.js";

export type { PipelineRenderer, RenderOptions } from "./render/renderer.js";
export { gitlabRenderer } from "./render/gitlabRenderer.js";
export { BUILTIN_TEMPLATES } from "./render/builtinTemplates.js";
export { parseTemplates } from "./render/templateSet.js";
export { renderMermaid } from "./render/renderMermaid.js";
export { renderDot } from "./render/renderDot.js";

export type { CommitInput } from "./commitInput.js";
export { planCommits } from "./planCommits.js";
export type { PlannedCommits, PlanCommitsOptions } from "./planCommits.js";
export { generatePipeline, SHARD_DIRECTIVES_VARIABLE } from "./generatePipeline.js";
export type { GeneratedPipeline, GenerateOptions } from "./generatePipeline.js";
