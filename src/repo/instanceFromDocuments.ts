import { error } from "../diagnostic.js";
import type { Diagnostic } from "../diagnostic.js";
import { describeYamlValue } from "./describeYamlValue.js";
import { findKeyLine } from "./findKeyLine.js";
import type { YamlMapping } from "./parseYamlMapping.js";
import type { InstanceConfig } from "./snapshot.js";
import { parseBatchUpgradeDisabled } from "./truthValue.js";

/** The keys of config.yml and grove.yml that `instanceFromDocuments` reads. */
export const INSTANCE_KEYS: ReadonlySet<string> = new Set([
  "EDX_PLATFORM_REPOSITORY",
  "EDX_PLATFORM_VERSION",
  "BATCH_UPGRADE_DISABLED",
]);

/** A parsed instance file: its repository-relative path, text (for line numbers) and mapping. */
export interface InstanceDocument {
  readonly file: string;
  readonly text: string;
  /** The file's mapping; at least the keys of INSTANCE_KEYS it has (see scanSimpleMapping). */
  readonly mapping: YamlMapping;
}

/**
 * The values the planner needs, taken from an instance's parsed config.yml and grove.yml (null
 * when it has none). Returns every problem of both files at once.
 */
export function instanceFromDocuments(
  name: string,
  config: InstanceDocument,
  grove: InstanceDocument | null,
): { instance: InstanceConfig } | { problems: Diagnostic[] } {
  const problems: Diagnostic[] = [];
  const repository = textValue(config, "EDX_PLATFORM_REPOSITORY", problems);
  const version = textValue(config, "EDX_PLATFORM_VERSION", problems);
  let batchUpgradeDisabled = false;
  let batchUpgradeDisabledRaw: string | null = null;
  if (grove !== null && Object.hasOwn(grove.mapping, "BATCH_UPGRADE_DISABLED")) {
    const raw = grove.mapping.BATCH_UPGRADE_DISABLED;
    const parsed = parseBatchUpgradeDisabled(raw);
    if (parsed === undefined) {
      problems.push(
        error(
          "invalid-batch-upgrade-disabled",
          `BATCH_UPGRADE_DISABLED in ${grove.file} must be true or false (true, yes, on, 1 / false, no, off, 0), found ${describeYamlValue(raw)}`,
          at(grove, "BATCH_UPGRADE_DISABLED"),
        ),
      );
    } else {
      batchUpgradeDisabled = parsed;
      batchUpgradeDisabledRaw = String(raw);
    }
  }
  if (problems.length > 0) return { problems };
  return {
    instance: {
      name,
      configFile: config.file,
      groveFile: grove === null ? null : grove.file,
      repository,
      version,
      batchUpgradeDisabled,
      batchUpgradeDisabledRaw,
    },
  };
}

/** A key that must be text when present (a bare `1.0` or a date would be compared wrongly). */
function textValue(doc: InstanceDocument, key: string, problems: Diagnostic[]): string | null {
  if (!Object.hasOwn(doc.mapping, key)) return null;
  const value = doc.mapping[key];
  if (typeof value === "string") return value;
  const hint = value === null ? "" : "; put it in quotes to make it text";
  problems.push(
    error(
      "invalid-config-value",
      `${key} in ${doc.file} must be text, found ${describeYamlValue(value)}${hint}`,
      at(doc, key),
    ),
  );
  return null;
}

function at(doc: InstanceDocument, key: string): Partial<Diagnostic> {
  const found = findKeyLine(doc.text, [key]);
  return found === undefined
    ? { file: doc.file }
    : { file: doc.file, line: found.line, fileColumn: found.column };
}
