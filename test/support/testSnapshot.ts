import type { Settings } from "../../src/repo/settings.js";
import { DEFAULT_SETTINGS } from "../../src/repo/settings.js";
import type { InstanceConfig, InvalidInstance, RepoSnapshot } from "../../src/repo/snapshot.js";
import { byText } from "../../src/text.js";

/** Test fixtures for the planner: hand-made instances and snapshots (no files involved). */

export const OPENEDX = "https://github.com/openedx/edx-platform.git";
export const QUINCE = "open-release/quince.3";

export function testInstance(
  name: string,
  fields: Partial<Omit<InstanceConfig, "name">> = {},
): InstanceConfig {
  return {
    name,
    configFile: `instances/${name}/config.yml`,
    groveFile: null,
    repository: OPENEDX,
    version: QUINCE,
    batchUpgradeDisabled: false,
    batchUpgradeDisabledRaw: null,
    lmsHost: null,
    deploymentTier: null,
    ...fields,
  };
}

/** A disabled instance, the way the loader reports `BATCH_UPGRADE_DISABLED: yes`. */
export function disabledInstance(
  name: string,
  fields: Partial<Omit<InstanceConfig, "name">> = {},
): InstanceConfig {
  return testInstance(name, {
    groveFile: `instances/${name}/grove.yml`,
    batchUpgradeDisabled: true,
    batchUpgradeDisabledRaw: "yes",
    ...fields,
  });
}

export interface TestSnapshotOptions {
  readonly batch?: Partial<Settings["batch"]>;
  readonly defaults?: Partial<Settings["defaults"]>;
  /** Defaults to every instance and invalid instance, sorted. */
  readonly allNames?: readonly string[] | null;
  readonly invalid?: readonly InvalidInstance[];
}

export function testSnapshot(
  instances: readonly InstanceConfig[],
  options: TestSnapshotOptions = {},
): RepoSnapshot {
  const invalid = options.invalid ?? [];
  const names = [...instances.map((i) => i.name), ...invalid.map((i) => i.instance)].sort(byText);
  return {
    settings: {
      ...DEFAULT_SETTINGS,
      batch: { ...DEFAULT_SETTINGS.batch, ...options.batch },
      defaults: { ...DEFAULT_SETTINGS.defaults, ...options.defaults },
    },
    instances: new Map(instances.map((i) => [i.name, i])),
    allNames: options.allNames === undefined ? names : options.allNames,
    invalid,
  };
}
