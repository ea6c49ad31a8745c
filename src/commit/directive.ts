/**
 * The value a commit title parses into. Shapes are exactly those `lint --json` prints under
 * `directive` (SPEC.md, "The plan").
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

export type Directive =
  | { readonly kind: "none" }
  | { readonly kind: "infrastructure"; readonly text: string }
  | {
      readonly kind: "create" | "update";
      readonly instances: readonly InstanceRequest[];
      readonly legacy: boolean;
    }
  | { readonly kind: "archive" | "delete"; readonly instances: readonly InstanceName[] }
  | { readonly kind: "batch-upgrade"; readonly targets: readonly Target[] }
  | {
      readonly kind: "batch-upgrade-to";
      readonly commit: string;
      /** Empty means every batch-eligible instance. */
      readonly targets: readonly Target[];
    };

export type DirectiveKind = Directive["kind"];

export const DIRECTIVE_KINDS: readonly DirectiveKind[] = [
  "none",
  "infrastructure",
  "create",
  "update",
  "archive",
  "delete",
  "batch-upgrade",
  "batch-upgrade-to",
];

/** Names of the instances a directive names explicitly (not the ones a batch selects). */
export function namedInstances(d: Directive): readonly string[] {
  switch (d.kind) {
    case "create":
    case "update":
    case "archive":
    case "delete":
      return d.instances.map((i) => i.name);
    default:
      return [];
  }
}

export function isBatch(
  d: Directive,
): d is Extract<Directive, { kind: "batch-upgrade" | "batch-upgrade-to" }> {
  return d.kind === "batch-upgrade" || d.kind === "batch-upgrade-to";
}
