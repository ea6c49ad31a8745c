import type { AnyDirective, FixedDirective, NamedDirectiveShape } from "../commit/directive.js";
import { isBatch, isFixed } from "../commit/directive.js";
import { DEPLOY, VERIFY } from "../commit/jobKinds.js";
import { NAMED_KINDS } from "../commit/kinds.js";
import type { AnyKindTable, NamedKind } from "../commit/kinds.js";
import { formatLocation } from "../diagnostic.js";
import { InternalError } from "../errors.js";
import type { RepoSnapshot } from "../repo/snapshot.js";
import { suggestNames } from "../text.js";
import { kindOf, unknownInstances } from "./buildPlan.js";
import { instanceJobName } from "./plan.js";
import { planWaves } from "./planBatch.js";
import { requestJob } from "./planStandalone.js";
import type { BatchDirective, InstanceEvaluation } from "./selectBatch.js";
import { batchProblems, selectBatch, targetChecks } from "./selectBatch.js";

export interface InstanceExplanation {
  /** Whether the plan for `directive` gives the instance jobs. */
  readonly included: boolean;
  /** The reasoning, one step a line, for a person. */
  readonly lines: string[];
  /** Closest existing names when `name` is not an instance. */
  readonly suggestions: string[];
}

/**
 * Why the plan for `directive` does or does not touch instance `name` (for `explain INSTANCE`).
 * It applies the same rules as `buildPlan`, so its answer and the plan cannot disagree.
 */
export function explainInstance(
  name: string,
  directive: AnyDirective,
  snapshot: RepoSnapshot,
  kinds: AnyKindTable = NAMED_KINDS,
): InstanceExplanation {
  const dir = snapshot.settings.instancesDir;
  const invalid = snapshot.invalid.find((i) => i.instance === name);
  const exists =
    snapshot.instances.has(name) ||
    invalid !== undefined ||
    (snapshot.allNames ?? []).includes(name);
  if (!exists) {
    const candidates = snapshot.allNames ?? [...snapshot.instances.keys()];
    return {
      included: false,
      lines: [`${dir}/${name} does not exist, so no plan touches '${name}'`],
      suggestions: suggestNames(name, candidates),
    };
  }
  if (invalid !== undefined) {
    return {
      included: false,
      lines: [
        `${dir}/${name} could not be read:`,
        ...invalid.diagnostics.map((d) => `  ${formatLocation(d) ?? d.code}: ${d.message}`),
      ],
      suggestions: [],
    };
  }
  if (isBatch(directive)) return { ...explainBatch(name, directive, snapshot), suggestions: [] };
  return { ...explainNamed(name, directive, snapshot, kinds), suggestions: [] };
}

function explainNamed(
  name: string,
  directive: AnyDirective,
  snapshot: RepoSnapshot,
  kinds: AnyKindTable,
): { included: boolean; lines: string[] } {
  if (isFixed(directive)) return fixedExplanation(name, directive);
  const listed: NamedDirectiveShape = directive;
  const names = listed.instances.map((i) => i.name);
  const request = listed.instances.find((i) => i.name === name);
  if (request === undefined) {
    return {
      included: false,
      lines: [
        `the ${listed.kind} directive names ${names.join(", ")}; '${name}' is not among them`,
      ],
    };
  }
  const kind = kindOf(listed, kinds);
  const id =
    request.deploymentId === undefined || request.deploymentId === null
      ? ""
      : ` with DEPLOYMENT_REQUEST_ID ${request.deploymentId}`;
  const lines = [
    `the ${listed.kind} directive names '${name}'${id}`,
    jobsLine(name, kind, snapshot.verify === true),
  ];
  const problems = unknownInstances(names, snapshot);
  for (const problem of problems) lines.push(`but the plan fails: ${problem.message}`);
  return { included: problems.length === 0, lines };
}

/** Why a directive that names no instance list does or does not touch instance `name`. */
function fixedExplanation(
  name: string,
  directive: FixedDirective,
): { included: boolean; lines: string[] } {
  const no = (line: string) => ({ included: false, lines: [line] });
  switch (directive.kind) {
    case "infrastructure":
      return no("an Infrastructure directive runs Terraform only; no instance has jobs");
    case "build-base-image":
      return no("a [Build][Image] directive builds base images only; no instance has jobs");
    case "abort-deployment":
      return no(`an abort request stops pipeline ${directive.pipelineId}; no instance has jobs`);
    case "new-instance-request":
    case "archive-request":
    case "delete-request": {
      const job = requestJob(directive);
      return directive.instance === name
        ? {
            included: true,
            lines: [`the trigger client's ${directive.kind} names '${name}'`, `jobs: ${job.name}`],
          }
        : no(`the trigger client's ${directive.kind} names '${directive.instance}', not '${name}'`);
    }
    default:
      return no("the commit title does not start with [AutoDeploy], so no instance is deployed");
  }
}

/**
 * `jobs: build-image:a after terraform-apply, then deploy:a`: the kind's chain for one instance,
 * and the deploy's check when the templates define one.
 */
function jobsLine(name: string, kind: NamedKind, verify: boolean): string {
  const jobs = kind.jobs.map((job, i) => {
    const after = i === 0 && kind.terraform ? " after terraform-apply" : "";
    return `${instanceJobName(job.kind, name)}${after}`;
  });
  if (verify && kind.jobs.some((job) => job.kind === DEPLOY.kind)) {
    jobs.push(instanceJobName(VERIFY.kind, name));
  }
  return `${jobs.length === 1 ? "job" : "jobs"}: ${jobs.join(", then ")}`;
}

/**
 * Why a batch does or does not upgrade one readable instance, step by step, in the order the
 * rules apply: effective values, each target, BATCH_UPGRADE_DISABLED, the wave.
 */
function explainBatch(
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
  const failures = batchProblems(selection, snapshot).map(
    (d) => `but the plan fails: ${d.message}`,
  );
  if (evaluation.skipReason !== null) {
    lines.push(`not included: ${evaluation.skipReason}`);
    // Joined, not spread into push: a batch may have a problem for each of thousands of instances.
    return { included: false, lines: lines.concat(failures) };
  }
  const waves = planWaves(
    selection.selected.map((e) => e.instance.name),
    snapshot.settings.batch,
  );
  const index = waves.findIndex((w) => w.includes(name));
  if (index < 0) throw new InternalError(`batch selected '${name}' but put it in no wave`);
  const canary = index === 0 && waveHoldsCanary(snapshot, waves);
  lines.push(`included: upgraded in wave ${index + 1}${canary ? " (canary)" : ""}`);
  if (snapshot.verify === true) {
    const check = instanceJobName(VERIFY.kind, name);
    const next = index + 1 < waves.length ? `; wave ${index + 2} waits for it` : "";
    lines.push(`${check} checks the deploy (the template .grove-verify)${next}`);
  }
  return { included: failures.length === 0, lines: lines.concat(failures) };
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
  // Targets are compared only when both values are there.
  const { normalizedRepository: repository, version } = e;
  if (repository === null || version === null) return [];
  const verdict = (ok: boolean): string => (ok ? "match" : "no match");
  return targetChecks(e, directive).map(
    (c) =>
      `target ${c.target.repository}|${c.target.version}: ` +
      `repository ${c.normalizedTarget} vs ${repository}: ${verdict(c.repositoryMatches)}; ` +
      `version ${c.target.version} vs ${version}: ${verdict(c.versionMatches)}` +
      (c.repositoryMatches && c.versionMatches ? " => matches" : ""),
  );
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
