import type { Directive } from "../commit/directive.js";
import { ok, type Result } from "../diagnostic.js";
import { byText } from "../text.js";
import { evaluateInstance, type InstanceEvaluation } from "../plan/selectBatch.js";
import { readCluster } from "../repo/readCluster.js";
import type { InvalidInstance } from "../repo/snapshot.js";

/** One instance as `instances` shows it. */
export interface InstanceRow {
  readonly name: string;
  readonly configFile: string;
  readonly groveFile: string | null;
  readonly repository: string | null;
  readonly repositoryFromDefault: boolean;
  readonly normalizedRepository: string | null;
  readonly version: string | null;
  readonly versionFromDefault: boolean;
  readonly batchEligible: boolean;
  /** Where the eligibility came from, for a person. */
  readonly reason: string;
}

export interface InstanceList {
  /** Every readable instance, by name. */
  readonly instances: readonly InstanceRow[];
  /** Every instance that cannot be read, by name, with its problems. */
  readonly unreadable: readonly InvalidInstance[];
}

/**
 * A batch upgrade matching every repository and version: evaluating it applies the real batch
 * rules (defaults, missing values) to each instance, with no target to miss.
 */
const EVERYTHING: Extract<Directive, { kind: "batch-upgrade" }> = {
  kind: "batch-upgrade",
  targets: [{ repository: "*", version: "*" }],
};

/**
 * Every instance of the cluster with its repository, version and batch eligibility. Instances
 * that cannot be read do not fail the list: they are part of it, with their problems, so there
 * are no warnings about them.
 */
export function listInstances(root: string): Result<InstanceList> {
  const cluster = readCluster(root, { names: [], all: true }, { skipInvalid: true });
  if (!cluster.ok) return cluster;
  const { snapshot } = cluster.value;
  const instances = [...snapshot.instances.values()]
    .map((i) => rowOf(evaluateInstance(i, EVERYTHING, snapshot.settings)))
    .sort((a, b) => byText(a.name, b.name));
  const unreadable = [...snapshot.invalid].sort((a, b) => byText(a.instance, b.instance));
  return ok({ instances, unreadable });
}

/**
 * Batch-eligible is SPEC's definition: BATCH_UPGRADE_DISABLED is not true. The reason says where
 * that came from and, for an eligible instance without a repository or version (even from
 * `defaults`), which batches still pass it by.
 */
function rowOf(e: InstanceEvaluation): InstanceRow {
  const { instance } = e;
  const eligible = !instance.batchUpgradeDisabled;
  const raw = instance.batchUpgradeDisabledRaw;
  const setting =
    instance.groveFile === null
      ? "no grove.yml, so BATCH_UPGRADE_DISABLED is not set"
      : raw === null
        ? `BATCH_UPGRADE_DISABLED is not set in ${instance.groveFile}`
        : `BATCH_UPGRADE_DISABLED: ${raw} in ${instance.groveFile} counts as ${eligible ? "false" : "true"}`;
  const missing = (key: string): string =>
    `; but ${instance.configFile} has no ${key} and grove-pipelines.yml sets no default`;
  const caveat = !eligible
    ? ""
    : e.repository === null
      ? `${missing("EDX_PLATFORM_REPOSITORY")}, so no batch selects it`
      : e.version === null
        ? `${missing("EDX_PLATFORM_VERSION")}, so only [Batch][UpgradeTo] without targets selects it`
        : "";
  return {
    name: instance.name,
    configFile: instance.configFile,
    groveFile: instance.groveFile,
    repository: e.repository,
    repositoryFromDefault: e.repositoryFromDefault,
    normalizedRepository: e.normalizedRepository,
    version: e.version,
    versionFromDefault: e.versionFromDefault,
    batchEligible: eligible,
    reason: `${setting}${caveat}`,
  };
}
