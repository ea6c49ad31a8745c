import { realpathSync, statSync } from "node:fs";
import path from "node:path";
import { error, fail, ok } from "../diagnostic.js";
import type { Diagnostic, Result } from "../diagnostic.js";
import { errnoCode } from "../errors.js";
import { describeRefusal, readRegularFile } from "./regularFile.js";
import type { FileKind, ReadRefusal } from "./regularFile.js";
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
  /**
   * The instances folder, repository-relative with `/` (for messages) and absolute with its links
   * resolved (checked to be inside the repository).
   */
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
  let real: string | null;
  try {
    real = realpathSync.native(path.join(root.real, instancesRel));
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
  // Later reads go through the resolved folder: what was checked is what is read.
  const instancesAbs = real ?? path.join(root.real, instancesRel);
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

/**
 * Reads the repository file `file` (repository-relative, with `/`) as UTF-8 text, once, within
 * the size cap of its `kind`. Null when it does not exist (the caller knows whether that is a
 * problem). The one path rule: every component must resolve inside the repository. The folder
 * part is resolved and compared with the root (callers that already resolved it pass its real
 * path as `folder`: an instance folder, checked once for both of its files); the last component
 * is opened with O_NOFOLLOW, so the common case (a plain file) costs one open, and only a link
 * pays for resolving where it points.
 */
export function readRepoFile(
  root: RepoRoot,
  file: string,
  kind: FileKind,
  folder?: string,
): Result<string | null> {
  const dir = path.posix.dirname(file);
  let folderReal = folder;
  if (folderReal === undefined) {
    if (dir === ".") folderReal = root.real;
    else {
      const resolved = resolveFolderInside(root, dir);
      if (!resolved.ok) return resolved;
      if (resolved.value === null) return ok(null);
      folderReal = resolved.value;
    }
  }
  const abs = `${folderReal}${path.sep}${path.posix.basename(file)}`;
  const read = readRegularFile(abs, { kind, noFollow: true });
  if (read.ok) return ok(read.text);
  const refusal = read.refusal;
  if (refusal.kind === "errno" && refusal.code === "ENOENT") return ok(null);
  if (refusal.kind !== "errno" || refusal.code !== "ELOOP") {
    return fail([refusalDiagnostic(refusal, file)]);
  }
  const real = resolveLinkInside(root, abs, file);
  if (!real.ok) return real;
  const through = readRegularFile(real.value, { kind, noFollow: true });
  return through.ok ? ok(through.text) : fail([refusalDiagnostic(through.refusal, file)]);
}

/**
 * The real path of the repository folder `dir` when every component of it resolves inside the
 * repository; null when it does not exist (so neither does the file in it).
 */
function resolveFolderInside(root: RepoRoot, dir: string): Result<string | null> {
  let real: string;
  try {
    real = realpathSync.native(path.join(root.real, dir));
  } catch (err) {
    const code = errnoCode(err);
    if (code === "ENOENT") return ok(null);
    return fail([readErrorDiagnostic(code, dir)]);
  }
  if (!isInsideRoot(root, real)) {
    return fail([
      error(
        "symlink-outside-repo",
        `${dir} resolves to ${real}, outside the repository (through a symbolic link); refusing to read from it`,
        { file: dir },
      ),
    ]);
  }
  return ok(real);
}

/** A file that was not read, as one diagnostic naming it. */
export function refusalDiagnostic(refusal: ReadRefusal, file: string): Diagnostic {
  switch (refusal.kind) {
    case "errno":
      return readErrorDiagnostic(refusal.code, file);
    case "special":
      return error("not-a-regular-file", `${file} ${describeRefusal(refusal)}`, { file });
    case "too-large":
      return error("file-too-large", `${file} ${describeRefusal(refusal)}`, { file });
    case "invalid-utf8":
      return error("invalid-utf8", `${file} is not valid UTF-8; save it as UTF-8`, {
        file,
        line: refusal.line,
        fileColumn: refusal.column,
      });
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
