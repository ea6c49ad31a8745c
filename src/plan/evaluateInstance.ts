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
  const base = {
    instance,
    repository,
    repositoryFromDefault: instance.repository === null && repository !== null,
    normalizedRepository,
    version,
    versionFromDefault: instance.version === null && version !== null,
  };
  const allInstances = directive.kind === "batch-upgrade-to" && directive.targets.length === 0;
  const missing = [
    ...(repository === null ? ["EDX_PLATFORM_REPOSITORY"] : []),
    ...(version === null && !allInstances ? ["EDX_PLATFORM_VERSION"] : []),
  ];
  if (missing.length > 0 || normalizedRepository === null || repository === null) {
    const reason =
      `${instance.configFile} has no ${missing.join(" or ")} ` +
      `and grove-pipelines.yml sets no default`;
    return { ...base, checks: [], matched: false, selected: false, skipReason: reason };
  }
  const checks = directive.targets.map((target) => {
    const normalizedTarget = normalizeRepository(target.repository);
    return {
      target,
      normalizedTarget,
      repositoryMatches: wildcardMatch(normalizedTarget, normalizedRepository),
      versionMatches: version !== null && wildcardMatch(target.version, version),
    };
  });
  const matched = allInstances || checks.some((c) => c.repositoryMatches && c.versionMatches);
  if (!matched) {
    const reason = `runs ${repository}|${version ?? ""}, which matches no target`;
    return { ...base, checks, matched, selected: false, skipReason: reason };
  }
  if (instance.batchUpgradeDisabled) {
    const file = instance.groveFile ?? instance.configFile.replace(/config\.yml$/, "grove.yml");
    const reason = `BATCH_UPGRADE_DISABLED is true in ${file}`;
    return { ...base, checks, matched, selected: false, skipReason: reason };
  }
  return { ...base, checks, matched, selected: true, skipReason: null };
}
