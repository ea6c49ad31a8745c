import type { Directive, Target } from "../commit/directive.js";
import type { Settings } from "../repo/settings.js";
import type { InstanceConfig } from "../repo/snapshot.js";
import { normalizeRepository } from "./normalizeRepository.js";
import { wildcardMatch } from "./wildcardMatch.js";

export type BatchDirective = Extract<Directive, { kind: "batch-upgrade" | "batch-upgrade-to" }>;

/** One target compared with one instance, part by part (for explanations). */
export interface TargetCheck {
  readonly target: Target;
  /** The target's repository after normalising (still with its wildcards). */
  readonly normalizedTarget: string;
  readonly repositoryMatches: boolean;
  readonly versionMatches: boolean;
}

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
 * Applies SPEC.md's batch rules to one instance. With UpgradeTo and no targets every instance
 * with a repository matches: the version is not compared, the commit replaces it.
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
  // shape (no spreads of partial objects), which kept this off the top of the batch profile.
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
  const versionMissing = version === null && !allInstances;
  if (repository === null || normalizedRepository === null || versionMissing) {
    const missing =
      repository === null && versionMissing
        ? "EDX_PLATFORM_REPOSITORY or EDX_PLATFORM_VERSION"
        : repository === null
          ? "EDX_PLATFORM_REPOSITORY"
          : "EDX_PLATFORM_VERSION";
    return evaluation(
      NO_CHECKS,
      false,
      `${instance.configFile} has no ${missing} and grove-pipelines.yml sets no default`,
    );
  }
  const checks: TargetCheck[] = [];
  let matched = allInstances;
  for (const target of directive.targets) {
    const normalizedTarget = normalizeRepository(target.repository);
    const check = {
      target,
      normalizedTarget,
      repositoryMatches: wildcardMatch(normalizedTarget, normalizedRepository),
      versionMatches: version !== null && wildcardMatch(target.version, version),
    };
    if (check.repositoryMatches && check.versionMatches) matched = true;
    checks.push(check);
  }
  if (!matched) {
    return evaluation(
      checks,
      false,
      `runs ${repository}|${version ?? ""}, which matches no target`,
    );
  }
  if (instance.batchUpgradeDisabled) {
    const file = instance.groveFile ?? instance.configFile.replace(/config\.yml$/, "grove.yml");
    return evaluation(checks, true, `BATCH_UPGRADE_DISABLED is true in ${file}`);
  }
  return evaluation(checks, true, null);
}

const NO_CHECKS: readonly TargetCheck[] = [];
