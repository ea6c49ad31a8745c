import { lstatSync, statSync } from "node:fs";
import path from "node:path";
import { error, fail, ok } from "../diagnostic.js";
import type { Diagnostic, Result } from "../diagnostic.js";
import { instanceFromDocuments } from "./instanceFromDocuments.js";
import type { InstanceDocument } from "./instanceFromDocuments.js";
import { isInstanceName } from "./instanceName.js";
import { parseYamlMapping } from "./parseYamlMapping.js";
import { errnoCode } from "../errors.js";
import { readErrorDiagnostic } from "./readErrorDiagnostic.js";
import { readRepoFile } from "./readRepoFile.js";
import { resolveLinkInside } from "./resolveLinkInside.js";
import { repoContext } from "./repoContext.js";
import type { RepoContext } from "./repoContext.js";
import type { Settings } from "./settings.js";
import type { InstanceConfig } from "./snapshot.js";

/**
 * What the caller already knows about the instance folder: from a directory listing (no need to
 * look again), or nothing (`unknown`: one lstat finds out).
 */
export type InstanceEntryKind = "directory" | "symlink" | "unknown";

/**
 * Reads `<instancesDir>/<name>/config.yml` and, when present, `grove.yml`. Every problem of the
 * instance is reported at once, each naming its repository-relative file. A missing folder is
 * `unknown-instance`.
 */
export function readInstance(
  root: string,
  settings: Settings,
  name: string,
): Result<InstanceConfig> {
  const ctx = repoContext(root, settings);
  if (!ctx.ok) return ctx;
  return readInstanceIn(ctx.value, name, "unknown");
}

export function readInstanceIn(
  ctx: RepoContext,
  name: string,
  entry: InstanceEntryKind,
): Result<InstanceConfig> {
  if (!isInstanceName(name)) {
    return fail([
      error(
        "invalid-instance-name",
        `${JSON.stringify(name)} is not an instance name (1-63 of a-z A-Z 0-9 - _, starting with a letter or digit)`,
      ),
    ]);
  }
  const dirRel = `${ctx.instancesRel}/${name}`;
  // Plain concatenation: both parts are already normal (a checked name has no separator or dot).
  const dirAbs = `${ctx.instancesAbs}${path.sep}${name}`;
  const kind = entry === "unknown" ? folderKind(dirAbs, dirRel, name) : ok(entry);
  if (!kind.ok) return kind;
  if (kind.value === "symlink") {
    const linked = checkLinkedFolder(ctx.root.real, dirAbs, dirRel);
    if (linked.length > 0) return fail(linked);
  }
  const problems: Diagnostic[] = [];
  const config = readDocument(ctx, dirAbs, `${dirRel}/config.yml`, false, problems);
  const grove = readDocument(ctx, dirAbs, `${dirRel}/grove.yml`, true, problems);
  if (config === null && problems.length === 0) {
    problems.push(
      error(
        "missing-config",
        `${dirRel}/config.yml does not exist; every instance folder needs its Tutor config.yml`,
        { file: `${dirRel}/config.yml` },
      ),
    );
  }
  if (problems.length > 0 || config === null) return fail(problems);
  const built = instanceFromDocuments(name, config, grove);
  return "instance" in built ? ok(built.instance) : fail(built.problems);
}

/**
 * Reads and parses one instance file. Null when the file does not exist or could not be read
 * (the problem is then in `problems`). grove.yml may be empty; config.yml may not.
 */
function readDocument(
  ctx: RepoContext,
  dirAbs: string,
  file: string,
  emptyIsMapping: boolean,
  problems: Diagnostic[],
): InstanceDocument | null {
  const read = readRepoFile(
    ctx.root.real,
    `${dirAbs}${path.sep}${path.posix.basename(file)}`,
    file,
  );
  if (!read.ok) {
    problems.push(...read.diagnostics);
    return null;
  }
  if (read.value === null) return null;
  const parsed = parseYamlMapping(read.value, file, { emptyIsMapping });
  if (!parsed.ok) {
    problems.push(...parsed.diagnostics);
    return null;
  }
  return { file, text: read.value, mapping: parsed.value };
}

function unknownInstance(name: string, dirRel: string): Diagnostic {
  return error("unknown-instance", `unknown instance ${name}: there is no folder ${dirRel}`, {
    file: dirRel,
  });
}

/** One lstat: a folder, a link to check, or not an instance (missing, or a plain file). */
function folderKind(abs: string, rel: string, name: string): Result<"directory" | "symlink"> {
  try {
    const stat = lstatSync(abs);
    if (stat.isSymbolicLink()) return ok("symlink");
    if (stat.isDirectory()) return ok("directory");
    return fail([unknownInstance(name, rel)]);
  } catch (err) {
    const code = errnoCode(err);
    if (code === "ENOENT" || code === "ENOTDIR") return fail([unknownInstance(name, rel)]);
    return fail([readErrorDiagnostic(code, rel)]);
  }
}

/**
 * An instance folder that is a symbolic link is read only when it resolves to a folder inside the
 * repository: a cluster repository must not make the generator read files elsewhere on the
 * runner. Links are rare, so the extra realpath and stat cost nothing in the common case.
 */
function checkLinkedFolder(rootReal: string, abs: string, rel: string): Diagnostic[] {
  const resolved = resolveLinkInside(rootReal, abs, rel);
  if (!resolved.ok) return [...resolved.diagnostics];
  const real = resolved.value;
  try {
    if (statSync(real).isDirectory()) return [];
  } catch (err) {
    return [readErrorDiagnostic(errnoCode(err), rel)];
  }
  return [
    error("not-a-directory", `${rel} is a symbolic link to a file, not a folder`, { file: rel }),
  ];
}
