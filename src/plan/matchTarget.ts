import type { Target } from "../commit/directive.js";
import { normalizeRepository } from "./normalizeRepository.js";
import { wildcardMatch } from "./wildcardMatch.js";

/**
 * Whether an instance running `repository` at `version` is one a batch target asks for
 * (SPEC.md, "Details"): repositories compare after normalising both sides, versions exactly, and
 * `*` in either part of the target matches any run of characters.
 */
export function matchesTarget(repository: string, version: string, target: Target): boolean {
  return (
    wildcardMatch(target.version, version) &&
    wildcardMatch(normalizeRepository(target.repository), normalizeRepository(repository))
  );
}
