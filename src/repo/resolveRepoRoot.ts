import { realpathSync } from "node:fs";
import path from "node:path";
import { error, fail, ok } from "../diagnostic.js";
import type { Result } from "../diagnostic.js";
import { errnoCode } from "./readErrorDiagnostic.js";

export interface RepoRoot {
  /** The root as an absolute path, as given. */
  readonly abs: string;
  /** The root with every symbolic link resolved: what "inside the repository" is measured by. */
  readonly real: string;
}

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
