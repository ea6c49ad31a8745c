import type { Directive } from "../commit/directive.js";
import { isBatch, namedInstances } from "../commit/directive.js";

/**
 * What the repository loader must read for these directives (one commit, or every commit of a
 * push): the instances they name, in order of first mention without repeats, and `all` when a
 * batch needs every instance. `none` and `infrastructure` need no instance at all, so a cluster
 * with thousands of instances costs nothing for them.
 */
export function snapshotNeeds(directives: readonly Directive[]): { names: string[]; all: boolean } {
  const names = new Set<string>();
  let all = false;
  for (const directive of directives) {
    if (isBatch(directive)) all = true;
    for (const name of namedInstances(directive)) names.add(name);
  }
  return { names: [...names], all };
}
