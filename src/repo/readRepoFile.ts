import { closeSync, constants, openSync, readFileSync, realpathSync } from "node:fs";
import { error, fail, ok } from "../diagnostic.js";
import type { Result } from "../diagnostic.js";
import { isInsideRoot } from "./isInsideRoot.js";
import { errnoCode, readErrorDiagnostic } from "./readErrorDiagnostic.js";

// O_NOFOLLOW makes opening a symbolic link fail with ELOOP, so the common case (a plain file)
// costs exactly what readFileSync(path) costs, and only links pay for the realpath check.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0);

/**
 * Reads a repository file as UTF-8 text, once. Null when the file does not exist (the caller
 * knows whether that is a problem). A file that is a symbolic link is read only when it resolves
 * inside the repository (`rootReal` is the repository root with its own links resolved).
 */
export function readRepoFile(rootReal: string, abs: string, file: string): Result<string | null> {
  let fd: number;
  try {
    fd = openSync(abs, OPEN_FLAGS);
  } catch (err) {
    const code = errnoCode(err);
    if (code === "ENOENT") return ok(null);
    if (code === "ELOOP") return readSymlinkedFile(rootReal, abs, file);
    return fail([readErrorDiagnostic(code, file)]);
  }
  try {
    return ok(readFileSync(fd, "utf8"));
  } catch (err) {
    return fail([readErrorDiagnostic(errnoCode(err), file)]);
  } finally {
    closeSync(fd);
  }
}

function readSymlinkedFile(rootReal: string, abs: string, file: string): Result<string | null> {
  let real: string;
  try {
    real = realpathSync.native(abs);
  } catch (err) {
    const code = errnoCode(err);
    if (code === "ENOENT") {
      return fail([error("broken-symlink", `${file} is a symbolic link to nothing`, { file })]);
    }
    return fail([readErrorDiagnostic(code, file)]);
  }
  if (!isInsideRoot(rootReal, real)) {
    return fail([
      error(
        "symlink-outside-repo",
        `${file} is a symbolic link to ${real}, outside the repository; refusing to read it`,
        { file },
      ),
    ]);
  }
  try {
    return ok(readFileSync(real, "utf8"));
  } catch (err) {
    return fail([readErrorDiagnostic(errnoCode(err), file)]);
  }
}
