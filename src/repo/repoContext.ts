import { realpathSync } from "node:fs";
import path from "node:path";
import { error, fail, ok } from "../diagnostic.js";
import type { Result } from "../diagnostic.js";
import { isInsideRoot } from "./isInsideRoot.js";
import { resolveRepoRoot } from "./resolveRepoRoot.js";
import type { RepoRoot } from "./resolveRepoRoot.js";
import type { Settings } from "./settings.js";
import { isSafeRelativePath, normalizeRelativePath } from "./relativePath.js";

/** Where one load reads from, worked out once so each instance costs only its own files. */
export interface RepoContext {
  readonly root: RepoRoot;
  readonly settings: Settings;
  /** The instances folder, repository-relative with `/` (for messages) and absolute. */
  readonly instancesRel: string;
  readonly instancesAbs: string;
}

export function repoContext(root: string, settings: Settings): Result<RepoContext> {
  const repo = resolveRepoRoot(root);
  if (!repo.ok) return repo;
  // Settings may also be built by library callers, past loadSettings' validation.
  if (!isSafeRelativePath(settings.instancesDir)) {
    return fail([
      error(
        "invalid-setting",
        `instancesDir must be a relative path inside the repository (found ${JSON.stringify(settings.instancesDir)})`,
        { keyPath: "instancesDir" },
      ),
    ]);
  }
  const instancesRel = normalizeRelativePath(settings.instancesDir);
  const instancesAbs = path.join(repo.value.abs, instancesRel);
  const outside = linkedOutside(repo.value.real, instancesAbs);
  if (outside !== null) {
    return fail([
      error(
        "symlink-outside-repo",
        `the instances folder ${instancesRel} resolves to ${outside}, outside the repository; refusing to read it`,
        { file: instancesRel },
      ),
    ]);
  }
  return ok({ root: repo.value, settings, instancesRel, instancesAbs });
}

/** The resolved path when `abs` resolves outside the root; null when inside or not there. */
function linkedOutside(rootReal: string, abs: string): string | null {
  let real: string;
  try {
    real = realpathSync.native(abs);
  } catch {
    // Missing or unreadable: listing or reading it reports that, with a better message.
    return null;
  }
  return isInsideRoot(rootReal, real) ? null : real;
}
