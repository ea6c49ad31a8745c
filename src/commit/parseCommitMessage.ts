import { fail, ok, warning } from "../diagnostic.js";
import type { Diagnostic, Result } from "../diagnostic.js";
import type { Directive, NamedDirectiveShape } from "./directive.js";
import { effectiveTitle } from "./effectiveTitle.js";
import { AUTODEPLOY_TAG, asciiLower } from "./grammar.js";
import { NAMED_KINDS, taggedKinds } from "./kinds.js";
import type { KindTable, NamedKind } from "./kinds.js";
import { skipWhiteSpace } from "./listEntries.js";
import { parseInfrastructureText } from "./parseInfrastructureText.js";
import { parseInstanceList } from "./parseInstanceList.js";
import { parseLegacyTitle } from "./parseLegacyTitle.js";
import { parseTargetList } from "./parseTargetList.js";
import { parseUpgradeToPayload } from "./parseUpgradeToPayload.js";
import { quoteText } from "../text.js";
import { editDistance } from "../text.js";
import { TitleProblems } from "./titleProblems.js";

/**
 * Parses a commit message into the directive its title carries (SPEC.md, "The commit-message
 * grammar"), with the kinds of `kinds` (see kinds.ts). Never throws. A title that does not begin
 * with `[AutoDeploy]` is `none`; one that does but does not parse is an error with every problem
 * listed, each with its column in the effective title (see `effectiveTitle`).
 *
 * White space (spaces and tabs only) is allowed before `[AutoDeploy]`, between the tags, after
 * the tags, and around list entries and their `|`; it is never allowed inside a name, id,
 * hash, repository or version.
 */
export function parseCommitMessage<X extends NamedDirectiveShape = never, Y extends string = never>(
  message: string,
  kinds: KindTable<X, Y> = NAMED_KINDS,
): Result<Directive | NoInfer<X>> {
  const { title } = effectiveTitle(message);
  const start = skipWhiteSpace(title, 0);
  if (!startsWithTag(title, start, AUTODEPLOY_TAG)) {
    return ok({ kind: "none" }, notADirectiveWarnings(title, start));
  }
  const problems = new TitleProblems(title);
  const directive = parseAfterAutoDeploy(title, start + AUTODEPLOY_TAG.length, problems, kinds);
  if (directive === null || problems.hasErrors) return fail(problems.diagnostics());
  return ok(directive);
}

function parseAfterAutoDeploy<X extends NamedDirectiveShape, Y extends string>(
  title: string,
  from: number,
  problems: TitleProblems,
  kinds: KindTable<X, Y>,
): Directive | X | null {
  const at = skipWhiteSpace(title, from);
  if (title[at] !== "[") {
    const legacy = at < title.length ? parseLegacyTitle(title, at, problems) : null;
    if (legacy === null) {
      const found = at < title.length ? `, found ${quoteText(title.slice(at))}` : "";
      problems.error(
        "missing-type",
        at,
        `expected a type tag such as [Update] after [AutoDeploy], or the legacy form 'NAME:ID - apply changes :tools:'${found}`,
      );
    }
    return legacy;
  }
  const found = readKindTags(title, at, problems, taggedKinds(kinds));
  if (found === null) return null;
  const { kind, tag } = found;
  if (kind.named !== null) {
    const list = afterExtraTags(title, tag, problems);
    const idsRefused = kind.named.ids ? null : namesOnlyMessage(kinds);
    return kind.named.directive(parseInstanceList(title, list, problems, idsRefused));
  }
  switch (kind.kind) {
    case "infrastructure":
      return { kind: "infrastructure", text: parseInfrastructureText(title, tag.end, problems) };
    case "batch-upgrade":
      return {
        kind: "batch-upgrade",
        targets: parseTargetList(title, afterExtraTags(title, tag, problems), problems),
      };
    case "batch-upgrade-to":
      return parseUpgradeToPayload(title, afterExtraTags(title, tag, problems), problems);
  }
}

interface Tag {
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
function readKindTags<K extends Tagged>(
  title: string,
  at: number,
  problems: TitleProblems,
  kinds: readonly K[],
): { kind: K; tag: Tag } | null {
  let candidates = kinds;
  let prefix: readonly string[] = [];
  let tagAt = at;
  for (let depth = 0; ; depth++) {
    const tag = readTag(title, tagAt, problems);
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
      problems.error(
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
      problems.error("missing-type", tagAt, `expected ${nextTags(matching, prefix)}`);
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
function namesOnlyMessage(kinds: readonly NamedKind[]): string {
  const names = kinds.filter((k) => !k.ids).map((k) => k.tags.map((t) => t.slice(1, -1)).join(" "));
  return `${alternatives(names, "and")} ${names.length === 1 ? "takes" : "take"} instance names only, without '|ID'`;
}

/** `a`, `a or b`, `a, b or c`, each once. */
function alternatives(items: readonly string[], conjunction: string): string {
  const unique = [...new Set(items)];
  const last = unique.pop();
  if (last === undefined) return "";
  return unique.length === 0 ? last : `${unique.join(", ")} ${conjunction} ${last}`;
}

/** The ASCII-lower-case text between a canonical tag's brackets. */
function tagName(tag: string): string {
  return asciiLower(tag.slice(1, -1));
}

function readTag(title: string, at: number, problems: TitleProblems): Tag | null {
  const close = title.indexOf("]", at + 1);
  if (close < 0) {
    problems.error("unclosed-tag", at, `tag ${quoteText(title.slice(at))} has no closing ']'`);
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
function afterExtraTags(title: string, tag: Tag, problems: TitleProblems): number {
  const at = skipWhiteSpace(title, tag.end);
  if (title[at] !== "[") return tag.end;
  const close = title.indexOf("]", at + 1);
  if (close < 0) return tag.end;
  problems.error(
    "unexpected-tag",
    at,
    `unexpected tag ${quoteText(title.slice(at, close + 1))} after ${quoteText(tag.raw)}; a title has one type tag`,
  );
  return close + 1;
}

/** ASCII-case-insensitive `title.startsWith(tag, at)`. */
function startsWithTag(title: string, at: number, tag: string): boolean {
  return asciiLower(title.slice(at, at + tag.length)) === asciiLower(tag);
}

/**
 * Why a title that is `none` may not be what its author meant: `[AutoDeploy]` later in the title
 * (a revert, a quote), or a misspelt prefix such as `[Auto-Deploy]` or `[AutoDeploy[Update]`.
 */
function notADirectiveWarnings(title: string, start: number): Diagnostic[] {
  const at = asciiLower(title).indexOf(asciiLower(AUTODEPLOY_TAG));
  if (at >= 0) {
    return [
      warning(
        "autodeploy-not-at-start",
        `${AUTODEPLOY_TAG} is not at the start of the title, so the title is not a directive`,
        { column: new TitleProblems(title).column(at) },
      ),
    ];
  }
  let letters = "";
  let bracket = false;
  for (let i = start; i < title.length && i < start + 24; i++) {
    const c = asciiLower(title[i] ?? "");
    if (c >= "a" && c <= "z" && letters.length < 10) letters += c;
    bracket ||= c === "[" || c === "]";
  }
  // Brackets tell a mangled tag from a sentence that merely starts with "Autodeploy".
  if (letters !== "autodeploy" || !bracket) return misspeltTag(title, start);
  return [
    warning(
      "autodeploy-malformed",
      `the title looks like a directive but does not begin with exactly ${AUTODEPLOY_TAG}; it is not one`,
      { column: new TitleProblems(title).column(start) },
    ),
  ];
}

/**
 * A first tag a typo or two away from `[AutoDeploy]` (`[AutoDeplyo]`, `[AutoDepłoy]`): the author
 * surely meant to deploy, and the commit will not. Only a warning, since the title is not a
 * directive, but `lint` (and the commit-msg hook) shows it.
 */
function misspeltTag(title: string, start: number): Diagnostic[] {
  if (title[start] !== "[") return [];
  const close = title.indexOf("]", start);
  if (close < 0 || close - start > 16) return [];
  const inner = title.slice(start + 1, close).toLowerCase();
  const distance = editDistance(inner, "autodeploy");
  if (distance === 0 || distance > 2) return [];
  return [
    warning(
      "autodeploy-misspelt",
      `${quoteText(title.slice(start, close + 1))} looks like a misspelt ${AUTODEPLOY_TAG}; this title is not a directive and deploys nothing`,
      { column: new TitleProblems(title).column(start) },
    ),
  ];
}
