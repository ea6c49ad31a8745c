import { quoteText } from "../text.js";
import { asciiLower, skipWhiteSpace } from "./grammar.js";
import type { NamedKind } from "./kinds.js";
import type { TitleRecord } from "./title.js";

/**
 * The type tags after `[AutoDeploy]`, read against the kinds table (kinds.ts): which kind a
 * title's tags ask for, and, when none, a message that lists what was expected. Tags match
 * ASCII-case-insensitively; Unicode case folding would let look-alikes pass for tags.
 */

export interface Tag {
  /** The text between the brackets, ASCII lower case. */
  readonly name: string;
  /** The tag as written, brackets included. */
  readonly raw: string;
  /** Index just past `]`. */
  readonly end: number;
}

/**
 * The kind whose tags start at `at`, reading as many tags as its path has (`[Batch][Upgrade]`),
 * with the last of them; null once the reason none matches is reported.
 */
export function readKindTags<K extends Tagged>(
  title: string,
  at: number,
  record: TitleRecord,
  kinds: readonly K[],
): { kind: K; tag: Tag } | null {
  let candidates = kinds;
  let prefix: readonly string[] = [];
  let tagAt = at;
  for (let depth = 0; ; depth++) {
    const tag = readTag(title, tagAt, record);
    if (tag === null) return null;
    const matching = candidates.filter((k) => isTagAt(k, depth, tag.name));
    const done = matching.find((k) => k.tags.length === depth + 1);
    if (done !== undefined) return { kind: done, tag };
    const [first] = matching;
    if (first === undefined) {
      const quoted = quoteText(tag.raw);
      const expected = alternatives(
        kinds.map((k) => k.tags.join("")),
        "or",
      );
      record.error(
        "unknown-type",
        tagAt,
        depth === 0
          ? `unknown type tag ${quoted}${hint(tag.name, kinds)}; expected ${expected}`
          : `unknown ${prefix.map(tagName).join(" ")} type tag ${quoted}; expected ${nextTags(candidates, prefix)}`,
      );
      return null;
    }
    prefix = first.tags.slice(0, depth + 1);
    tagAt = skipWhiteSpace(title, tag.end);
    if (title[tagAt] !== "[") {
      record.error("missing-type", tagAt, `expected ${nextTags(matching, prefix)}`);
      return null;
    }
    candidates = matching;
  }
}

interface Tagged {
  readonly tags: readonly string[];
}

function isTagAt(kind: Tagged, depth: number, name: string): boolean {
  const tag = kind.tags[depth];
  return tag !== undefined && tagName(tag) === name;
}

/** `[Upgrade] or [UpgradeTo] after [Batch]`: what may follow the tags `kinds` share. */
function nextTags(kinds: readonly Tagged[], prefix: readonly string[]): string {
  const next = kinds.flatMap((k) => k.tags.slice(prefix.length, prefix.length + 1));
  return `${alternatives(next, "or")} after ${prefix.join("")}`;
}

/** A tag that only follows another (`[Upgrade]`): point at the whole path it belongs to. */
function hint(name: string, kinds: readonly Tagged[]): string {
  const path = kinds.find((k) => k.tags.slice(1).some((t) => tagName(t) === name));
  return path === undefined ? "" : ` (did you mean ${path.tags.join("")}?)`;
}

/** `Archive and Delete take instance names only, ...`: every kind without ids, named by its tags. */
export function namesOnlyMessage(kinds: readonly NamedKind[]): string {
  const names = kinds.filter((k) => !k.ids).map((k) => k.tags.map((t) => t.slice(1, -1)).join(" "));
  return `${alternatives(names, "and")} ${names.length === 1 ? "takes" : "take"} instance names only, without '|ID'`;
}

/** `a`, `a or b`, `a, b or c`, each once. */
export function alternatives(items: readonly string[], conjunction: string): string {
  const unique = [...new Set(items)];
  const last = unique.pop();
  if (last === undefined) return "";
  return unique.length === 0 ? last : `${unique.join(", ")} ${conjunction} ${last}`;
}

/** The ASCII-lower-case text between a canonical tag's brackets. */
function tagName(tag: string): string {
  return asciiLower(tag.slice(1, -1));
}

function readTag(title: string, at: number, record: TitleRecord): Tag | null {
  const close = title.indexOf("]", at + 1);
  if (close < 0) {
    record.error("unclosed-tag", at, `tag ${quoteText(title.slice(at))} has no closing ']'`);
    return null;
  }
  return {
    name: asciiLower(title.slice(at + 1, close)),
    raw: title.slice(at, close + 1),
    end: close + 1,
  };
}

/**
 * One type tag only: `[Update][x] a` reports `[x]` and parses the list after it, so the other
 * problems of the title are still found.
 */
export function afterExtraTags(title: string, tag: Tag, record: TitleRecord): number {
  const at = skipWhiteSpace(title, tag.end);
  if (title[at] !== "[") return tag.end;
  const close = title.indexOf("]", at + 1);
  if (close < 0) return tag.end;
  record.error(
    "unexpected-tag",
    at,
    `unexpected tag ${quoteText(title.slice(at, close + 1))} after ${quoteText(tag.raw)}; a title has one type tag`,
  );
  return close + 1;
}

/** ASCII-case-insensitive `title.startsWith(tag, at)`. */
export function startsWithTag(title: string, at: number, tag: string): boolean {
  return asciiLower(title.slice(at, at + tag.length)) === asciiLower(tag);
}
