import type { Directive, NamedDirectiveShape } from "../commit/directive.js";
import type { JobKind } from "../commit/kinds.js";
import { InternalError } from "../errors.js";
import type { DeploymentTier } from "../repo/environments.js";
import type { Settings } from "../repo/settings.js";
import type { InstanceConfig } from "../repo/snapshot.js";

/**
 * The plan (SPEC.md, "The plan"): its jobs, how they and their stages are named, and the job of
 * a plan with nothing to do.
 *
 * Job kinds are a fixed vocabulary: the jobs of no named kind and the chains of the named kinds
 * (kinds.ts). `wave-gate` is the one addition: a job that lets a batch wave start only when every
 * deploy of the wave before it has succeeded.
 */
export type { JobKind };

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
  /**
   * The instance's GitLab environment, on the jobs whose kind starts, verifies or stops it
   * (deploy, verify, archive, delete; see jobKinds.ts); absent on every other job.
   */
  readonly environment?: JobEnvironment;
}

/** How an instance's GitLab environment is shown: its link and its deployment tier. */
export interface JobEnvironment {
  /** `https://<LMS_HOST>` when the instance's config.yml has a host name there, else null. */
  readonly url: string | null;
  readonly tier: DeploymentTier;
}

export interface SkippedInstance {
  readonly instance: string;
  /** Why the instance was considered and left out, for a person. */
  readonly reason: string;
}

/**
 * Where a directive came from when not from a commit title: the trigger client's variables, a
 * webhook's push event (TRIGGER_PAYLOAD), the branch name of a deployment merge, or nowhere (a
 * pipeline not started by a push that carries no directive of its own).
 */
export type DirectiveOrigin =
  "trigger-variables" | "trigger-payload" | "deployment-merge" | "nothing-carried";

/** One commit of a multi-commit push (or a directive not from a title), as `combineDirectives` received it. */
export interface PlanSource<X extends NamedDirectiveShape = never> {
  readonly sha: string;
  readonly title: string;
  readonly directive: Directive | X;
  /** Set when the directive did not come from the title. */
  readonly origin?: DirectiveOrigin;
  /** Why there is nothing to do, when the origin says so better than the directive kind. */
  readonly noopReason?: string;
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
  /**
   * Instances whose folders the planned commits changed while no job of this plan works on them:
   * committed configuration that this pipeline does not deploy. Set only when the commits came
   * from git (their changes are known), sorted.
   */
  readonly undeployed?: readonly string[];
}

/** A plan of any kinds table, for stages that only read plans (the renderer). */
export type AnyPlan = Plan<NamedDirectiveShape, string>;
export type AnyPlanJob = PlanJob<string>;

export const BASE_IMAGE_STAGE = "base-image";
const NOOP_STAGE = "noop";

export function waveGateStage(wave: number): string {
  return `wave-${wave}-gate`;
}
export function waveBuildStage(wave: number): string {
  return `wave-${wave}-build`;
}
export function waveDeployStage(wave: number): string {
  return `wave-${wave}-deploy`;
}
/** The stage of the verify jobs of named work; a batch has one per wave. */
export const VERIFY_STAGE = "verify";
export function waveVerifyStage(wave: number): string {
  return `wave-${wave}-verify`;
}

/**
 * The stages `jobs` use, in order of first use. The planner emits jobs stage by stage in pipeline
 * order, so this is also the pipeline's stage order.
 */
export function stagesOf(jobs: readonly AnyPlanJob[]): string[] {
  return [...new Set(jobs.map((job) => job.stage))];
}

/**
 * Why a pipeline has nothing to do. Fixed sentences of ours: the commit message never reaches a
 * job, even as a variable, unless it has been parsed into a validated value.
 */
export const NOOP_REASONS = {
  notDirective:
    "The commit title does not start with [AutoDeploy], so there is no deployment work to do.",
  noDirectiveInPush:
    "No commit of this push has a title starting with [AutoDeploy], so there is no deployment work to do.",
  batchAllDisabled:
    "Every instance this batch matches has BATCH_UPGRADE_DISABLED set, so there is nothing to upgrade; see the skipped instances.",
  batchNothingEligible:
    "No instance is eligible for this batch, so there is nothing to upgrade; see the skipped instances.",
  noInstances: "The directive names no instance, so there is no deployment work to do.",
  notCarried:
    "This pipeline was not started by a push, so it does not repeat what the head commit asked for, and it carries no directive of its own: a CI_COMMIT_MESSAGE variable other than the head commit's message, the trigger client's variables (NEW_INSTANCE_TRIGGER, ARCHIVE_INSTANCE_TRIGGER, DELETE_INSTANCE_TRIGGER, ABORT_DEPLOYMENT_TRIGGER) or, in a trigger pipeline, a webhook's TRIGGER_PAYLOAD. There is no deployment work to do.",
} as const;

/** How many undeployed instances a noop reason names before it counts the rest. */
const MAX_UNDEPLOYED_NAMED = 20;

/**
 * The sentence a noop reason (or a preview) adds about instances the commits changed without a
 * deployment. Names are checked instance names, so the text is still ours.
 */
export function undeployedSentence(names: readonly string[]): string {
  const shown = names.slice(0, MAX_UNDEPLOYED_NAMED).join(", ");
  const more =
    names.length > MAX_UNDEPLOYED_NAMED ? ` and ${names.length - MAX_UNDEPLOYED_NAMED} more` : "";
  const one = names.length === 1;
  return `Changed without a deployment: ${shown}${more} (${one ? "its" : "their"} committed configuration is not deployed until a directive asks for ${one ? "it" : "them"}).`;
}

/** The single job of a pipeline with nothing to do: GitLab rejects a pipeline with no jobs. */
export function noopJob(kind: string, reason: string): PlanJob {
  return {
    name: "noop",
    kind: "noop",
    instance: null,
    needs: [],
    variables: { AUTODEPLOY_KIND: kind, NOOP_REASON: reason },
    stage: NOOP_STAGE,
    wave: null,
  };
}

/**
 * The GitLab environment of an instance's jobs: a link to its LMS when config.yml names a host,
 * and grove.yml's tier, else the settings' one.
 */
export function instanceEnvironment(instance: InstanceConfig, settings: Settings): JobEnvironment {
  return {
    url: instance.lmsHost === null ? null : `https://${instance.lmsHost}`,
    tier: instance.deploymentTier ?? settings.deploymentTier,
  };
}

/**
 * `verify:<instance>`, the check of a deploy: it needs the deploy and carries its variables, its
 * environment (which it verifies) and its wave, so that sharding keeps it with its wave.
 */
export function verifyJob<Y extends string>(deploy: PlanJob<Y>, stage: string): PlanJob<Y> {
  if (deploy.instance === null) throw new InternalError(`${deploy.name} deploys no instance`);
  return {
    name: instanceJobName("verify", deploy.instance),
    kind: "verify",
    instance: deploy.instance,
    needs: [deploy.name],
    variables: deploy.variables,
    stage,
    wave: deploy.wave,
    ...(deploy.environment === undefined ? {} : { environment: deploy.environment }),
  };
}

/** GitLab rejects job names longer than this. */
export const MAX_JOB_NAME_LENGTH = 255;

/** `deploy:site-a`: the job of kind `kind` (see kinds.ts) for an instance. */
export function instanceJobName(kind: string, instance: string): string {
  // Instance names are at most 63 characters, so these never need shortening.
  return `${kind}:${instance}`;
}

export function waveGateName(wave: number): string {
  return `wave-gate:${wave}`;
}

/**
 * `name` itself when it fits GitLab's limit, else its start plus `~` and a hash of the whole
 * name: deterministic, still readable, and distinct for names that differ only at the end.
 */
export function fitJobName(name: string): string {
  if (name.length <= MAX_JOB_NAME_LENGTH) return name;
  const suffix = `~${shortHash(name)}`;
  let cut = MAX_JOB_NAME_LENGTH - suffix.length;
  // Never split a surrogate pair: half a character is not valid text.
  const code = name.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return name.slice(0, cut) + suffix;
}

/**
 * Eight hex digits derived from `text` (32-bit FNV-1a over its UTF-8 bytes). Used only to keep
 * shortened job names distinct and stable from run to run; it is not a security measure, and a
 * hand-written hash keeps the planner free of Node-only modules.
 */
export function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, "0");
}

/** One base image: an edx-platform repository (normalised) at a version or pinned commit. */
export interface BaseImageKey {
  readonly repository: string;
  readonly ref: string;
}

export function baseImageKeyId(key: BaseImageKey): string {
  return `${key.repository}\u0000${key.ref}`;
}

/**
 * Job names for a set of distinct base images, by `baseImageKeyId`. The label is the repository
 * path without its host plus `@ref` (`base-image:openedx/edx-platform@open-release/quince.3`):
 * the host almost never tells images apart and only makes names long. Labels that would collide
 * (same path on two hosts) use the full normalised repository instead, and a hash in the rare
 * case that still collides, so every name is unique.
 */
export function baseImageJobNames(keys: readonly BaseImageKey[]): Map<string, string> {
  const images = keys.map((key) => ({
    key,
    id: baseImageKeyId(key),
    label: clean(`${withoutHost(key.repository)}@${key.ref}`),
  }));
  for (const image of colliding(images)) {
    image.label = clean(`${image.key.repository}@${image.key.ref}`);
  }
  for (const image of colliding(images)) image.label = `${image.label}~${shortHash(image.id)}`;
  return new Map(images.map((image) => [image.id, fitJobName(`base-image:${image.label}`)]));
}

/** The repository path of a normalised repository, e.g. `openedx/edx-platform`. */
function withoutHost(repository: string): string {
  const slash = repository.indexOf("/");
  return slash === -1 ? repository : repository.slice(slash + 1);
}

/** White space and control characters have no place in a job name. */
function clean(label: string): string {
  return label.replace(/[\s\p{Cc}]/gu, "_");
}

/** The entries whose label another entry has too. */
function colliding<T extends { readonly label: string }>(entries: readonly T[]): T[] {
  const count = new Map<string, number>();
  for (const { label } of entries) count.set(label, (count.get(label) ?? 0) + 1);
  return entries.filter(({ label }) => count.get(label) !== 1);
}
