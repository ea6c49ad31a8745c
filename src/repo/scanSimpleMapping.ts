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
const SPACE = 0x20;
const HASH = 0x23;
const COLON = 0x3a;
const DASH = 0x2d;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;
const MAX_KEY_LENGTH = 100;

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

/*
 * The scanner works on character codes and positions in the file's text, making strings only of
 * keys and of the values it returns: it runs over every line of thousands of files in a batch,
 * where slicing every line and testing it with regular expressions was a fifth of the time.
 */

function isLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** A character a plain scalar may start with: none of YAML's indicators (`A-Za-z0-9_/.~+$(=`). */
function isPlainStart(c: number): boolean {
  return (
    isLetter(c) ||
    isDigit(c) ||
    c === 0x5f /* _ */ ||
    c === 0x2f /* / */ ||
    c === 0x2e /* . */ ||
    c === 0x7e /* ~ */ ||
    c === 0x2b /* + */ ||
    c === 0x24 /* $ */ ||
    c === 0x28 /* ( */ ||
    c === 0x3d /* = */
  );
}

/** Whether text[start, end) is a key we are sure of: `[A-Za-z_][A-Za-z0-9_]*`, at most 100. */
function isSimpleKey(text: string, start: number, end: number): boolean {
  if (end <= start || end - start > MAX_KEY_LENGTH) return false;
  const first = text.charCodeAt(start);
  if (!isLetter(first) && first !== 0x5f) return false;
  for (let i = start + 1; i < end; i += 1) {
    const c = text.charCodeAt(i);
    if (!isLetter(c) && !isDigit(c) && c !== 0x5f) return false;
  }
  return true;
}

/** A key as js-yaml stores it, for finding duplicates. */
function keyText(key: string): string {
  const keyword = KEYWORDS.get(key);
  return keyword === undefined ? key : String(keyword);
}

function skipSpaces(text: string, at: number, end: number): number {
  let i = at;
  while (i < end && text.charCodeAt(i) === SPACE) i += 1;
  return i;
}

/**
 * The end of the scalar written at text[start, end) (after `key: ` or `- `, spaces skipped),
 * without its comment and trailing spaces; -1 when it is not a scalar we are sure of.
 */
function scalarEnd(text: string, start: number, end: number): number {
  if (start >= end) return -1;
  const first = text.charCodeAt(start);
  if (first === DOUBLE_QUOTE || first === SINGLE_QUOTE) {
    let close = start + 1;
    while (close < end && text.charCodeAt(close) !== first) {
      // No escapes in double quotes (a doubled quote in single quotes ends the scalar early
      // and then fails the check of what follows).
      if (first === DOUBLE_QUOTE && text.charCodeAt(close) === 0x5c /* \ */) return -1;
      close += 1;
    }
    if (close === end) return -1;
    // After the closing quote: nothing, or spaces and a comment.
    const after = skipSpaces(text, close + 1, end);
    if (after < end && (after === close + 1 || text.charCodeAt(after) !== HASH)) return -1;
    return close + 1;
  }
  if (!isPlainStart(first)) return -1;
  let stop = end;
  for (let i = start + 1; i < end; i += 1) {
    const c = text.charCodeAt(i);
    if (c !== SPACE && c !== HASH) continue;
    const before = text.charCodeAt(i - 1);
    // `: ` makes a nested mapping; ` #` starts a comment.
    if (c === SPACE && before === COLON) return -1;
    if (c === HASH && before === SPACE) {
      stop = i - 1;
      break;
    }
  }
  while (stop > start && text.charCodeAt(stop - 1) === SPACE) stop -= 1;
  if (stop === start || text.charCodeAt(stop - 1) === COLON) return -1;
  return stop;
}

/*
 * The text values a batch keeps (repository URLs, versions) are few distinct strings, each
 * repeated in thousands of files. Kept as slices of their files, each would also keep its whole
 * file's text alive (V8 shares the characters) for the rest of the run, which the garbage
 * collector then copies again and again; one shared copy per distinct value keeps none.
 */
const interned = new Map<string, string>();
const MAX_INTERNED = 1000;

function intern(text: string): string {
  const known = interned.get(text);
  if (known !== undefined) return known;
  if (interned.size >= MAX_INTERNED) interned.clear();
  // A copy of its own (flattening a concatenation), not a slice of the file.
  const copy = (text + " ").slice(0, -1);
  interned.set(copy, copy);
  return copy;
}

/** js-yaml's value of a scalar accepted by `scalarEnd`. */
function scalarValue(source: string): unknown {
  const first = source.charCodeAt(0);
  if (first === DOUBLE_QUOTE || first === SINGLE_QUOTE) return intern(source.slice(1, -1));
  const keyword = KEYWORDS.get(source);
  if (keyword !== undefined) return keyword;
  if (isLetter(first)) return intern(source);
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
  let blockIsList: boolean | null = null;
  const blockKeys = new Set<string>();
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = text.length;
    const lineStart = start;
    start = end + 1;
    const at = skipSpaces(text, lineStart, end);
    if (at === end || text.charCodeAt(at) === HASH) continue;
    const indent = at - lineStart;
    const isItem =
      text.charCodeAt(at) === DASH && text.charCodeAt(at + 1) === SPACE && at + 1 < end;
    if (indent === 0 && !isItem) {
      // A top-level `KEY:` or `KEY: scalar`.
      const colon = text.indexOf(":", at);
      if (colon === -1 || colon >= end || !isSimpleKey(text, at, colon)) return null;
      const key = text.slice(at, colon);
      const seen = keyText(key);
      if (topKeys.has(seen)) return null;
      topKeys.add(seen);
      if (colon + 1 < end && text.charCodeAt(colon + 1) !== SPACE) return null;
      const valueAt = skipSpaces(text, colon + 1, end);
      open = null;
      if (valueAt === end || text.charCodeAt(valueAt) === HASH) {
        open = key;
        blockIndent = -1;
        blockIsList = null;
        blockKeys.clear();
        if (wanted.has(key)) out[key] = null;
        continue;
      }
      const valueEnd = scalarEnd(text, valueAt, end);
      if (valueEnd === -1) return null;
      if (wanted.has(key)) out[key] = scalarValue(text.slice(valueAt, valueEnd));
      continue;
    }
    // A line of the nested block of `open`: all at one indentation, all items or all entries.
    if (open === null || wanted.has(open)) return null;
    if (blockIsList === null) {
      if (!isItem && indent === 0) return null;
      blockIsList = isItem;
      blockIndent = indent;
    } else if (blockIsList !== isItem || blockIndent !== indent) {
      return null;
    }
    if (isItem) {
      if (scalarEnd(text, skipSpaces(text, at + 2, end), end) === -1) return null;
      continue;
    }
    const colon = text.indexOf(":", at);
    if (colon === -1 || colon >= end || !isSimpleKey(text, at, colon)) return null;
    const seen = keyText(text.slice(at, colon));
    if (blockKeys.has(seen)) return null;
    blockKeys.add(seen);
    if (colon + 1 >= end || text.charCodeAt(colon + 1) !== SPACE) return null;
    if (scalarEnd(text, skipSpaces(text, colon + 1, end), end) === -1) return null;
  }
  return topKeys.size === 0 ? null : out;
}
