import type { JobKind } from "../plan/plan.js";

/** The hidden template job every plan job of that kind extends, e.g. `.grove-deploy`. */
export function templateNameFor(kind: JobKind): string {
  return `.grove-${kind}`;
}

/** The wave gate is our addition to SPEC's vocabulary, so a user's template file may omit it. */
export const WAVE_GATE_TEMPLATE = templateNameFor("wave-gate");

/** The eight templates SPEC names: a user's template file must define every one of them. */
export const REQUIRED_TEMPLATE_NAMES: readonly string[] = [
  templateNameFor("terraform-plan"),
  templateNameFor("terraform-apply"),
  templateNameFor("base-image"),
  templateNameFor("build-image"),
  templateNameFor("deploy"),
  templateNameFor("archive"),
  templateNameFor("delete"),
  templateNameFor("noop"),
];

/** Every template the renderer may use, in the order they are written out. */
export const TEMPLATE_NAMES: readonly string[] = [...REQUIRED_TEMPLATE_NAMES, WAVE_GATE_TEMPLATE];
