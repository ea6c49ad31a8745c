import type { Directive } from "../commit/directive.js";
import type { Diagnostic } from "../diagnostic.js";
import { error } from "../diagnostic.js";
import type { Settings } from "../repo/settings.js";
import { SETTINGS_FILE } from "../repo/settings.js";
import type { InstanceConfig, RepoSnapshot } from "../repo/snapshot.js";
import { byText, didYouMeanText, suggestNames } from "../text.js";
import type { TargetCheck } from "./matchTarget.js";
import { checkTarget, normalizeRepository } from "./matchTarget.js";
import type { SkippedInstance } from "./plan.js";

/** Which instances a batch upgrades (SPEC.md's batch rules), and why each other one is left out. */

export type BatchDirective = Extract<Directive, { kind: "batch-upgrade" | "batch-upgrade-to" }>;

/** Everything the batch rules decided about one instance, and why. */
export interface InstanceEvaluation {
  readonly instance: InstanceConfig;
  /** Effective EDX_PLATFORM_REPOSITORY as written (config.yml, else the settings default). */
  readonly repository: string | null;
  readonly repositoryFromDefault: boolean;
  readonly normalizedRepository: string | null;
  /** Effective EDX_PLATFORM_VERSION as written (config.yml, else the settings default). */
  readonly version: string | null;
  readonly versionFromDefault: boolean;
  /** Each target against this instance; empty when values are missing or there are no targets. */
  readonly checks: readonly TargetCheck[];
  /** The directive asks for this instance, before BATCH_UPGRADE_DISABLED is applied. */
  readonly matched: boolean;
  /** Matched and not disabled: the batch upgrades it. */
  readonly selected: boolean;
  /** Why it is left out, for a person; null when selected. */
  readonly skipReason: string | null;
}

/**
 * Applies the batch rules to one instance. With UpgradeTo and no targets every instance with a
 * repository matches: the version is not compared, the commit replaces it.
 */
export function evaluateInstance(
  instance: InstanceConfig,
  directive: BatchDirective,
  settings: Settings,
): InstanceEvaluation {
  const repository = instance.repository ?? settings.defaults.EDX_PLATFORM_REPOSITORY;
  const version = instance.version ?? settings.defaults.EDX_PLATFORM_VERSION;
  const normalizedRepository = repository === null ? null : normalizeRepository(repository);
  const allInstances = directive.kind === "batch-upgrade-to" && directive.targets.length === 0;
  // A batch evaluates every instance of the cluster: each result is built as one object of one
  // shape (no spreads of partial objects).
  const evaluation = (
    checks: readonly TargetCheck[],
    matched: boolean,
    skipReason: string | null,
  ): InstanceEvaluation => ({
    instance,
    repository,
    repositoryFromDefault: instance.repository === null && repository !== null,
    normalizedRepository,
    version,
    versionFromDefault: instance.version === null && version !== null,
    checks,
    matched,
    selected: skipReason === null,
    skipReason,
  });
  const matchedUnlessDisabled = (checks: readonly TargetCheck[]): InstanceEvaluation => {
    if (!instance.batchUpgradeDisabled) return evaluation(checks, true, null);
    const file = instance.groveFile ?? instance.configFile.replace(/config\.yml$/, "grove.yml");
    return evaluation(checks, true, `BATCH_UPGRADE_DISABLED is true in ${file}`);
  };
  const missing = (what: string): InstanceEvaluation =>
    evaluation(
      NO_CHECKS,
      false,
      `${instance.configFile} has no ${what} and grove-pipelines.yml sets no default`,
    );

  if (repository === null || normalizedRepository === null) {
    return missing(
      version === null && !allInstances
        ? "EDX_PLATFORM_REPOSITORY or EDX_PLATFORM_VERSION"
        : "EDX_PLATFORM_REPOSITORY",
    );
  }
  if (allInstances) return matchedUnlessDisabled(NO_CHECKS);
  if (version === null) return missing("EDX_PLATFORM_VERSION");
  const checks = directive.targets.map((t) => checkTarget(t, normalizedRepository, version));
  if (!checks.some((c) => c.repositoryMatches && c.versionMatches)) {
    return evaluation(checks, false, `runs ${repository}|${version}, which matches no target`);
  }
  return matchedUnlessDisabled(checks);
}

const NO_CHECKS: readonly TargetCheck[] = [];

export interface BatchSelection {
  readonly directive: BatchDirective;
  /** Every readable instance, by name. */
  readonly evaluations: readonly InstanceEvaluation[];
  /** The instances the batch upgrades, by name. */
  readonly selected: readonly InstanceEvaluation[];
  /** Every instance considered and left out (unreadable ones too), by name. */
  readonly skipped: readonly SkippedInstance[];
}

/**
 * Applies the batch rules to every instance of the snapshot. `evaluate` is evaluateInstance, or
 * one that remembers its answers (`status` evaluates one cluster at many commits).
 */
export function selectBatch(
  directive: BatchDirective,
  snapshot: RepoSnapshot,
  evaluate: typeof evaluateInstance = evaluateInstance,
): BatchSelection {
  const evaluations = [...snapshot.instances]
    .sort(([a], [b]) => byText(a, b))
    .map(([, instance]) => evaluate(instance, directive, snapshot.settings));
  const skipped: SkippedInstance[] = [];
  for (const e of evaluations) {
    if (e.skipReason !== null) skipped.push({ instance: e.instance.name, reason: e.skipReason });
  }
  for (const invalid of snapshot.invalid) {
    const reason = invalid.diagnostics[0]?.message ?? "its files could not be read";
    skipped.push({ instance: invalid.instance, reason });
  }
  skipped.sort((a, b) => byText(a.instance, b.instance));
  return { directive, evaluations, selected: evaluations.filter((e) => e.selected), skipped };
}

/** How many repository|version pairs an error message lists before it says "and N more". */
const MAX_PAIRS_LISTED = 20;

/**
 * What makes a batch invalid as a whole: each target must match some instance before
 * BATCH_UPGRADE_DISABLED is applied (a typo must not become an empty rollout), and
 * `batch.canaryInstances` must name existing instances.
 */
export function batchProblems(selection: BatchSelection, snapshot: RepoSnapshot): Diagnostic[] {
  return [...unmatchedTargets(selection, snapshot), ...unknownCanaries(snapshot)];
}

function unmatchedTargets(
  { directive, evaluations }: BatchSelection,
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
