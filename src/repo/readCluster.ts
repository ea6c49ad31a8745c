import path from "node:path";
import { error, fail, ok } from "../diagnostic.js";
import type { Result } from "../diagnostic.js";
import { BUILTIN_TEMPLATES } from "../render/builtinTemplates.js";
import { parseTemplates } from "../render/templateSet.js";
import type { TemplateSet } from "../render/templateSet.js";
import { loadSettings } from "./loadSettings.js";
import { loadSnapshot } from "./loadSnapshot.js";
import type { SnapshotNeeds } from "./loadSnapshot.js";
import { readRepoFile } from "./readRepoFile.js";
import { normalizeRelativePath } from "./relativePath.js";
import { repoContextAt, resolveRepoRoot } from "./repoContext.js";
import type { RepoRoot } from "./repoContext.js";
import type { Settings } from "./settings.js";
import type { RepoSnapshot } from "./snapshot.js";

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
 * the first part that has problems (every problem of that part is reported at once).
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
  const ctx = repoContextAt(repo.value, settings);
  if (!ctx.ok) return ctx;
  const snapshot = loadSnapshot(ctx.value, needs, { skipInvalid: options.skipInvalid ?? false });
  if (!snapshot.ok) return snapshot;
  const templates = readTemplates(repo.value, settings);
  if (!templates.ok) return templates;
  const warnings = [...loaded.warnings, ...snapshot.warnings, ...templates.warnings];
  return ok({ settings, templates: templates.value, snapshot: snapshot.value }, warnings);
}

/**
 * The cluster's own template file (settings `templates`), read and checked, or the built-in
 * templates when the settings name none. The path was validated as relative by the settings
 * schema; a link out of the repository is refused like any other repository file.
 */
function readTemplates(repo: RepoRoot, settings: Settings): Result<TemplateSet> {
  if (settings.templates === null) return ok(BUILTIN_TEMPLATES);
  const file = normalizeRelativePath(settings.templates);
  const text = readRepoFile(repo.real, path.join(repo.abs, file), file);
  if (!text.ok) return text;
  if (text.value === null) {
    return fail([
      error("missing-file", `${file} does not exist (named by the setting templates)`, {
        file,
        keyPath: "templates",
      }),
    ]);
  }
  return parseTemplates(text.value, file);
}
