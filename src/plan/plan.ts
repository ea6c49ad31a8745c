import type { Directive, NamedDirectiveShape } from "../commit/directive.js";
import { jobSpecs, NAMED_KINDS } from "../commit/kinds.js";
import type { JobKind } from "../commit/kinds.js";

/**
 * Job kinds are a fixed vocabulary (SPEC.md, "The plan"): the jobs of no named kind and the
 * chains of the named kinds (kinds.ts). `wave-gate` is the one addition: a job that lets a batch
 * wave start only when every deploy of the wave before it has succeeded.
 */
export type { JobKind };

export const JOB_KINDS: readonly JobKind[] = jobSpecs(NAMED_KINDS).map((spec) => spec.kind);

/**
 * One job of a plan. `Y` is the job kinds a kinds table adds to the built-in ones (none for the
 * product's table; see kinds.ts).
 */
export interface PlanJob<Y extends string = never> {
  /** Unique job name, at most 255 characters, e.g. `deploy:site-a`. */
  readonly name: string;
  readonly kind: JobKind | Y;
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
export interface PlanSource<X extends NamedDirectiveShape = never> {
  readonly sha: string;
  readonly title: string;
  readonly directive: Directive | X;
}

/**
 * A plan. `X` and `Y` are the directives and job kinds a kinds table adds to the built-in ones
 * (none for the product's table; see kinds.ts).
 */
export interface Plan<X extends NamedDirectiveShape = never, Y extends string = never> {
  readonly directive: Directive | X;
  /** Jobs in a deterministic order that respects `needs`. */
  readonly jobs: readonly PlanJob<Y>[];
  readonly skipped: readonly SkippedInstance[];
  /** Stage names in pipeline order; every job's stage is one of these. */
  readonly stages: readonly string[];
  /** The commits whose directives were combined into this plan (oldest first); set only for pushes of several commits. */
  readonly sources?: readonly PlanSource<X>[];
}

/** A plan of any kinds table, for stages that only read plans (the renderer). */
export type AnyPlan = Plan<NamedDirectiveShape, string>;
export type AnyPlanJob = PlanJob<string>;
