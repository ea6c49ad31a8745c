import { realpathSync } from "node:fs";
import { error, fail, ok } from "../diagnostic.js";
import type { Result } from "../diagnostic.js";
import { isInsideRoot } from "./isInsideRoot.js";
import { errnoCode } from "../errors.js";
import { readErrorDiagnostic } from "./readErrorDiagnostic.js";

/**
 * Where a symbolic link in the repository points, when that is inside the repository
 * (`rootReal`, the root with its own links resolved). A cluster repository must not make the
 * generator read files elsewhere on the runner, so a link out of it is refused.
 */
export function resolveLinkInside(rootReal: string, abs: string, rel: string): Result<string> {
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
  if (!isInsideRoot(rootReal, real)) {
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
