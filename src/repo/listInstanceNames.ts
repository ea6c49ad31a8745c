import { readdirSync } from "node:fs";
import { error, fail, ok } from "../diagnostic.js";
import type { Result } from "../diagnostic.js";
import { isInstanceName } from "./instanceName.js";
import { errnoCode } from "../errors.js";
import { readErrorDiagnostic } from "./readErrorDiagnostic.js";
import { repoContext } from "./repoContext.js";
import type { RepoContext } from "./repoContext.js";
import type { Settings } from "./settings.js";

export interface InstanceEntry {
  readonly name: string;
  /** A symbolic link: readInstance must check where it points before reading through it. */
  readonly symlink: boolean;
}

/**
 * Sorted names of the instance folders under the instances folder. Plain files and folders whose
 * names are not instance names (`.git`, `_template`, `README.md`) are not instances.
 */
export function listInstanceNames(root: string, settings: Settings): Result<string[]> {
  const ctx = repoContext(root, settings);
  if (!ctx.ok) return ctx;
  const entries = listInstanceEntries(ctx.value);
  return entries.ok ? ok(entries.value.map((e) => e.name)) : entries;
}

/**
 * One readdir with file types, so telling folders from files costs no stat per entry. Symbolic
 * links are candidates whatever they point at; reading them checks that.
 */
export function listInstanceEntries(ctx: RepoContext): Result<InstanceEntry[]> {
  let dirents;
  try {
    dirents = readdirSync(ctx.instancesAbs, { withFileTypes: true });
  } catch (err) {
    const code = errnoCode(err);
    const file = ctx.instancesRel;
    if (code === "ENOENT") {
      return fail([
        error(
          "missing-instances-dir",
          `the instances folder ${file} does not exist (settings instancesDir)`,
          { file },
        ),
      ]);
    }
    if (code === "ENOTDIR") {
      return fail([
        error("not-a-directory", `the instances folder ${file} is a file, not a folder`, { file }),
      ]);
    }
    return fail([readErrorDiagnostic(code, file)]);
  }
  const entries: InstanceEntry[] = [];
  for (const d of dirents) {
    const symlink = d.isSymbolicLink();
    if ((symlink || d.isDirectory()) && isInstanceName(d.name)) {
      entries.push({ name: d.name, symlink });
    }
  }
  // Plain code-unit order: the same on every machine, whatever its locale.
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return ok(entries);
}
