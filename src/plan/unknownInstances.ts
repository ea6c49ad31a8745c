import type { Diagnostic } from "../diagnostic.js";
import { error } from "../diagnostic.js";
import type { RepoSnapshot } from "../repo/snapshot.js";
import { didYouMeanText, suggestNames } from "../text.js";

/**
 * Errors for every named instance the snapshot does not have, all at once, each with the closest
 * existing names. An instance that exists but could not be read reports its own problems instead
 * (its file and line say more than "unknown").
 */
export function unknownInstances(names: readonly string[], snapshot: RepoSnapshot): Diagnostic[] {
  const candidates = snapshot.allNames ?? [...snapshot.instances.keys()];
  const problems: Diagnostic[] = [];
  for (const name of new Set(names)) {
    if (snapshot.instances.has(name)) continue;
    const invalid = snapshot.invalid.find((i) => i.instance === name);
    if (invalid !== undefined && invalid.diagnostics.length > 0) {
      problems.push(...invalid.diagnostics);
      continue;
    }
    problems.push(
      error(
        "unknown-instance",
        `unknown instance '${name}' (${snapshot.settings.instancesDir}/${name} does not exist)` +
          didYouMeanText(suggestNames(name, candidates)),
        { subject: name },
      ),
    );
  }
  return problems;
}
