import { fail, ok } from "../diagnostic.js";
import type { Result } from "../diagnostic.js";
import { repoContext, resolveRepoRoot } from "./files.js";
import { loadSettings } from "./settings.js";
import type { Settings } from "./settings.js";
import { loadSnapshot } from "./snapshot.js";
import type { RepoSnapshot, SnapshotNeeds } from "./snapshot.js";
import { readTemplates, templateNameFor } from "./templates.js";
import type { TemplateSet } from "./templates.js";

/** Everything a command reads from the cluster repository, read and validated once. */
export interface Cluster {
  readonly settings: Settings;
  /** The settings' own template file, checked; the built-in templates when they name none. */
  readonly templates: TemplateSet;
  /** The instances the directives need (see loadSnapshot), with the same settings. */
  readonly snapshot: RepoSnapshot;
}

export interface ReadClusterOptions {
  /**
   * In a batch, set instances that cannot be read aside (`snapshot.invalid`, and a warning each)
   * instead of failing. Never applies to instances a directive names.
   */
  readonly skipInvalid?: boolean;
}

/**
 * The one way into a cluster repository: the folder is resolved once, then the settings, the
 * instances the directives need and the template set are read from it, in that order, stopping at
 * the first part that has problems (every problem of that part is reported at once, with the
 * warnings of the parts before it).
 */
export function readCluster(
  root: string,
  needs: SnapshotNeeds,
  options: ReadClusterOptions = {},
): Result<Cluster> {
  const repo = resolveRepoRoot(root);
  if (!repo.ok) return repo;
  const loaded = loadSettings(repo.value);
  if (!loaded.ok) return loaded;
  const { settings } = loaded.value;
  const ctx = repoContext(repo.value, settings);
  if (!ctx.ok) return fail(ctx.diagnostics, loaded.warnings);
  const snapshot = loadSnapshot(ctx.value, needs, { skipInvalid: options.skipInvalid ?? false });
  const warnings = [...loaded.warnings, ...snapshot.warnings];
  if (!snapshot.ok) return fail(snapshot.diagnostics, warnings);
  const templates = readTemplates(repo.value, settings);
  warnings.push(...templates.warnings);
  if (!templates.ok) return fail(templates.diagnostics, warnings);
  const verify = templates.value.jobs.has(templateNameFor("verify"));
  return ok(
    { settings, templates: templates.value, snapshot: { ...snapshot.value, verify } },
    warnings,
  );
}
