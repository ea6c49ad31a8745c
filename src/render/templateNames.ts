import { jobSpecs } from "../commit/kinds.js";

/** The hidden template job every plan job of that kind extends, e.g. `.grove-deploy`. */
export function templateNameFor(kind: string): string {
  return `.grove-${kind}`;
}

/**
 * The templates SPEC names: a user's template file must define every one of them. Templates of
 * later kinds are optional there (the built-in one fills in; see kinds.ts).
 */
export const REQUIRED_TEMPLATE_NAMES: readonly string[] = jobSpecs()
  .filter((spec) => spec.required)
  .map((spec) => templateNameFor(spec.kind));

/** Every template the renderer may use, in the order they are written out. */
export const TEMPLATE_NAMES: readonly string[] = jobSpecs().map((spec) =>
  templateNameFor(spec.kind),
);
