import path from "node:path";
import { error, fail, ok } from "../diagnostic.js";
import type { Result } from "../diagnostic.js";
import { readRepoFile } from "./readRepoFile.js";
import { normalizeRelativePath } from "./relativePath.js";
import { resolveRepoRoot } from "./resolveRepoRoot.js";
import type { Settings } from "./settings.js";

export interface TemplatesFile {
  /** Repository-relative path, for diagnostics. */
  readonly file: string;
  readonly text: string;
}

/**
 * Reads the cluster repository's own template file (settings `templates`), or null when the
 * settings name none. The path was validated as relative by the settings schema; a link out of
 * the repository is refused like any other repository file.
 */
export function readTemplatesFile(root: string, settings: Settings): Result<TemplatesFile | null> {
  if (settings.templates === null) return ok(null);
  const repo = resolveRepoRoot(root);
  if (!repo.ok) return repo;
  const file = normalizeRelativePath(settings.templates);
  const text = readRepoFile(repo.value.real, path.join(repo.value.abs, file), file);
  if (!text.ok) return text;
  if (text.value === null) {
    return fail([
      error("missing-file", `${file} does not exist (named by the setting templates)`, {
        file,
        keyPath: "templates",
      }),
    ]);
  }
  return ok({ file, text: text.value });
}
