import { realpathSync } from "node:fs";
import path from "node:path";
import { error, fail, ok } from "../diagnostic.js";
import type { Result } from "../diagnostic.js";
import { isInsideRoot } from "./isInsideRoot.js";
import { errnoCode } from "../errors.js";
import type { Settings } from "./settings.js";
import { isSafeRelativePath, normalizeRelativePath } from "./relativePath.js";

export interface RepoRoot {
  /** The root as an absolute path, as given. */
  readonly abs: string;
  /** The root with every symbolic link resolved: what "inside the repository" is measured by. */
  readonly real: string;
}

/** Where one load reads from, worked out once so each instance costs only its own files. */
export interface RepoContext {
  readonly root: RepoRoot;
  readonly settings: Settings;
  /** The instances folder, repository-relative with `/` (for messages) and absolute. */
  readonly instancesRel: string;
  readonly instancesAbs: string;
}

/**
 * The repository folder, made absolute and with its links resolved. Commands resolve it once, in
 * readCluster; every later read is measured against this one answer.
 */
export function resolveRepoRoot(root: string): Result<RepoRoot> {
  const abs = path.resolve(root);
  try {
    return ok({ abs, real: realpathSync.native(abs) });
  } catch (err) {
    const code = errnoCode(err);
    const why =
      code === "ENOENT" ? "does not exist" : `cannot be opened (${code ?? "unknown error"})`;
    return fail([error("missing-repository", `repository folder ${root} ${why}`)]);
  }
}

/**
 * The instances folder of a resolved repository, checked once: it must be a relative path that
 * stays inside the repository, even through a symbolic link.
 */
export function repoContextAt(repo: RepoRoot, settings: Settings): Result<RepoContext> {
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
  const instancesAbs = path.join(repo.abs, instancesRel);
  const outside = linkedOutside(repo.real, instancesAbs);
  if (outside !== null) {
    return fail([
      error(
        "symlink-outside-repo",
        `the instances folder ${instancesRel} resolves to ${outside}, outside the repository; refusing to read it`,
        { file: instancesRel },
      ),
    ]);
  }
  return ok({ root: repo, settings, instancesRel, instancesAbs });
}

/**
 * The context of a repository folder not resolved yet, for reading one part of it on its own (one
 * instance, the folder listing). Commands go through readCluster instead.
 */
export function repoContext(root: string, settings: Settings): Result<RepoContext> {
  const repo = resolveRepoRoot(root);
  return repo.ok ? repoContextAt(repo.value, settings) : repo;
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
