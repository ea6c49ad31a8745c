import { byText, didYouMeanText, suggestNames } from "../text.js";
import type { Diagnostic } from "../diagnostic.js";
import { error } from "../diagnostic.js";
import { SETTINGS_FILE } from "../repo/settings.js";
import type { RepoSnapshot } from "../repo/snapshot.js";
import type { BatchDirective, InstanceEvaluation } from "./evaluateInstance.js";
import { evaluateInstance } from "./evaluateInstance.js";
import type { SkippedInstance } from "./plan.js";

export interface BatchSelection {
  /** Every readable instance, by name. */
  readonly evaluations: readonly InstanceEvaluation[];
  /** The instances the batch upgrades, by name. */
  readonly selected: readonly InstanceEvaluation[];
  /** Every instance considered and left out (unreadable ones too), by name. */
  readonly skipped: readonly SkippedInstance[];
  /** Errors that make the batch invalid as a whole. */
  readonly diagnostics: readonly Diagnostic[];
}

/** How many repository|version pairs an error message lists before it says "and N more". */
const MAX_PAIRS_LISTED = 20;

/**
 * Applies the batch rules to every instance of the snapshot and checks the batch as a whole:
 * each target must match some instance before BATCH_UPGRADE_DISABLED is applied (a typo must
 * not become an empty rollout), and `batch.canaryInstances` must name existing instances.
 */
export function selectBatch(directive: BatchDirective, snapshot: RepoSnapshot): BatchSelection {
  const names = [...snapshot.instances.keys()].sort(byText);
  const evaluations: InstanceEvaluation[] = [];
  for (const name of names) {
    const instance = snapshot.instances.get(name);
    if (instance !== undefined) {
      evaluations.push(evaluateInstance(instance, directive, snapshot.settings));
    }
  }
  const skipped: SkippedInstance[] = [];
  for (const e of evaluations) {
    if (e.skipReason !== null) skipped.push({ instance: e.instance.name, reason: e.skipReason });
  }
  for (const invalid of snapshot.invalid) {
    const reason = invalid.diagnostics[0]?.message ?? "its files could not be read";
    skipped.push({ instance: invalid.instance, reason });
  }
  skipped.sort((a, b) => byText(a.instance, b.instance));
  return {
    evaluations,
    selected: evaluations.filter((e) => e.selected),
    skipped,
    diagnostics: [
      ...unmatchedTargets(directive, evaluations, snapshot),
      ...unknownCanaries(snapshot),
    ],
  };
}

function unmatchedTargets(
  directive: BatchDirective,
  evaluations: readonly InstanceEvaluation[],
  snapshot: RepoSnapshot,
): Diagnostic[] {
  const problems: Diagnostic[] = [];
  directive.targets.forEach((target, index) => {
    const matches = evaluations.some((e) => {
      const check = e.checks[index];
      return check !== undefined && check.repositoryMatches && check.versionMatches;
    });
    if (matches) return;
    problems.push(
      error(
        "target-matches-nothing",
        `batch target '${target.repository}|${target.version}' matches no instance; ` +
          `${clusterRuns(evaluations)}${unreadable(snapshot)}`,
        { subject: `${target.repository}|${target.version}` },
      ),
    );
  });
  return problems;
}

/** The distinct normalised repository|version pairs the cluster runs, as a sentence. */
function clusterRuns(evaluations: readonly InstanceEvaluation[]): string {
  const pairs = new Set<string>();
  for (const e of evaluations) {
    if (e.normalizedRepository !== null && e.version !== null) {
      pairs.add(`${e.normalizedRepository}|${e.version}`);
    }
  }
  if (pairs.size === 0) {
    return "no instance has both EDX_PLATFORM_REPOSITORY and EDX_PLATFORM_VERSION";
  }
  const sorted = [...pairs].sort(byText);
  const listed = sorted.slice(0, MAX_PAIRS_LISTED).join(", ");
  const more =
    sorted.length > MAX_PAIRS_LISTED ? ` and ${sorted.length - MAX_PAIRS_LISTED} more` : "";
  return `the cluster runs ${listed}${more}`;
}

function unreadable(snapshot: RepoSnapshot): string {
  const count = snapshot.invalid.length;
  if (count === 0) return "";
  const them =
    count === 1 ? "instance could not be read and was" : "instances could not be read and were";
  return ` (${count} ${them} not compared)`;
}

function unknownCanaries(snapshot: RepoSnapshot): Diagnostic[] {
  const known = snapshot.allNames ?? [
    ...snapshot.instances.keys(),
    ...snapshot.invalid.map((i) => i.instance),
  ];
  const knownSet = new Set(known);
  const dir = snapshot.settings.instancesDir;
  return [...new Set(snapshot.settings.batch.canaryInstances)]
    .filter((name) => !knownSet.has(name))
    .map((name) =>
      error(
        "unknown-canary-instance",
        `batch.canaryInstances names '${name}', which is not an instance ` +
          `(${dir}/${name} does not exist)${didYouMeanText(suggestNames(name, known))}`,
        { file: SETTINGS_FILE, keyPath: "batch.canaryInstances" },
      ),
    );
}
