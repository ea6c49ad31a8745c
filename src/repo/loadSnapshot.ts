import { fail, ok, warning } from "../diagnostic.js";
import type { Diagnostic, Result } from "../diagnostic.js";
import { listInstanceEntries } from "./listInstanceNames.js";
import { readInstanceIn } from "./readInstance.js";
import type { RepoContext } from "./repoContext.js";
import type { InstanceConfig, InvalidInstance, RepoSnapshot } from "./snapshot.js";

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
  for (const entry of entries.value) {
    const read = readInstanceIn(ctx, entry.name, entry.symlink ? "symlink" : "directory");
    if (read.ok) {
      instances.set(entry.name, read.value);
    } else if (skipInvalid && !named.has(entry.name)) {
      invalid.push({ instance: entry.name, diagnostics: read.diagnostics });
    } else {
      problems.push(...read.diagnostics);
    }
  }
  if (problems.length > 0) return fail(problems);
  const snapshot: RepoSnapshot = {
    settings: ctx.settings,
    instances,
    allNames: entries.value.map((e) => e.name),
    invalid,
  };
  // Skipped instances stay visible, with their file positions, as warnings.
  const warnings = invalid.flatMap((i) =>
    i.diagnostics.map((d) => warning(d.code, `skipped instance ${i.instance}: ${d.message}`, d)),
  );
  return ok(snapshot, warnings);
}

function loadNamed(ctx: RepoContext, names: readonly string[]): Result<RepoSnapshot> {
  const instances = new Map<string, InstanceConfig>();
  const problems: Diagnostic[] = [];
  let anyMissing = false;
  for (const name of new Set(names)) {
    const read = readInstanceIn(ctx, name, "unknown");
    if (read.ok) {
      instances.set(name, read.value);
    } else if (read.diagnostics.every((d) => d.code === "unknown-instance")) {
      anyMissing = true;
    } else {
      problems.push(...read.diagnostics);
    }
  }
  if (problems.length > 0) return fail(problems);
  let allNames: string[] | null = null;
  if (anyMissing) {
    const entries = listInstanceEntries(ctx);
    if (!entries.ok) return entries;
    allNames = entries.value.map((e) => e.name);
  }
  return ok({ settings: ctx.settings, instances, allNames, invalid: [] });
}
