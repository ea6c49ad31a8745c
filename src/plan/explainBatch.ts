import type { RepoSnapshot } from "../repo/snapshot.js";
import type { BatchDirective, InstanceEvaluation } from "./evaluateInstance.js";
import { planWaves } from "./planWaves.js";
import { selectBatch } from "./selectBatch.js";

/**
 * Why a batch does or does not upgrade one readable instance, step by step, in the order the
 * rules apply: effective values, each target, BATCH_UPGRADE_DISABLED, the wave.
 */
export function explainBatch(
  name: string,
  directive: BatchDirective,
  snapshot: RepoSnapshot,
): { included: boolean; lines: string[] } {
  const selection = selectBatch(directive, snapshot);
  const evaluation = selection.evaluations.find((e) => e.instance.name === name);
  const lines = [describeBatch(directive)];
  if (evaluation === undefined) {
    lines.push(`'${name}' was not among the instances read for this batch`);
    return { included: false, lines };
  }
  lines.push(...valueLines(evaluation, directive));
  lines.push(...targetLines(evaluation, directive));
  lines.push(disabledLine(evaluation));
  const failures = selection.diagnostics.map((d) => `but the plan fails: ${d.message}`);
  if (!evaluation.selected) {
    lines.push(`not included: ${evaluation.skipReason ?? "left out"}`, ...failures);
    return { included: false, lines };
  }
  const waves = planWaves(
    selection.selected.map((e) => e.instance.name),
    snapshot.settings.batch,
  );
  const index = waves.findIndex((w) => w.includes(name));
  const canary = index === 0 && waveHoldsCanary(snapshot, waves);
  lines.push(`included: upgraded in wave ${index + 1}${canary ? " (canary)" : ""}`);
  lines.push(...failures);
  return { included: failures.length === 0, lines };
}

function describeBatch(directive: BatchDirective): string {
  const targets = directive.targets.map((t) => `${t.repository}|${t.version}`).join(", ");
  if (directive.kind === "batch-upgrade") return `batch upgrade of instances matching ${targets}`;
  return directive.targets.length === 0
    ? `batch upgrade to commit ${directive.commit} of every instance with a repository`
    : `batch upgrade to commit ${directive.commit} of instances matching ${targets}`;
}

function valueLines(e: InstanceEvaluation, directive: BatchDirective): string[] {
  const file = e.instance.configFile;
  const describe = (key: string, value: string | null, fromDefault: boolean): string => {
    if (value === null) {
      return `${key}: missing (${file} has none and grove-pipelines.yml sets no default)`;
    }
    const source = fromDefault ? `default from grove-pipelines.yml; ${file} has none` : file;
    return `${key}: ${value} (${source})`;
  };
  const lines = [describe("EDX_PLATFORM_REPOSITORY", e.repository, e.repositoryFromDefault)];
  if (e.normalizedRepository !== null) {
    lines.push(`normalised repository: ${e.normalizedRepository}`);
  }
  const versionMatters = directive.kind === "batch-upgrade" || directive.targets.length > 0;
  if (e.version !== null || versionMatters) {
    lines.push(describe("EDX_PLATFORM_VERSION", e.version, e.versionFromDefault));
  }
  return lines;
}

function targetLines(e: InstanceEvaluation, directive: BatchDirective): string[] {
  if (directive.kind === "batch-upgrade-to" && directive.targets.length === 0) {
    return e.repository === null ? [] : ["no targets: every instance with a repository matches"];
  }
  return e.checks.map((c) => {
    const verdict = (ok: boolean): string => (ok ? "match" : "no match");
    return (
      `target ${c.target.repository}|${c.target.version}: ` +
      `repository ${c.normalizedTarget} vs ${e.normalizedRepository ?? ""}: ${verdict(c.repositoryMatches)}; ` +
      `version ${c.target.version} vs ${e.version ?? ""}: ${verdict(c.versionMatches)}` +
      (c.repositoryMatches && c.versionMatches ? " => matches" : "")
    );
  });
}

function disabledLine(e: InstanceEvaluation): string {
  const { groveFile, batchUpgradeDisabled, batchUpgradeDisabledRaw } = e.instance;
  if (groveFile === null) return "BATCH_UPGRADE_DISABLED: not set (the instance has no grove.yml)";
  if (batchUpgradeDisabledRaw === null) {
    return `BATCH_UPGRADE_DISABLED: not set in ${groveFile}`;
  }
  return batchUpgradeDisabled
    ? `BATCH_UPGRADE_DISABLED: ${batchUpgradeDisabledRaw} in ${groveFile}, which counts as true: batch upgrades leave the instance alone`
    : `BATCH_UPGRADE_DISABLED: ${batchUpgradeDisabledRaw} in ${groveFile}, which counts as false`;
}

/** Wave 1 is the canary wave unless the settings ask for no canary at all. */
function waveHoldsCanary(snapshot: RepoSnapshot, waves: readonly string[][]): boolean {
  const { canary, canaryInstances } = snapshot.settings.batch;
  const selectedCanary = canaryInstances.some((c) => waves[0]?.includes(c) ?? false);
  return canary > 0 || selectedCanary;
}
