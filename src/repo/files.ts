import { constants, readFileSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
import { error, fail, ok } from "../diagnostic.js";
import type { Diagnostic, Result } from "../diagnostic.js";
import { errnoCode } from "../errors.js";
import type { Settings } from "./settings.js";

/*
 * Safe reading of a cluster repository: the root is resolved once, every file and folder is read
 * only where it resolves inside that root (a cluster repository must not make the generator read
 * files elsewhere on the runner), and every failed read becomes one line naming the file.
 */

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
    const real = realpathSync.native(abs);
    if (!statSync(real).isDirectory()) {
      return fail([error("missing-repository", `repository folder ${root} is not a folder`)]);
    }
    return ok({ abs, real });
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
export function repoContext(root: RepoRoot, settings: Settings): Result<RepoContext> {
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
  const instancesAbs = path.join(root.abs, instancesRel);
  let real: string | null;
  try {
    real = realpathSync.native(instancesAbs);
  } catch {
    // Missing or unreadable: listing it reports that, with a better message.
    real = null;
  }
  if (real !== null && !isInsideRoot(root, real)) {
    return fail([
      error(
        "symlink-outside-repo",
        `the instances folder ${instancesRel} resolves to ${real}, outside the repository; refusing to read it`,
        { file: instancesRel },
      ),
    ]);
  }
  return ok({ root, settings, instancesRel, instancesAbs });
}

/** A repository-relative path: not absolute, no `..`, not empty. */
export function isSafeRelativePath(p: string): boolean {
  if (p.trim() === "" || path.posix.isAbsolute(p) || path.win32.isAbsolute(p)) return false;
  return !p.split(/[\\/]/).includes("..");
}

/** `./instances/` → `instances`, so file names in messages read naturally. */
export function normalizeRelativePath(p: string): string {
  const normal = path.posix.normalize(p.replaceAll("\\", "/"));
  return normal.length > 1 && normal.endsWith("/") ? normal.slice(0, -1) : normal;
}

// O_NOFOLLOW makes reading a symbolic link fail with ELOOP, so the common case (a plain file)
// costs exactly one readFileSync (a single open-read-close inside Node), and only links pay for
// the realpath check.
const NO_FOLLOW = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0);
// Node accepts numeric open flags here (as fs.openSync does); @types/node only lists strings.
// files.test.ts fails if the flag were ignored (a link out of the repository would be read).
const READ_OPTIONS = { encoding: "utf8", flag: NO_FOLLOW as unknown as string } as const;

/**
 * Reads the repository file `file` (repository-relative, for messages) as UTF-8 text, once. Null
 * when it does not exist (the caller knows whether that is a problem). A symbolic link is read
 * only when it resolves inside the repository. Callers that already hold the absolute path pass
 * it as `abs`.
 */
export function readRepoFile(
  root: RepoRoot,
  file: string,
  abs: string = path.join(root.abs, file),
): Result<string | null> {
  try {
    return ok(readFileSync(abs, READ_OPTIONS));
  } catch (err) {
    const code = errnoCode(err);
    if (code === "ENOENT") return ok(null);
    if (code !== "ELOOP") return fail([readErrorDiagnostic(code, file)]);
  }
  const real = resolveLinkInside(root, abs, file);
  if (!real.ok) return real;
  try {
    return ok(readFileSync(real.value, "utf8"));
  } catch (err) {
    return fail([readErrorDiagnostic(errnoCode(err), file)]);
  }
}

/**
 * An instance folder that is a symbolic link is read only when it resolves to a folder inside the
 * repository. Links are rare, so the extra realpath and stat cost nothing in the common case.
 */
export function checkLinkedFolder(root: RepoRoot, abs: string, rel: string): Result<string> {
  const real = resolveLinkInside(root, abs, rel);
  if (!real.ok) return real;
  try {
    if (statSync(real.value).isDirectory()) return real;
  } catch (err) {
    return fail([readErrorDiagnostic(errnoCode(err), rel)]);
  }
  return fail([
    error("not-a-directory", `${rel} is a symbolic link to a file, not a folder`, { file: rel }),
  ]);
}

/** Where the symbolic link `abs` (`rel` in messages) points, when that is inside the repository. */
function resolveLinkInside(root: RepoRoot, abs: string, rel: string): Result<string> {
  let real: string;
  try {
    real = realpathSync.native(abs);
  } catch (err) {
    const code = errnoCode(err);
    if (code === "ENOENT") {
      return fail([error("broken-symlink", `${rel} is a symbolic link to nothing`, { file: rel })]);
    }
    return fail([readErrorDiagnostic(code, rel)]);
  }
  if (!isInsideRoot(root, real)) {
    return fail([
      error(
        "symlink-outside-repo",
        `${rel} is a symbolic link to ${real}, outside the repository; refusing to read it`,
        { file: rel },
      ),
    ]);
  }
  return ok(real);
}

/** Whether the resolved path `real` is the resolved root or lies below it. */
function isInsideRoot(root: RepoRoot, real: string): boolean {
  if (real === root.real) return true;
  const prefix = root.real.endsWith(path.sep) ? root.real : root.real + path.sep;
  return real.startsWith(prefix);
}

/**
 * Turns a failed read of a repository file into a one-line diagnostic naming the file (relative
 * to the repository root). Takes the error code rather than doing the read, so every branch can be
 * tested: tests run as root, where a chmod 000 file is still readable.
 */
export function readErrorDiagnostic(code: string | undefined, file: string): Diagnostic {
  switch (code) {
    case "ENOENT":
      return error("missing-file", `${file} does not exist`, { file });
    case "EISDIR":
      return error("not-a-file", `${file} is a folder, expected a file`, { file });
    case "ENOTDIR":
      return error("not-a-directory", `${file}: a part of this path is a file, not a folder`, {
        file,
      });
    case "EACCES":
    case "EPERM":
      return error("unreadable-file", `${file} cannot be read: permission denied (${code})`, {
        file,
      });
    case "ELOOP":
      return error("broken-symlink", `${file} is a loop of symbolic links`, { file });
    default:
      return error("unreadable-file", `${file} cannot be read (${code ?? "unknown error"})`, {
        file,
      });
  }
}
