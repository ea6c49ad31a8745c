import { fail, ok, warning } from "../diagnostic.js";
import type { Diagnostic, Result } from "../diagnostic.js";
import type { RepoContext } from "./files.js";
import { listInstanceEntries, readInstance } from "./instances.js";
import type { DeploymentTier } from "./environments.js";
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
  /** `LMS_HOST` of config.yml when it is a host name (optionally with a port), else null. */
  readonly lmsHost: string | null;
  /** `DEPLOYMENT_TIER` of grove.yml, or null when the settings' tier applies. */
  readonly deploymentTier: DeploymentTier | null;
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
  /**
   * The cluster's template file defines `.grove-verify`, so every deploy gets a verify job.
   * Set by readCluster, which reads the templates after the instances; absent means no.
   */
  readonly verify?: boolean;
}

export interface SnapshotNeeds {
  /** Instances a directive names (Create, Update, Archive, Delete). */
  readonly names: readonly string[];
  /** A batch: every instance. */
  readonly all: boolean;
}

export interface LoadSnapshotOptions {
  /**
   * In a batch, keep going past instances that cannot be read: they go to `snapshot.invalid`
   * (and into the warnings) instead of failing the load. Never applies to named instances.
   */
  readonly skipInvalid?: boolean;
}

/**
 * Reads the part of the repository the directive needs. For named instances only their own files
 * are opened; the instances folder is listed only when one of them is missing, so the planner can
 * suggest names (it reports the missing ones; they are simply absent from `instances`). A batch
 * lists and reads every instance and reports every broken one at once.
 */
export function loadSnapshot(
  ctx: RepoContext,
  needs: SnapshotNeeds,
  options: LoadSnapshotOptions = {},
): Result<RepoSnapshot> {
  return needs.all ? loadAll(ctx, new Set(needs.names), options) : loadNamed(ctx, needs.names);
}

function loadAll(
  ctx: RepoContext,
  named: ReadonlySet<string>,
  options: LoadSnapshotOptions,
): Result<RepoSnapshot> {
  const entries = listInstanceEntries(ctx);
  if (!entries.ok) return entries;
  const skipInvalid = options.skipInvalid === true;
  const instances = new Map<string, InstanceConfig>();
  const invalid: InvalidInstance[] = [];
  const problems: Diagnostic[] = [];
  // An instance's own warnings (an LMS_HOST that is not a host name) stay with the snapshot.
  const noticed: Diagnostic[] = [];
  for (const entry of entries.value) {
    const read = readInstance(ctx, entry.name, entry.symlink ? "symlink" : "directory");
    for (const w of read.warnings) noticed.push(w);
    if (read.ok) {
      instances.set(entry.name, read.value);
    } else if (skipInvalid && !named.has(entry.name)) {
      invalid.push({ instance: entry.name, diagnostics: read.diagnostics });
    } else {
      problems.push(...read.diagnostics);
    }
  }
  // Skipped instances stay visible, with their file positions, as warnings.
  const warnings = noticed.concat(
    invalid.flatMap((i) =>
      i.diagnostics.map((d) => warning(d.code, `skipped instance ${i.instance}: ${d.message}`, d)),
    ),
  );
  if (problems.length > 0) return fail(problems, warnings);
  const snapshot: RepoSnapshot = {
    settings: ctx.settings,
    instances,
    allNames: entries.value.map((e) => e.name),
    invalid,
  };
  return ok(snapshot, warnings);
}

function loadNamed(ctx: RepoContext, names: readonly string[]): Result<RepoSnapshot> {
  const instances = new Map<string, InstanceConfig>();
  const problems: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  let anyMissing = false;
  for (const name of new Set(names)) {
    const read = readInstance(ctx, name, "unknown");
    warnings.push(...read.warnings);
    if (read.ok) {
      instances.set(name, read.value);
    } else if (read.diagnostics.every((d) => d.code === "unknown-instance")) {
      anyMissing = true;
    } else {
      problems.push(...read.diagnostics);
    }
  }
  if (problems.length > 0) return fail(problems, warnings);
  let allNames: string[] | null = null;
  if (anyMissing) {
    const entries = listInstanceEntries(ctx);
    if (!entries.ok) return fail(entries.diagnostics, warnings);
    allNames = entries.value.map((e) => e.name);
  }
  return ok({ settings: ctx.settings, instances, allNames, invalid: [] }, warnings);
}
