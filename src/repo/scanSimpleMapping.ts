import yaml from "js-yaml";

/*
 * A fast path for reading thousands of instance files: most config.yml and grove.yml files are
 * flat `KEY: value` lines with a few one-level lists or mappings. For such a file this scanner
 * proves, line by line, that js-yaml would load it as a mapping without error, and returns the
 * values of the few keys the planner reads, exactly as js-yaml would type them. Anything outside
 * that small, certain grammar (quotes with escapes, anchors, multi-line scalars, deeper nesting,
 * tabs, non-ASCII text, duplicate keys, document markers...) returns null and the caller parses
 * the file with js-yaml as before, so the result never differs from a full parse.
 */

const PRINTABLE_ASCII_LINES = /^[\x20-\x7e\n]*$/;
const KEY = /^[A-Za-z_][A-Za-z0-9_]{0,99}$/;
// A plain scalar that starts with none of YAML's indicator characters.
const PLAIN_START = /^[A-Za-z0-9_/.~+$(=]/;
// Plain scalars that start with a letter and are not text in js-yaml's default schema. As keys
// they become the text of their value ("True" and "true" are then the same key).
const KEYWORDS = new Map<string, boolean | null>([
  ["null", null],
  ["Null", null],
  ["NULL", null],
  ["true", true],
  ["True", true],
  ["TRUE", true],
  ["false", false],
  ["False", false],
  ["FALSE", false],
]);

/** A key as js-yaml stores it, for finding duplicates. */
function keyText(key: string): string {
  return KEYWORDS.has(key) ? String(KEYWORDS.get(key)) : key;
}

/** A scalar as written after `key: ` or `- `: its source text, or null when not certain. */
function scalarSource(rest: string): string | null {
  const first = rest.charCodeAt(0);
  if (first === 0x22 /* " */ || first === 0x27 /* ' */) {
    const close = rest.indexOf(rest[0] ?? "", 1);
    if (close === -1) return null;
    const inner = rest.slice(1, close);
    // No escapes (`\` in double quotes) and no doubled quote ('' in single quotes).
    if (first === 0x22 && inner.includes("\\")) return null;
    const after = rest.slice(close + 1).trimEnd();
    if (after !== "" && !/^ +#/.test(after)) return null;
    return rest.slice(0, close + 1);
  }
  const hash = rest.indexOf(" #");
  const value = (hash === -1 ? rest : rest.slice(0, hash)).trimEnd();
  if (value === "" || !PLAIN_START.test(value)) return null;
  if (value.includes(": ") || value.endsWith(":")) return null;
  return value;
}

/** js-yaml's value of a scalar accepted by `scalarSource`. */
function scalarValue(source: string): unknown {
  const first = source.charCodeAt(0);
  if (first === 0x22 || first === 0x27) return source.slice(1, -1);
  const keyword = KEYWORDS.get(source);
  if (keyword !== undefined) return keyword;
  const letter = (first >= 0x41 && first <= 0x5a) || (first >= 0x61 && first <= 0x7a);
  if (letter) return source;
  // Numbers, null, booleans, dates: let js-yaml type this one line.
  return (yaml.load(`v: ${source}`) as Record<string, unknown>)["v"];
}

/**
 * The values of `wanted` keys of a simple YAML mapping file, or null when the file is not simple
 * enough to be certain (then parse it with js-yaml). A wanted key that is absent is absent from
 * the result; one written with a nested block returns null.
 */
export function scanSimpleMapping(
  text: string,
  wanted: ReadonlySet<string>,
): Record<string, unknown> | null {
  if (!PRINTABLE_ASCII_LINES.test(text)) return null;
  const out: Record<string, unknown> = {};
  const topKeys = new Set<string>();
  // The top-level key whose value is a nested block (null until its first line), its lines'
  // indentation and kind, and the keys of a nested mapping.
  let open: string | null = null;
  let blockIndent = -1;
  let blockKind: "list" | "map" | null = null;
  const blockKeys = new Set<string>();
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = text.length;
    const line = text.slice(start, end);
    start = end + 1;
    let indent = 0;
    while (line.charCodeAt(indent) === 0x20) indent += 1;
    if (indent === line.length || line.charCodeAt(indent) === 0x23 /* # */) continue;
    const isItem = line.charCodeAt(indent) === 0x2d && line.charCodeAt(indent + 1) === 0x20;
    if (indent === 0 && !isItem) {
      // A top-level `KEY:` or `KEY: scalar`.
      const colon = line.indexOf(":");
      if (colon === -1) return null;
      const key = line.slice(0, colon);
      if (!KEY.test(key) || topKeys.has(keyText(key))) return null;
      topKeys.add(keyText(key));
      const rest = line.slice(colon + 1);
      if (rest !== "" && rest.charCodeAt(0) !== 0x20) return null;
      const trimmed = rest.trimStart();
      open = null;
      if (trimmed === "" || trimmed.charCodeAt(0) === 0x23) {
        open = key;
        blockIndent = -1;
        blockKind = null;
        blockKeys.clear();
        if (wanted.has(key)) out[key] = null;
        continue;
      }
      const source = scalarSource(trimmed);
      if (source === null) return null;
      if (wanted.has(key)) out[key] = scalarValue(source);
      continue;
    }
    // A line of the nested block of `open`: all at one indentation, all items or all entries.
    if (open === null || wanted.has(open)) return null;
    const kind = isItem ? "list" : "map";
    if (blockKind === null) {
      if (kind === "map" && indent === 0) return null;
      blockKind = kind;
      blockIndent = indent;
    } else if (blockKind !== kind || blockIndent !== indent) {
      return null;
    }
    if (isItem) {
      if (scalarSource(line.slice(indent + 2).trimStart()) === null) return null;
      continue;
    }
    const colon = line.indexOf(":", indent);
    if (colon === -1) return null;
    const key = line.slice(indent, colon);
    if (!KEY.test(key) || blockKeys.has(keyText(key))) return null;
    blockKeys.add(keyText(key));
    const rest = line.slice(colon + 1);
    if (rest.charCodeAt(0) !== 0x20) return null;
    if (scalarSource(rest.trimStart()) === null) return null;
  }
  return topKeys.size === 0 ? null : out;
}
