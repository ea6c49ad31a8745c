import { lstatSync, readdirSync } from "node:fs";
import path from "node:path";
import { isInstanceName } from "../commit/grammar.js";
import { error, fail, ok } from "../diagnostic.js";
import type { Diagnostic, Result } from "../diagnostic.js";
import { errnoCode } from "../errors.js";
import { byText } from "../text.js";
import { checkLinkedFolder, readErrorDiagnostic, readRepoFile } from "./files.js";
import type { RepoContext } from "./files.js";
import { deploymentTierOf, lmsHostOf } from "./environments.js";
import type { InstanceConfig } from "./snapshot.js";
import {
  describeYamlValue,
  findKeyLine,
  parseYamlMapping,
  quotingMakesText,
  truthValue,
  writtenValue,
} from "./yaml.js";

/*
 * The instance folders of a cluster repository: which ones there are, and what one of them holds
 * (`<instancesDir>/<name>/config.yml` and, when present, `grove.yml`), read and validated.
 */

/** The instance-name rule (commit/grammar.ts checks it), as messages put it. */
export const INSTANCE_NAME_RULE = "1-63 of a-z A-Z 0-9 - _, starting with a letter or digit";

export interface InstanceEntry {
  readonly name: string;
  /** A symbolic link: readInstance must check where it points before reading through it. */
  readonly symlink: boolean;
}

/**
 * The instance folders under the instances folder, sorted by name. Plain files and folders whose
 * names are not instance names (`.git`, `_template`, `README.md`) are not instances. One readdir
 * with file types, so telling folders from files costs no stat per entry; symbolic links are
 * candidates whatever they point at, and reading them checks that.
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
  entries.sort((a, b) => byText(a.name, b.name));
  return ok(entries);
}

/**
 * What the caller already knows about the instance folder: from a directory listing (no need to
 * look again), or nothing (`unknown`: one lstat finds out).
 */
export type InstanceEntryKind = "directory" | "symlink" | "unknown";

/**
 * Reads one instance. Every problem of the instance is reported at once, each naming its
 * repository-relative file. A missing folder is `unknown-instance`.
 */
export function readInstance(
  ctx: RepoContext,
  name: string,
  entry: InstanceEntryKind,
): Result<InstanceConfig> {
  if (!isInstanceName(name)) {
    return fail([
      error(
        "invalid-instance-name",
        `${JSON.stringify(name)} is not an instance name (${INSTANCE_NAME_RULE})`,
      ),
    ]);
  }
  const dirRel = `${ctx.instancesRel}/${name}`;
  // Plain concatenation: both parts are already normal (a checked name has no separator or dot).
  const dirAbs = `${ctx.instancesAbs}${path.sep}${name}`;
  const kind = entry === "unknown" ? folderKind(dirAbs, dirRel, name) : ok(entry);
  if (!kind.ok) return kind;
  let folder = dirAbs;
  if (kind.value === "symlink") {
    const linked = checkLinkedFolder(ctx.root, dirAbs, dirRel);
    if (!linked.ok) return linked;
    folder = linked.value;
  }
  const configFile = `${dirRel}/config.yml`;
  const config = readDocument(ctx, folder, configFile, false);
  const grove = readDocument(ctx, folder, `${dirRel}/grove.yml`, true);
  if (!config.ok || !grove.ok) {
    return fail([config, grove].flatMap((r) => (r.ok ? [] : r.diagnostics)));
  }
  if (config.value === null) {
    return fail([
      error(
        "missing-config",
        `${configFile} does not exist; every instance folder needs its Tutor config.yml`,
        { file: configFile },
      ),
    ]);
  }
  return instanceFromDocuments(name, config.value, grove.value);
}

/** A parsed instance file: its repository-relative path, text (for line numbers) and mapping. */
interface InstanceDocument {
  readonly file: string;
  readonly text: string;
  readonly mapping: Readonly<Record<string, unknown>>;
}

/**
 * Reads and parses one instance file; null when it does not exist. `folder` is the instance
 * folder's resolved path, already checked to be inside the repository.
 */
function readDocument(
  ctx: RepoContext,
  folder: string,
  file: string,
  emptyIsMapping: boolean,
): Result<InstanceDocument | null> {
  const read = readRepoFile(ctx.root, file, "instance", folder);
  if (!read.ok) return read;
  const text = read.value;
  if (text === null) return ok(null);
  const parsed = parseYamlMapping(text, file, { emptyIsMapping });
  return parsed.ok ? ok({ file, text, mapping: parsed.value }) : parsed;
}

function unknownInstance(name: string, dirRel: string): Diagnostic {
  return error("unknown-instance", `unknown instance ${name}: there is no folder ${dirRel}`, {
    file: dirRel,
  });
}

/**
 * One instance from the texts of its files, as a commit of the history holds them (`status` reads
 * them with git, not from the working tree); `groveText` is null when the commit has no grove.yml.
 */
export function instanceFromTexts(
  instancesRel: string,
  name: string,
  configText: string,
  groveText: string | null,
): Result<InstanceConfig> {
  const parse = (text: string, file: string, emptyIsMapping: boolean) => {
    const parsed = parseYamlMapping(text, file, { emptyIsMapping });
    return parsed.ok ? ok({ file, text, mapping: parsed.value }) : parsed;
  };
  const config = parse(configText, `${instancesRel}/${name}/config.yml`, false);
  const grove =
    groveText === null ? ok(null) : parse(groveText, `${instancesRel}/${name}/grove.yml`, true);
  if (!config.ok || !grove.ok) {
    return fail([config, grove].flatMap((r) => (r.ok ? [] : r.diagnostics)));
  }
  return instanceFromDocuments(name, config.value, grove.value);
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
 * The values the planner needs, taken from an instance's parsed config.yml and grove.yml (null
 * when it has none). Returns every problem of both files at once.
 */
function instanceFromDocuments(
  name: string,
  config: InstanceDocument,
  grove: InstanceDocument | null,
): Result<InstanceConfig> {
  const repository = textValue(config, "EDX_PLATFORM_REPOSITORY");
  const version = textValue(config, "EDX_PLATFORM_VERSION");
  const disabled = batchUpgradeDisabled(grove);
  const lmsHost = lmsHostOf(config);
  const tier = deploymentTierOf(grove);
  if (!repository.ok || !version.ok || !disabled.ok || !lmsHost.ok || !tier.ok) {
    return fail(
      [repository, version, disabled, lmsHost, tier].flatMap((r) => (r.ok ? [] : r.diagnostics)),
      lmsHost.warnings,
    );
  }
  return ok(
    {
      name,
      configFile: config.file,
      groveFile: grove === null ? null : grove.file,
      repository: repository.value,
      version: version.value,
      batchUpgradeDisabled: disabled.value !== null && disabled.value.disabled,
      batchUpgradeDisabledRaw: disabled.value === null ? null : disabled.value.raw,
      lmsHost: lmsHost.value,
      deploymentTier: tier.value,
    },
    lmsHost.warnings,
  );
}

/** A key that must be text when present (a bare `1.0` or a date would be compared wrongly). */
function textValue(doc: InstanceDocument, key: string): Result<string | null> {
  if (!Object.hasOwn(doc.mapping, key)) return ok(null);
  const value = doc.mapping[key];
  if (typeof value === "string") return ok(value);
  const at = findKeyLine(doc.text, [key]);
  const hint = quotingMakesText(value) ? "; put it in quotes to make it text" : "";
  const found = describeYamlValue(value, writtenValue(doc.text, at));
  return fail([
    error("invalid-config-value", `${key} in ${doc.file} must be text, found ${found}${hint}`, {
      file: doc.file,
      ...at,
    }),
  ]);
}

/** grove.yml's `BATCH_UPGRADE_DISABLED` and how it was written; null when it is not set. */
function batchUpgradeDisabled(
  grove: InstanceDocument | null,
): Result<{ disabled: boolean; raw: string } | null> {
  const key = "BATCH_UPGRADE_DISABLED";
  if (grove === null || !Object.hasOwn(grove.mapping, key)) return ok(null);
  const raw = grove.mapping[key];
  const disabled = truthValue(raw);
  if (disabled !== undefined) return ok({ disabled, raw: String(raw) });
  return fail([
    error(
      "invalid-batch-upgrade-disabled",
      `${key} in ${grove.file} must be true or false (true, yes, on, 1 / false, no, off, 0), found ${describeYamlValue(raw)}`,
      { file: grove.file, ...findKeyLine(grove.text, [key]) },
    ),
  ]);
}
