import path from "node:path";
import type { z } from "zod/mini";
import { error, fail, ok } from "../diagnostic.js";
import type { Diagnostic, Result } from "../diagnostic.js";
import { describeYamlValue } from "./describeYamlValue.js";
import { closestWord } from "../text.js";
import { findKeyLine } from "./findKeyLine.js";
import { parseYamlMapping } from "./parseYamlMapping.js";
import { readRepoFile } from "./readRepoFile.js";
import type { RepoRoot } from "./repoContext.js";
import { DEFAULT_SETTINGS, SETTINGS_FILE } from "./settings.js";
import type { Settings } from "./settings.js";
import { SETTINGS_KEYS, settingsFileSchema, settingsFromFile } from "./settingsSchema.js";

export interface LoadedSettings {
  readonly settings: Settings;
  /** Repository-relative path of the settings file, or null when there is none (defaults). */
  readonly file: string | null;
}

/**
 * Reads `grove-pipelines.yml` at the repository root. No file, or an empty one, gives
 * DEFAULT_SETTINGS. Every problem is reported at once, each with its key path and, when the key
 * can be found in the text, its line.
 */
export function loadSettings(repo: RepoRoot): Result<LoadedSettings> {
  const file = SETTINGS_FILE;
  const read = readRepoFile(repo.real, path.join(repo.abs, file), file);
  if (!read.ok) return read;
  const text = read.value;
  if (text === null) return ok({ settings: DEFAULT_SETTINGS, file: null });
  const doc = parseYamlMapping(text, file, { emptyIsMapping: true });
  if (!doc.ok) return doc;
  const parsed = settingsFileSchema.safeParse(doc.value, { reportInput: true });
  if (!parsed.success) {
    const problems = parsed.error.issues.flatMap((issue) => issueDiagnostics(issue, text, file));
    // In file order, so a person can fix them top to bottom.
    return fail(problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)));
  }
  return ok({ settings: settingsFromFile(parsed.data), file });
}

type Issue = z.core.$ZodIssue;

function issueDiagnostics(issue: Issue, text: string, file: string): Diagnostic[] {
  const at = issue.path.filter((p): p is string | number => typeof p !== "symbol");
  if (issue.code === "unrecognized_keys") {
    const known = SETTINGS_KEYS[at.join(".")] ?? [];
    return issue.keys.map((key) => {
      const keyPath = formatKeyPath([...at, key]);
      const guess = closestWord(key, known);
      const hint = guess === undefined ? "" : ` (did you mean ${formatKeyPath([...at, guess])}?)`;
      const expected =
        guess !== undefined || known.length === 0 ? "" : ` (known keys here: ${known.join(", ")})`;
      return error("unknown-setting", `unknown setting ${keyPath}${hint}${expected}`, {
        ...position(text, file, [...at, key]),
        keyPath,
      });
    });
  }
  const keyPath = formatKeyPath(at);
  return [
    error(
      "invalid-setting",
      `${keyPath} ${issue.message} (found ${describeYamlValue(issue.input)})`,
      { ...position(text, file, at), keyPath },
    ),
  ];
}

function position(text: string, file: string, at: readonly (string | number)[]) {
  const found = findKeyLine(text, at);
  return found === undefined ? { file } : { file, line: found.line, fileColumn: found.column };
}

/** `["batch", "waveSize"]` → `batch.waveSize`; list entries as `deployBranches[0]`. */
export function formatKeyPath(at: readonly (string | number)[]): string {
  return at.reduce<string>(
    (out, p) => (typeof p === "number" ? `${out}[${p}]` : out === "" ? p : `${out}.${p}`),
    "",
  );
}
