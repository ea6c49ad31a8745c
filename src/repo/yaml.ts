import yaml from "js-yaml";
import { error, fail, ok } from "../diagnostic.js";
import type { Diagnostic, Result } from "../diagnostic.js";

/*
 * Reading YAML the way Grove does: one js-yaml parse per file (the default YAML 1.2 core schema,
 * what the rest of the tool is tested with), truth values as Grove's Python tools read them, and
 * problems that point at the line a person has to fix.
 */

/**
 * Parses a repository YAML file that must hold one mapping. An empty document (nothing but
 * comments) is an empty mapping when `emptyIsMapping`, else an error. `file` is the
 * repository-relative path the diagnostics name.
 */
export function parseYamlMapping(
  text: string,
  file: string,
  options: { emptyIsMapping: boolean },
): Result<Record<string, unknown>> {
  let doc: unknown;
  try {
    doc = yaml.load(text, { filename: file });
  } catch (err) {
    return fail([yamlSyntaxDiagnostic(err, file)]);
  }
  if (doc === null || doc === undefined) {
    if (options.emptyIsMapping) return ok({});
    return fail([
      error("not-a-mapping", `${file} is empty; expected a YAML mapping of keys to values`, {
        file,
      }),
    ]);
  }
  if (typeof doc !== "object" || Array.isArray(doc) || doc instanceof Date) {
    return fail([
      error(
        "not-a-mapping",
        `${file} holds ${describeYamlValue(doc)}; expected a YAML mapping of keys to values`,
        { file, ...contentStart(text) },
      ),
    ]);
  }
  return ok(doc as Record<string, unknown>);
}

/**
 * Where the document's content starts: the first line that is not blank, a comment, a directive
 * or a bare `---`. Instance configs usually open with comments, and a problem with the document
 * as a whole should point at the document, not at the comment above it.
 */
function contentStart(text: string): { line: number; fileColumn: number } {
  const lines = text.split(/\r\n|\r|\n/);
  for (const [index, raw] of lines.entries()) {
    const content = raw.trimStart();
    if (content === "" || content.startsWith("#") || content.startsWith("%")) continue;
    if (/^---[ \t]*(#.*)?$/.test(content)) continue;
    return { line: index + 1, fileColumn: raw.length - content.length + 1 };
  }
  return { line: 1, fileColumn: 1 };
}

function yamlSyntaxDiagnostic(err: unknown, file: string): Diagnostic {
  if (err instanceof yaml.YAMLException) {
    // js-yaml marks are 0-based; ours are 1-based. Some errors (several documents) have no mark.
    const at =
      err.mark === undefined || err.mark === null
        ? { file }
        : { file, line: err.mark.line + 1, fileColumn: err.mark.column + 1 };
    return error("yaml-syntax", `YAML syntax error in ${file}: ${err.reason}`, at);
  }
  return error("yaml-syntax", `YAML syntax error in ${file}`, { file });
}

/**
 * A few words for a parsed YAML value, for messages: `a list`, `the number 3`, `"abc"`. `written`
 * is the value as the file spells it, when the caller found it: a date is told as written, since
 * js-yaml rolls an impossible one over (`2024-13-45` would read as 2025-02-14) where PyYAML, and
 * so Grove, refuses the whole file.
 */
export function describeYamlValue(value: unknown, written?: string): string {
  if (value === null || value === undefined) return "nothing (null)";
  if (Array.isArray(value)) return "a list";
  if (value instanceof Date) return describeDate(value, written);
  if (value instanceof Uint8Array) return "binary data (!!binary)";
  switch (typeof value) {
    case "string": {
      const shown = value.length > 40 ? `${value.slice(0, 37)}...` : value;
      return `the text ${JSON.stringify(shown)}`;
    }
    case "number":
      return `the number ${String(value)}`;
    case "boolean":
      return `the boolean ${String(value)}`;
    case "object":
      return "a mapping";
    default:
      return `a value of type ${typeof value}`;
  }
}

/** A YAML 1.1 date as written: `2024-13-45` (also the start of a timestamp). */
const WRITTEN_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})/;

function describeDate(value: Date, written: string | undefined): string {
  const parts = written === undefined ? null : WRITTEN_DATE.exec(written);
  if (parts !== null && written !== undefined) {
    const [year, month, day] = [parts[1], parts[2], parts[3]].map(Number);
    const real = new Date(Date.UTC(year ?? 0, (month ?? 0) - 1, day ?? 0));
    const exists =
      real.getUTCFullYear() === year &&
      real.getUTCMonth() + 1 === month &&
      real.getUTCDate() === day;
    if (!exists) {
      return `${written}, which YAML reads as a date that does not exist (Grove cannot load the file)`;
    }
  }
  if (Number.isNaN(value.getTime())) return "a date that does not exist";
  return `the date ${value.toISOString().slice(0, 10)}`;
}

/**
 * Whether quoting `value` would make it text: a number, boolean or date. A list, a mapping or
 * binary data is a different shape, not a spelling.
 */
export function quotingMakesText(value: unknown): boolean {
  return typeof value === "number" || typeof value === "boolean" || value instanceof Date;
}

/**
 * The value of the key found at `location` as the line spells it (`2024-13-45` in
 * `KEY: 2024-13-45  # comment`), or undefined when it is not on that line.
 */
export function writtenValue(text: string, location: KeyLocation): string | undefined {
  if (location.line === undefined) return undefined;
  const line = lineAt(text, location.line);
  const colon = line.indexOf(":");
  if (colon < 0) return undefined;
  const value = line
    .slice(colon + 1)
    .replace(/\s#.*$/, "")
    .trim();
  return value === "" ? undefined : value;
}

/** The 1-based `line` of `text`, found without splitting the whole file. */
function lineAt(text: string, line: number): string {
  let start = 0;
  for (let n = 1; n < line; n++) {
    const next = text.indexOf("\n", start);
    if (next < 0) return "";
    start = next + 1;
  }
  const end = text.indexOf("\n", start);
  return text.slice(start, end < 0 ? text.length : end).replace(/\r$/, "");
}

const TRUE_WORDS = new Set(["true", "yes", "on", "1"]);
const FALSE_WORDS = new Set(["false", "no", "off", "0"]);

/**
 * Reads a truth value (`BATCH_UPGRADE_DISABLED`) the way Grove's Python tools do (SPEC.md): YAML
 * 1.1 truth words. js-yaml's default schema is YAML 1.2, so `yes`/`on`/`no`/`off` arrive here as
 * strings and `true`/`True`/`TRUE` as booleans; strings are compared without regard to case. The
 * integers 1 and 0 count like the strings "1" and "0" because Grove's Python applies the same
 * truth rules to `1`/`0` written bare (PyYAML gives it an int, which Python's truth test
 * accepts), so an instance Grove treats as disabled must not be upgraded by us.
 *
 * Returns undefined for anything else (`maybe`, 2, a list, null): the caller reports an error
 * rather than guessing.
 */
export function truthValue(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (value === 1) return true;
  if (value === 0) return false;
  if (typeof value !== "string") return undefined;
  const word = value.toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return undefined;
}

/** Where a key is written: the `line` and `fileColumn` (1-based) of a diagnostic. */
export type KeyLocation = Pick<Diagnostic, "line" | "fileColumn">;

interface Content {
  readonly index: number;
  readonly indent: number;
  readonly text: string;
}

/**
 * Finds where a key path (e.g. `["batch", "waveSize"]`, or `["deployBranches", 1]` for a list
 * entry) is written in block-style YAML, by indentation. js-yaml keeps no positions for parsed
 * values, and this runs only when reporting a problem, so a second, cheap look at the text is
 * better than a slower position-keeping parse of every file. When only a prefix of the path is
 * found (flow style `{a: 1}`, anchors), the deepest key found is given; nothing (`{}`) when even
 * the first key is not found.
 */
export function findKeyLine(text: string, keyPath: readonly (string | number)[]): KeyLocation {
  const lines = contentLines(text);
  let from = 0;
  let to = lines.length;
  let found: KeyLocation = {};
  for (const segment of keyPath) {
    const first = lines[from];
    if (from >= to || first === undefined) return found;
    const hit = findEntry(lines, from, to, first.indent, segment);
    const line = hit === undefined ? undefined : lines[hit];
    if (hit === undefined || line === undefined) return found;
    found = { line: line.index + 1, fileColumn: line.indent + 1 };
    from = hit + 1;
    to = blockEnd(lines, from, to, line.indent);
  }
  return found;
}

function contentLines(text: string): Content[] {
  const out: Content[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const trimmed = raw.trimStart();
    if (trimmed === "" || trimmed.startsWith("#") || /^(---|\.\.\.)(\s|$)/.test(raw)) return;
    out.push({ index, indent: raw.length - trimmed.length, text: trimmed });
  });
  return out;
}

/** The line of a key (or the n-th list entry) among the lines from..to at `indent`. */
function findEntry(
  lines: readonly Content[],
  from: number,
  to: number,
  indent: number,
  segment: string | number,
): number | undefined {
  let seen = 0;
  for (let i = from; i < to; i++) {
    const line = lines[i];
    if (line === undefined || line.indent !== indent) continue;
    if (typeof segment === "string") {
      if (startsWithKey(line.text, segment)) return i;
    } else if (/^-(\s|$)/.test(line.text) && seen++ === segment) {
      return i;
    }
  }
  return undefined;
}

function startsWithKey(text: string, key: string): boolean {
  for (const written of [key, JSON.stringify(key), `'${key.replaceAll("'", "''")}'`]) {
    if (text.startsWith(written) && /^\s*:(\s|$)/.test(text.slice(written.length))) return true;
  }
  return false;
}

/** Index after the last line that belongs to the value of the key at `indent`. */
function blockEnd(lines: readonly Content[], from: number, to: number, indent: number): number {
  for (let i = from; i < to; i++) {
    const line = lines[i];
    if (line === undefined) continue;
    // A block list may sit at its key's own indentation (`key:\n- a`).
    if (line.indent < indent || (line.indent === indent && !/^-(\s|$)/.test(line.text))) return i;
  }
  return to;
}
