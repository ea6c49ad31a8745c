import { error } from "../diagnostic.js";
import type { Diagnostic } from "../diagnostic.js";

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
