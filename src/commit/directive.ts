import type { NamedDirective } from "./kinds.js";

/**
 * The value a commit title parses into. Shapes are exactly those `lint --json` prints under
 * `directive` (SPEC.md, "The plan"). The named kinds' shapes come from the kinds table
 * (kinds.ts), one member per row.
 */
export interface InstanceRequest {
  readonly name: string;
  /** The trigger client's DEPLOYMENT_REQUEST_ID, or null when the title gave none. */
  readonly deploymentId: string | null;
}

export interface InstanceName {
  readonly name: string;
}

/** A REPO|VERSION batch target. Either part may contain `*` wildcards. Stored as written. */
export interface Target {
  readonly repository: string;
  readonly version: string;
}

/** A named kind's directive whose entries are names only (archive, delete). */
export interface NamesDirective<K extends string> {
  readonly kind: K;
  readonly instances: readonly InstanceName[];
}

/** A named kind's directive whose entries may carry ids, and that has a legacy form (create, update). */
export interface RequestsDirective<K extends string> {
  readonly kind: K;
  readonly instances: readonly InstanceRequest[];
  readonly legacy: boolean;
}

/** What every named kind's directive has, whichever table it comes from. */
export interface NamedDirectiveShape {
  readonly kind: string;
  readonly instances: readonly (InstanceName & { readonly deploymentId?: string | null })[];
  readonly legacy?: boolean;
}

/** The directives of the kinds that are not named kinds. */
export type FixedDirective =
  | { readonly kind: "none" }
  | { readonly kind: "infrastructure"; readonly text: string }
  | { readonly kind: "batch-upgrade"; readonly targets: readonly Target[] }
  | {
      readonly kind: "batch-upgrade-to";
      readonly commit: string;
      /** Empty means every batch-eligible instance. */
      readonly targets: readonly Target[];
    }
  /** `[AutoDeploy][Build][Image]`: base images only, no instance work. */
  | { readonly kind: "build-base-image"; readonly targets: readonly Target[] }
  | RequestDirective;

/**
 * A request of Grove's trigger client, carried by a pipeline's variables rather than by a title
 * (see commit/triggerRequest.ts). Values are validated: names by the grammar, ids numeric.
 */
export type RequestDirective =
  | {
      readonly kind: "new-instance-request";
      readonly instance: string;
      readonly deploymentId: string;
    }
  | { readonly kind: "archive-request" | "delete-request"; readonly instance: string }
  | { readonly kind: "abort-deployment"; readonly pipelineId: string };

export type RequestKind = RequestDirective["kind"];

export type { NamedDirective };
export type Directive = FixedDirective | NamedDirective;

/** A directive of any table: functions that only read directives take this. */
export type AnyDirective = Directive | NamedDirectiveShape;

export type DirectiveKind = Directive["kind"];

/** Whether a directive is of a kind that is not a named kind (none, infrastructure, batches). */
export function isFixed(d: AnyDirective): d is FixedDirective {
  return !("instances" in d);
}

/** Names of the instances a directive names explicitly (not the ones a batch selects). */
export function namedInstances(d: AnyDirective): readonly string[] {
  return isFixed(d) ? [] : d.instances.map((i) => i.name);
}

const REQUEST_KINDS: ReadonlySet<string> = new Set<RequestKind>([
  "new-instance-request",
  "archive-request",
  "delete-request",
  "abort-deployment",
]);

/** Whether a directive is a trigger client's request (see commit/triggerRequest.ts). */
export function isRequest(d: AnyDirective): d is RequestDirective {
  return REQUEST_KINDS.has(d.kind);
}

export function isBatch(
  d: AnyDirective,
): d is Extract<Directive, { kind: "batch-upgrade" | "batch-upgrade-to" }> {
  return d.kind === "batch-upgrade" || d.kind === "batch-upgrade-to";
}
