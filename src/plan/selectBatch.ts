import type { Directive, Target } from "../commit/directive.js";
import type { Diagnostic } from "../diagnostic.js";
import { error } from "../diagnostic.js";
import type { Settings } from "../repo/settings.js";
import { SETTINGS_FILE } from "../repo/settings.js";
import type { InstanceConfig, RepoSnapshot } from "../repo/snapshot.js";
import { byText, didYouMeanText, suggestNames } from "../text.js";
import type { TargetCheck } from "./matchTarget.js";
import { checkTarget, normalizeRepository, wildcardMatch } from "./matchTarget.js";
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
  /**
   * The index in the directive's targets of one target that asks for this instance, -1 for none
   * (also when values are missing or there are no targets). Only one: a batch is instances ×
   * targets, and keeping every comparison per instance cost gigabytes; `targetChecks` gives them
   * all for one instance when a person asks why.
   */
  readonly matchingTarget: number;
  /** The directive asks for this instance, before BATCH_UPGRADE_DISABLED is applied. */
  readonly matched: boolean;
  /** Matched and not disabled: the batch upgrades it. */
  readonly selected: boolean;
  /** Why it is left out, for a person; null when selected. */
  readonly skipReason: string | null;
}

/**
 * Applies the batch rules to one instance. With UpgradeTo and no targets every instance with a
 * repository matches: the version is not compared, the commit replaces it. `matcher` is shared by
 * every instance of one batch (see TargetMatcher); without one, this instance's targets are
 * compared on their own.
 */
export function evaluateInstance(
  instance: InstanceConfig,
  directive: BatchDirective,
  settings: Settings,
  matcher: TargetMatcher = new TargetMatcher(directive.targets),
): InstanceEvaluation {
  const repository = instance.repository ?? settings.defaults.EDX_PLATFORM_REPOSITORY;
  const version = instance.version ?? settings.defaults.EDX_PLATFORM_VERSION;
  const normalizedRepository = repository === null ? null : normalizeRepository(repository);
  const allInstances = directive.kind === "batch-upgrade-to" && directive.targets.length === 0;
  // A batch evaluates every instance of the cluster: each result is built as one object of one
  // shape (no spreads of partial objects).
  const evaluation = (
    matchingTarget: number,
    matched: boolean,
    skipReason: string | null,
  ): InstanceEvaluation => ({
    instance,
    repository,
    repositoryFromDefault: instance.repository === null && repository !== null,
    normalizedRepository,
    version,
    versionFromDefault: instance.version === null && version !== null,
    matchingTarget,
    matched,
    selected: skipReason === null,
    skipReason,
  });
  const matchedUnlessDisabled = (matchingTarget: number): InstanceEvaluation => {
    if (!instance.batchUpgradeDisabled) return evaluation(matchingTarget, true, null);
    const file = instance.groveFile ?? instance.configFile.replace(/config\.yml$/, "grove.yml");
    return evaluation(matchingTarget, true, `BATCH_UPGRADE_DISABLED is true in ${file}`);
  };
  const missing = (what: string): InstanceEvaluation =>
    evaluation(
      -1,
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
  if (allInstances) return matchedUnlessDisabled(-1);
  if (version === null) return missing("EDX_PLATFORM_VERSION");
  const matchingTarget = matcher.firstMatch(normalizedRepository, version);
  if (matchingTarget < 0) {
    return evaluation(-1, false, `runs ${repository}|${version}, which matches no target`);
  }
  return matchedUnlessDisabled(matchingTarget);
}

/** Every target against one evaluated instance, part by part, for explanations. */
export function targetChecks(e: InstanceEvaluation, directive: BatchDirective): TargetCheck[] {
  const { normalizedRepository, version } = e;
  if (normalizedRepository === null || version === null) return [];
  return directive.targets.map((t) => checkTarget(t, normalizedRepository, version));
}

/**
 * Matches one batch's targets against the instances of a cluster in time close to linear in
 * instances + targets. A cluster runs few distinct repository|version pairs, so each pair is
 * matched once and remembered; targets without `*` are found by one lookup of the pair; only
 * wildcard targets are compared one by one (so a title's target cap bounds that, see
 * MAX_TARGETS). It also records which targets matched some instance, for the "matches no
 * instance" check, without keeping instances × targets results.
 */
export class TargetMatcher {
  private readonly exact = new Map<string, number[]>();
  private readonly wildcard: { index: number; check: (repo: string, v: string) => boolean }[] = [];
  private readonly memo = new Map<string, number>();
  private readonly matchedAny: boolean[];

  constructor(targets: readonly Target[]) {
    this.matchedAny = targets.map(() => false);
    targets.forEach((target, index) => {
      const repository = normalizeRepository(target.repository);
      if (!repository.includes("*") && !target.version.includes("*")) {
        const key = pairKey(repository, target.version);
        const list = this.exact.get(key);
        if (list === undefined) this.exact.set(key, [index]);
        else list.push(index);
      } else {
        this.wildcard.push({
          index,
          check: (repo, v) => wildcardMatch(repository, repo) && wildcardMatch(target.version, v),
        });
      }
    });
  }

  /** The lowest index of a target asking for `normalizedRepository` at `version`, or -1. */
  firstMatch(normalizedRepository: string, version: string): number {
    const key = pairKey(normalizedRepository, version);
    const known = this.memo.get(key);
    if (known !== undefined) return known;
    let first = -1;
    for (const index of this.exact.get(key) ?? []) {
      this.matchedAny[index] = true;
      if (first < 0 || index < first) first = index;
    }
    for (const { index, check } of this.wildcard) {
      // Once this pair has a match, only targets that matched nothing yet still need a look.
      if (first >= 0 && index > first && this.matchedAny[index] === true) continue;
      if (check(normalizedRepository, version)) {
        this.matchedAny[index] = true;
        if (first < 0 || index < first) first = index;
      }
    }
    this.memo.set(key, first);
    return first;
  }

  /** Whether the target at `index` matched some instance looked at so far. */
  matched(index: number): boolean {
    return this.matchedAny[index] === true;
  }
}

/** `|` may appear in neither part of a target, so it makes an unambiguous key. */
function pairKey(repository: string, version: string): string {
  return `${repository}|${version}`;
}

export interface BatchSelection {
  readonly directive: BatchDirective;
  /** Every readable instance, by name. */
  readonly evaluations: readonly InstanceEvaluation[];
  /** The instances the batch upgrades, by name. */
  readonly selected: readonly InstanceEvaluation[];
  /** Every instance considered and left out (unreadable ones too), by name. */
  readonly skipped: readonly SkippedInstance[];
  /** The indexes of the directive's targets that match no instance. */
  readonly unmatchedTargets: readonly number[];
}

/** Applies the batch rules to every instance of the snapshot. */
export function selectBatch(directive: BatchDirective, snapshot: RepoSnapshot): BatchSelection {
  const matcher = new TargetMatcher(directive.targets);
  const evaluations = [...snapshot.instances]
    .sort(([a], [b]) => byText(a, b))
    .map(([, instance]) => evaluateInstance(instance, directive, snapshot.settings, matcher));
  const skipped: SkippedInstance[] = [];
  for (const e of evaluations) {
    if (e.skipReason !== null) skipped.push({ instance: e.instance.name, reason: e.skipReason });
  }
  for (const invalid of snapshot.invalid) {
    const reason = invalid.diagnostics[0]?.message ?? "its files could not be read";
    skipped.push({ instance: invalid.instance, reason });
  }
  skipped.sort((a, b) => byText(a.instance, b.instance));
  const unmatchedTargets = directive.targets.flatMap((_, i) => (matcher.matched(i) ? [] : [i]));
  return {
    directive,
    evaluations,
    selected: evaluations.filter((e) => e.selected),
    skipped,
    unmatchedTargets,
  };
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
  { directive, evaluations, unmatchedTargets: unmatched }: BatchSelection,
  snapshot: RepoSnapshot,
): Diagnostic[] {
  if (unmatched.length === 0) return [];
  const runs = `${clusterRuns(evaluations)}${unreadable(snapshot)}`;
  return unmatched.flatMap((index) => {
    const target = directive.targets[index];
    if (target === undefined) return [];
    return [
      error(
        "target-matches-nothing",
        `batch target '${target.repository}|${target.version}' matches no instance; ${runs}`,
        { subject: `${target.repository}|${target.version}` },
      ),
    ];
  });
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
