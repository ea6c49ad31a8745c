import type { Directive } from "../commit/directive.js";

/**
 * Job kinds are a fixed vocabulary (SPEC.md, "The plan"). `wave-gate` is the one addition: a job
 * that lets a batch wave start only when every deploy of the wave before it has succeeded.
 */
export type JobKind =
  | "noop"
  | "terraform-plan"
  | "terraform-apply"
  | "base-image"
  | "build-image"
  | "deploy"
  | "archive"
  | "delete"
  | "wave-gate";

export const JOB_KINDS: readonly JobKind[] = [
  "noop",
  "terraform-plan",
  "terraform-apply",
  "base-image",
  "build-image",
  "deploy",
  "archive",
  "delete",
  "wave-gate",
];

export interface PlanJob {
  /** Unique job name, at most 255 characters, e.g. `deploy:site-a`. */
  readonly name: string;
  readonly kind: JobKind;
  /** The instance the job works on, or null for jobs of no instance. */
  readonly instance: string | null;
  /** Names of other jobs of the plan that must succeed first. */
  readonly needs: readonly string[];
  /** Variables the job's script needs; values are validated before they get here. */
  readonly variables: Readonly<Record<string, string>>;
  /** GitLab stage of the job; `Plan.stages` lists them in order. */
  readonly stage: string;
  /** Rollout wave for batch jobs (0 = base images, 1 = canary, 2.. = later waves); null otherwise. */
  readonly wave: number | null;
}

export interface SkippedInstance {
  readonly instance: string;
  /** Why the instance was considered and left out, for a person. */
  readonly reason: string;
}

/** One commit of a multi-commit push, as `combineDirectives` received it. */
export interface PlanSource {
  readonly sha: string;
  readonly title: string;
  readonly directive: Directive;
}

export interface Plan {
  readonly directive: Directive;
  /** Jobs in a deterministic order that respects `needs`. */
  readonly jobs: readonly PlanJob[];
  readonly skipped: readonly SkippedInstance[];
  /** Stage names in pipeline order; every job's stage is one of these. */
  readonly stages: readonly string[];
  /** The commits whose directives were combined into this plan (oldest first); set only for pushes of several commits. */
  readonly sources?: readonly PlanSource[];
}
