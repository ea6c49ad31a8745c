/**
 * The grove-pipelines library API. Everything here returns values (`Result`s with diagnostics) or
 * throws the typed errors of errors.ts; nothing touches `process` or the console.
 */
export type { Diagnostic, DiagnosticCode, Result, Severity } from "./diagnostic.js";
export { formatLocation } from "./diagnostic.js";
export { GrovePipelinesError, InternalError, InvalidInputError } from "./errors.js";

export type { Directive, DirectiveKind, InstanceRequest, Target } from "./commit/directive.js";
export { parseCommitMessage } from "./commit/parseCommitMessage.js";
export { effectiveTitle } from "./commit/title.js";
export { composeMessage } from "./commit/composeMessage.js";
export { parseComposeArgs, COMPOSE_KINDS } from "./commit/parseComposeArgs.js";

export type { Settings } from "./repo/settings.js";
export { DEFAULT_SETTINGS } from "./repo/settings.js";
export { settingsJsonSchema } from "./repo/settingsJsonSchema.js";
export type { InstanceConfig, InvalidInstance, RepoSnapshot } from "./repo/snapshot.js";
export { readCluster } from "./repo/readCluster.js";
export type { Cluster, ReadClusterOptions } from "./repo/readCluster.js";
export type { SnapshotNeeds } from "./repo/snapshot.js";

export type { JobKind, Plan, PlanJob, SkippedInstance } from "./plan/plan.js";
export { buildPlan } from "./plan/buildPlan.js";
export { combineDirectives } from "./plan/combineDirectives.js";
export { explainInstance } from "./plan/explainInstance.js";
export { matchesTarget, normalizeRepository } from "./plan/matchTarget.js";
export { decideGate } from "./plan/decideGate.js";
export type { GateDecision } from "./plan/decideGate.js";

export type { PipelineRenderer, RenderOptions } from "./render/gitlabRenderer.js";
export { gitlabRenderer } from "./render/gitlabRenderer.js";
export { BUILTIN_TEMPLATES, parseTemplates } from "./repo/templates.js";
export type { TemplateSet } from "./repo/templates.js";
export { renderDot, renderMermaid } from "./render/renderGraph.js";

// The entry points the CLI uses too: each reads the repository once, through readCluster.
export { planCommits } from "./pipeline/planCommits.js";
export type { CommitInput, PlannedCommits, PlanCommitsOptions } from "./pipeline/planCommits.js";
export { generatePipeline } from "./pipeline/generatePipeline.js";
export { SHARD_DIRECTIVES_VARIABLE } from "./pipeline/shardedPipeline.js";
export type { GeneratedPipeline, GenerateOptions } from "./pipeline/generatePipeline.js";
export type { GeneratorSource } from "./render/renderOrchestrator.js";
export { explainCommits } from "./pipeline/explainCommits.js";
export type { CommitExplanation, Explanation } from "./pipeline/explainCommits.js";
export { listInstances } from "./pipeline/listInstances.js";
export type { InstanceList, InstanceRow } from "./pipeline/listInstances.js";
export { clusterStatus, instanceHistory } from "./pipeline/status.js";
export type {
  ClusterStatus,
  DeploymentRequest,
  HistoryOptions,
  InstanceHistory,
  InstanceStatus,
  SyncState,
} from "./pipeline/status.js";
