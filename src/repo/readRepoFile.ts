import { constants, readFileSync } from "node:fs";
import { fail, ok } from "../diagnostic.js";
import type { Result } from "../diagnostic.js";
import { resolveLinkInside } from "./resolveLinkInside.js";
import { errnoCode } from "../errors.js";
import { readErrorDiagnostic } from "./readErrorDiagnostic.js";

// O_NOFOLLOW makes reading a symbolic link fail with ELOOP, so the common case (a plain file)
// costs exactly one readFileSync (a single open-read-close inside Node), and only links pay for
// the realpath check.
const NO_FOLLOW = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0);
// Node accepts numeric open flags here (as fs.openSync does); @types/node only lists strings.
// readRepoFile.test.ts fails if the flag were ignored (a link out of the repository would be read).
const READ_OPTIONS = { encoding: "utf8", flag: NO_FOLLOW as unknown as string } as const;

/**
 * Reads a repository file as UTF-8 text, once. Null when the file does not exist (the caller
 * knows whether that is a problem). A file that is a symbolic link is read only when it resolves
 * inside the repository (`rootReal` is the repository root with its own links resolved).
 */
export function readRepoFile(rootReal: string, abs: string, file: string): Result<string | null> {
  try {
    return ok(readFileSync(abs, READ_OPTIONS));
  } catch (err) {
    const code = errnoCode(err);
    if (code === "ENOENT") return ok(null);
    if (code === "ELOOP") return readSymlinkedFile(rootReal, abs, file);
    return fail([readErrorDiagnostic(code, file)]);
  }
}

function readSymlinkedFile(rootReal: string, abs: string, file: string): Result<string | null> {
  const resolved = resolveLinkInside(rootReal, abs, file);
  if (!resolved.ok) return resolved;
  const real = resolved.value;
  try {
    return ok(readFileSync(real, "utf8"));
  } catch (err) {
    return fail([readErrorDiagnostic(errnoCode(err), file)]);
  }
}
