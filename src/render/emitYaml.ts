import { InternalError } from "../errors.js";
import { dumpSchemaResolves } from "./yaml11.js";
import type { YamlValue } from "./yamlValue.js";

/*
 * The YAML text of a value, byte for byte as js-yaml's `dump(value, DUMP_OPTIONS)` writes it:
 * block style throughout, indent 2, no line width, no references, single quotes, keys in their
 * own order, and every string a YAML 1.1 reader would misread quoted (DUMP_SCHEMA). It follows
 * js-yaml's dumper (writeNode, writeBlockMapping, writeBlockSequence, writeScalar and
 * chooseScalarStyle) for exactly those options, so the general machinery it skips (styles, flow
 * levels, tags, references, line folding) costs nothing; writing every shard file of a batch of
 * 10,000 instances spent more time in js-yaml's dump than in reading the cluster.
 * emitYaml.test.ts checks the bytes against js-yaml itself, for arbitrary values.
 */

/** The YAML document of `value`, as `yaml.dump(value, DUMP_OPTIONS)` writes it. */
export function emitYaml(value: YamlValue): string {
  const writer: Writer = { text: "", scalars: new Map() };
  write(writer, value, 0, true);
  return `${writer.text}\n`;
}

/**
 * The text written so far, appended to in document order (V8 joins the pieces once, at the end),
 * and the text of the one-line strings already written, which does not depend on their level.
 */
interface Writer {
  text: string;
  readonly scalars: Map<string, string>;
}

/** js-yaml writes a mapping key of more than this many characters as an explicit `? key`. */
const EXPLICIT_KEY_LENGTH = 1024;

/** `\n` and the indentation of each level, made once. */
const NEWLINES: string[] = [];
function newline(level: number): string {
  let text = NEWLINES[level];
  if (text === undefined) {
    text = `\n${"  ".repeat(level)}`;
    NEWLINES[level] = text;
  }
  return text;
}

/**
 * Writes one node at `level`. `compact` leaves out the line break before a collection's first
 * entry, which then follows a list's `- ` or an explicit key's `: ` on the same line.
 */
function write(writer: Writer, value: unknown, level: number, compact: boolean): void {
  if (typeof value === "string") writer.text += scalar(writer, value, level, false);
  else if (typeof value === "number") writer.text += numberText(value);
  else if (typeof value === "boolean") writer.text += value ? "true" : "false";
  else if (value === null) writer.text += "null";
  else if (Array.isArray(value)) {
    if (value.length === 0) writer.text += "[]";
    else writeSequence(writer, value, level, compact);
  } else if (isMapping(value)) writeMapping(writer, value, level, compact);
  else throw new InternalError(`not a YAML value: ${typeof value}`);
}

function isMapping(value: unknown): value is Readonly<Record<string, unknown>> {
  if (typeof value !== "object" || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * Whether `value` is written as block entries starting on a line of their own (not compact):
 * then js-yaml writes `key:` with no space after it. An empty collection is written `[]` or `{}`.
 */
function startsBlock(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (!isMapping(value)) return false;
  for (const key of Object.keys(value)) if (value[key] !== undefined) return true;
  return false;
}

function writeSequence(
  writer: Writer,
  items: readonly unknown[],
  level: number,
  compact: boolean,
): void {
  for (let i = 0; i < items.length; i += 1) {
    if (!compact || i > 0) writer.text += newline(level);
    writer.text += "- ";
    // js-yaml writes a missing item as null.
    write(writer, items[i] ?? null, level + 1, true);
  }
}

function writeMapping(
  writer: Writer,
  object: Readonly<Record<string, unknown>>,
  level: number,
  compact: boolean,
): void {
  let first = true;
  for (const key of Object.keys(object)) {
    const value = object[key];
    // js-yaml leaves out a pair whose value is missing.
    if (value === undefined) continue;
    if (!compact || !first) writer.text += newline(level);
    first = false;
    const keyText = scalar(writer, key, level + 1, true);
    const explicit = keyText.length > EXPLICIT_KEY_LENGTH;
    if (explicit) writer.text += `? ${keyText}${newline(level)}: `;
    else writer.text += startsBlock(value) ? `${keyText}:` : `${keyText}: `;
    write(writer, value, level + 1, explicit);
  }
  // An empty mapping, or one whose every value is missing, is written in flow style.
  if (first) writer.text += "{}";
}

/** js-yaml's representation of a number (its int and float types, default styles). */
function numberText(value: number): string {
  if (Number.isNaN(value)) return ".nan";
  if (value === Number.POSITIVE_INFINITY) return ".inf";
  if (value === Number.NEGATIVE_INFINITY) return "-.inf";
  if (Object.is(value, -0)) return "-0.0";
  const text = value.toString(10);
  // YAML wants a point before an exponent (`5.e-100`), which JavaScript leaves out.
  return Number.isInteger(value) || !/^[-+]?[0-9]+e/.test(text) ? text : text.replace("e", ".e");
}

/**
 * Strings that YAML 1.1 reads as booleans or sexagesimal numbers: js-yaml quotes them before
 * looking at anything else (its compatibility mode).
 */
const DEPRECATED_BOOLEANS = new Set("y Y yes Yes YES on On ON n N no No NO off Off OFF".split(" "));
const DEPRECATED_BASE60 = /^[-+]?[0-9_]+(?::[0-9_]+)+(?:\.[0-9_]*)?$/;

/** A string scalar; keys (`isKey`) are never block scalars. */
function scalar(writer: Writer, text: string, level: number, isKey: boolean): string {
  const known = writer.scalars.get(text);
  if (known !== undefined) return known;
  const style = scalarStyle(text, isKey);
  if (style === "literal") return literal(text, 2 * Math.max(1, level));
  const written = oneLine(text, style);
  // Double quotes may be a key's line break, which a value writes as a block: not remembered.
  if (style !== "double") writer.scalars.set(text, written);
  return written;
}

type Style = "plain" | "single" | "double" | "literal";

function oneLine(text: string, style: Exclude<Style, "literal">): string {
  if (style === "plain") return text;
  if (style === "single") return `'${text.replaceAll("'", "''")}'`;
  return `"${escaped(text)}"`;
}

/**
 * js-yaml's choice of style (writeScalar, then chooseScalarStyle without line folding): plain
 * when every character may be, and no type of the dump schema would read it as other than
 * itself; a literal block for several lines (not for a key); double quotes when a character must
 * be escaped; else single quotes.
 */
function scalarStyle(text: string, isKey: boolean): Style {
  if (text.length === 0) return "single";
  if (DEPRECATED_BOOLEANS.has(text) || DEPRECATED_BASE60.test(text)) return "single";
  let plain = isPlainFirst(codePointAt(text, 0)) && isPlainLast(codePointAt(text, text.length - 1));
  let lineBreak = false;
  let previous = -1;
  for (let i = 0; i < text.length;) {
    const c = codePointAt(text, i);
    i += c >= 0x10000 ? 2 : 1;
    if (c === LINE_FEED && !isKey) lineBreak = true;
    else if (!isPrintable(c)) return "double";
    if (plain) plain = isPlainInside(c, previous);
    previous = c;
  }
  if (lineBreak) return "literal";
  return plain && !dumpSchemaResolves(text) ? "plain" : "single";
}

/** A `|` block, with js-yaml's indentation indicator and chomping, lines indented by `indent`. */
function literal(text: string, indent: number): string {
  const indicator = /^\n* /.test(text) ? "2" : "";
  const clip = text.endsWith("\n");
  const keep = clip && (text.endsWith("\n\n") || text === "\n");
  const chomp = keep ? "+" : clip ? "" : "-";
  const spaces = " ".repeat(indent);
  // Empty lines stay empty; the document's own line break replaces the last one.
  const lines = (clip ? text.slice(0, -1) : text).split("\n");
  const body = lines.map((line) => (line === "" ? "" : spaces + line)).join("\n");
  return `|${indicator}${chomp}\n${body}`;
}

/** Escapes of js-yaml's double-quoted style; other unprintable characters are `\x`, `\u`. */
const ESCAPES = new Map<number, string>([
  [0x00, "\\0"],
  [0x07, "\\a"],
  [0x08, "\\b"],
  [0x09, "\\t"],
  [0x0a, "\\n"],
  [0x0b, "\\v"],
  [0x0c, "\\f"],
  [0x0d, "\\r"],
  [0x1b, "\\e"],
  [0x22, '\\"'],
  [0x5c, "\\\\"],
  [0x85, "\\N"],
  [0xa0, "\\_"],
  [0x2028, "\\L"],
  [0x2029, "\\P"],
]);

function escaped(text: string): string {
  let out = "";
  for (let i = 0; i < text.length;) {
    const c = codePointAt(text, i);
    const width = c >= 0x10000 ? 2 : 1;
    const escape = ESCAPES.get(c);
    if (escape !== undefined) out += escape;
    else if (isPrintable(c)) out += text.slice(i, i + width);
    else out += hex(c);
    i += width;
  }
  return out;
}

function hex(c: number): string {
  const digits = c.toString(16).toUpperCase();
  return c <= 0xff ? `\\x${digits.padStart(2, "0")}` : `\\u${digits.padStart(4, "0")}`;
}

const LINE_FEED = 0x0a;
const BOM = 0xfeff;

/** A whole code point at `i`, or the lone surrogate there (js-yaml's codePointAt). */
function codePointAt(text: string, i: number): number {
  const first = text.charCodeAt(i);
  if (first >= 0xd800 && first <= 0xdbff && i + 1 < text.length) {
    const second = text.charCodeAt(i + 1);
    if (second >= 0xdc00 && second <= 0xdfff)
      return (first - 0xd800) * 0x400 + second - 0xdc00 + 0x10000;
  }
  return first;
}

/** Written as is in any scalar; anything else only escaped, in double quotes. */
function isPrintable(c: number): boolean {
  return (
    (c >= 0x20 && c <= 0x7e) ||
    (c >= 0xa1 && c <= 0xd7ff && c !== 0x2028 && c !== 0x2029) ||
    (c >= 0xe000 && c <= 0xfffd && c !== BOM) ||
    (c >= 0x10000 && c <= 0x10ffff)
  );
}

function isWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

/** Printable and no line break (YAML's ns-char, with spaces and tabs). */
function isCharOrWhitespace(c: number): boolean {
  return isPrintable(c) && c !== BOM && c !== 0x0d && c !== LINE_FEED;
}

/** Not a YAML indicator, space or unprintable: may start a plain scalar. */
const NOT_PLAIN_FIRST = new Set([..."-?:,[]{}#&*!|=>'\"%@`"].map((c) => c.charCodeAt(0)));
function isPlainFirst(c: number): boolean {
  return isPrintable(c) && c !== BOM && !isWhitespace(c) && !NOT_PLAIN_FIRST.has(c);
}

function isPlainLast(c: number): boolean {
  return !isWhitespace(c) && c !== 0x3a;
}

/**
 * May stand in a plain scalar after `previous` (-1 at the start), in block context: no `#` after
 * a space (a comment), no `:` before a space (a key).
 */
function isPlainInside(c: number, previous: number): boolean {
  const charOrWhitespace = isCharOrWhitespace(c);
  const char = charOrWhitespace && !isWhitespace(c);
  return (
    (charOrWhitespace && c !== 0x23 && !(previous === 0x3a && !char)) ||
    (isCharOrWhitespace(previous) && !isWhitespace(previous) && c === 0x23) ||
    (previous === 0x3a && char)
  );
}
