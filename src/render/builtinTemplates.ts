import { jobSpecs, NAMED_KINDS } from "../commit/kinds.js";
import type { AnyKindTable } from "../commit/kinds.js";
import { templateNameFor } from "./templateNames.js";
import type { TemplateSet } from "./templateSet.js";

/**
 * The templates that ship with the package: every job kind's template from the kinds table
 * (kinds.ts), in the order they are written out. `templates/grove-templates.yml` holds the same
 * jobs for users to copy and edit (a test keeps the two equal).
 */
export function builtinTemplates(kinds: AnyKindTable = NAMED_KINDS): TemplateSet {
  return {
    jobs: new Map(jobSpecs(kinds).map((spec) => [templateNameFor(spec.kind), spec.template])),
  };
}

export const BUILTIN_TEMPLATES: TemplateSet = builtinTemplates();
