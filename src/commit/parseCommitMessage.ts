import { fail, ok, warning } from "../diagnostic.js";
import type { Diagnostic, Result } from "../diagnostic.js";
import type { Directive } from "./directive.js";
import { effectiveTitle } from "./effectiveTitle.js";
import { AUTODEPLOY_TAG, asciiLower } from "./grammar.js";
import { skipWhiteSpace } from "./listEntries.js";
import { parseInfrastructureText } from "./parseInfrastructureText.js";
import { parseInstanceList } from "./parseInstanceList.js";
import { parseLegacyTitle } from "./parseLegacyTitle.js";
import { parseTargetList } from "./parseTargetList.js";
import { parseUpgradeToPayload } from "./parseUpgradeToPayload.js";
import { quoteText } from "./quoteText.js";
import { editDistance } from "../text/editDistance.js";
import { TitleProblems } from "./titleProblems.js";

const EXPECTED_TYPES =
  "[Infrastructure], [Create], [Update], [Archive], [Delete], [Batch][Upgrade] or [Batch][UpgradeTo]";

/**
 * Parses a commit message into the directive its title carries (SPEC.md, "The commit-message
 * grammar"). Never throws. A title that does not begin with `[AutoDeploy]` is `none`; one that
 * does but does not parse is an error with every problem listed, each with its column in the
 * effective title (see `effectiveTitle`).
 *
 * White space (spaces and tabs only) is allowed before `[AutoDeploy]`, between the tags, after
 * the tags, and around list entries and their `|`; it is never allowed inside a name, id,
 * hash, repository or version.
 */
export function parseCommitMessage(message: string): Result<Directive> {
  const { title } = effectiveTitle(message);
  const start = skipWhiteSpace(title, 0);
  if (!startsWithTag(title, start, AUTODEPLOY_TAG)) {
    return ok({ kind: "none" }, notADirectiveWarnings(title, start));
  }
  const problems = new TitleProblems(title);
  const directive = parseAfterAutoDeploy(title, start + AUTODEPLOY_TAG.length, problems);
  if (directive === null || problems.hasErrors) return fail(problems.diagnostics());
  return ok(directive);
}

function parseAfterAutoDeploy(
  title: string,
  from: number,
  problems: TitleProblems,
): Directive | null {
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
  const tag = readTag(title, at, problems);
  if (tag === null) return null;
  switch (tag.name) {
    case "infrastructure":
      return { kind: "infrastructure", text: parseInfrastructureText(title, tag.end, problems) };
    case "create":
    case "update":
      return {
        kind: tag.name,
        instances: parseInstanceList(title, afterExtraTags(title, tag, problems), problems, true),
        legacy: false,
      };
    case "archive":
    case "delete":
      return {
        kind: tag.name,
        instances: parseInstanceList(
          title,
          afterExtraTags(title, tag, problems),
          problems,
          false,
        ).map(({ name }) => ({ name })),
      };
    case "batch":
      return parseBatch(title, tag.end, problems);
    default:
      problems.error(
        "unknown-type",
        at,
        `unknown type tag ${quoteText(tag.raw)}${hint(tag.name)}; expected ${EXPECTED_TYPES}`,
      );
      return null;
  }
}

function parseBatch(title: string, from: number, problems: TitleProblems): Directive | null {
  const at = skipWhiteSpace(title, from);
  if (title[at] !== "[") {
    problems.error("missing-type", at, "expected [Upgrade] or [UpgradeTo] after [Batch]");
    return null;
  }
  const tag = readTag(title, at, problems);
  if (tag === null) return null;
  if (tag.name === "upgrade") {
    return {
      kind: "batch-upgrade",
      targets: parseTargetList(title, afterExtraTags(title, tag, problems), problems),
    };
  }
  if (tag.name === "upgradeto") {
    return parseUpgradeToPayload(title, afterExtraTags(title, tag, problems), problems);
  }
  problems.error(
    "unknown-type",
    at,
    `unknown batch type tag ${quoteText(tag.raw)}; expected [Upgrade] or [UpgradeTo] after [Batch]`,
  );
  return null;
}

interface Tag {
  /** The text between the brackets, ASCII lower case. */
  readonly name: string;
  /** The tag as written, brackets included. */
  readonly raw: string;
  /** Index just past `]`. */
  readonly end: number;
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

function hint(name: string): string {
  if (name === "upgrade") return " (did you mean [Batch][Upgrade]?)";
  if (name === "upgradeto") return " (did you mean [Batch][UpgradeTo]?)";
  return "";
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
