import type { Diagnostic } from "../diagnostic.js";
import type { Settings } from "./settings.js";

/** What the planner needs to know about one instance, read from its config.yml and grove.yml. */
export interface InstanceConfig {
  readonly name: string;
  /** Repository-relative path of config.yml, e.g. `instances/site-a/config.yml`. */
  readonly configFile: string;
  /** Repository-relative path of grove.yml, or null when the instance has none. */
  readonly groveFile: string | null;
  /** `EDX_PLATFORM_REPOSITORY` as written in config.yml (not normalised), or null if absent. */
  readonly repository: string | null;
  /** `EDX_PLATFORM_VERSION` as written in config.yml, or null if absent. */
  readonly version: string | null;
  /** `BATCH_UPGRADE_DISABLED` read with YAML 1.1 truth rules; false when absent. */
  readonly batchUpgradeDisabled: boolean;
  /** The raw value of BATCH_UPGRADE_DISABLED as written (for explanations), or null if absent. */
  readonly batchUpgradeDisabledRaw: string | null;
}

export interface InvalidInstance {
  readonly instance: string;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * The part of the cluster repository one directive needs, already read and validated.
 * The planner is a pure function of (Directive, RepoSnapshot).
 */
export interface RepoSnapshot {
  readonly settings: Settings;
  /** Instances the directive needs (the named ones, or every one for a batch), by name. */
  readonly instances: ReadonlyMap<string, InstanceConfig>;
  /**
   * Every instance folder name, sorted, when the loader listed the instances folder: always for
   * a batch, and for a named directive only when a named instance was missing (for suggestions).
   * Null when the folder was not listed, so unrelated instances cost nothing.
   */
  readonly allNames: readonly string[] | null;
  /** Instances that could not be read, kept only when the caller asked to skip them. */
  readonly invalid: readonly InvalidInstance[];
}
