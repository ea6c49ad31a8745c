import type { YamlValue } from "./yamlValue.js";

/*
 * An upper bound of the bytes js-yaml's `dump` writes for a value with DUMP_OPTIONS (block style,
 * indent 2, no line folding), computed without serializing. Sharding a batch of thousands of jobs
 * must know whether a shard's file stays under `limits.maxYamlBytes`; serializing every job to
 * find out took seconds, while nearly every job is far below any byte limit.
 *
 * The bound charges every scalar (key or value) one whole line of its own at its depth: the
 * indentation, a `- ` or `: ` separator and the newline, generously. Real block YAML puts a key
 * and its scalar value on one line and the first entry of a mapping in a list after `- `, so it
 * never needs more.
 */

/**
 * Indentation (2 per level), a `- ` or `: ` separator (and up to one more `- ` per level for
 * lists directly inside lists) and the newline.
 */
function lineCost(depth: number): number {
  return 4 * depth + 4;
}

/** Upper bound of a string scalar's own text (quotes and escapes included) at `depth`. */
export function scalarBytesBound(text: string, depth: number): number {
  // Printable ASCII on one line is written plain, or single-quoted with each `'` doubled. (One
  // pass over the characters: this runs for every scalar of every job of a batch.)
  let quotes = 0;
  let printable = true;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 0x27) quotes += 1;
    else if (c < 0x20 || c > 0x7e) {
      printable = false;
      break;
    }
  }
  if (printable) return text.length + 2 + quotes;
  // Anything else is double-quoted (at most 6 bytes per UTF-16 unit: `\uXXXX`; 3 in UTF-8; 10
  // for the `\UXXXXXXXX` of a surrogate pair) or a literal block (`|-` header, then each line
  // indented). Take the larger of both.
  let lines = 1;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) lines += 1;
  return 6 + 6 * text.length + lines * (2 * depth + 5);
}

/**
 * Upper bound of the bytes of `value` written as the value of a key or list item `depth` levels
 * deep (0 for a top-level key's value), including the line of every scalar inside it.
 */
export function yamlBytesBound(value: YamlValue, depth: number): number {
  if (typeof value === "string") return scalarBytesBound(value, depth) + lineCost(depth);
  if (typeof value === "number" || typeof value === "boolean" || value === null) {
    return String(value).length + 4 + lineCost(depth);
  }
  if (isList(value)) {
    // `[]` on the key's line.
    if (value.length === 0) return 2 + lineCost(depth);
    let sum = 0;
    for (const item of value) sum += yamlBytesBound(item, depth + 1);
    return sum;
  }
  const keys = Object.keys(value);
  if (keys.length === 0) return 2 + lineCost(depth);
  let sum = 0;
  for (const key of keys)
    sum += keyBytesBound(key, depth + 1) + yamlBytesBound(value[key] ?? null, depth + 1);
  return sum;
}

/**
 * A mapping key: never a block scalar; a key over 1024 characters is written as an explicit
 * `? key` pair, which costs one more line.
 */
export function keyBytesBound(key: string, depth: number): number {
  const explicit = key.length > 1000 ? lineCost(depth) : 0;
  return scalarBytesBound(key, depth) + lineCost(depth) + explicit;
}

function isList(value: YamlValue): value is readonly YamlValue[] {
  return Array.isArray(value);
}
