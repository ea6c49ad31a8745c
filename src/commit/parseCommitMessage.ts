import { fail, ok, warning } from "../diagnostic.js";
import type { Diagnostic, Result } from "../diagnostic.js";
import { describeCharacter, editDistance, quoteText } from "../text.js";
import type { Directive, NamedDirectiveShape } from "./directive.js";
import { AUTODEPLOY_TAG, asciiLower, forbiddenTextCharacter, skipWhiteSpace } from "./grammar.js";
import { NAMED_KINDS, taggedKinds } from "./kinds.js";
import type { KindTable } from "./kinds.js";
import { parseLegacyTitle } from "./legacyTitle.js";
import {
  parseInstanceList,
  parseTargetList,
  parseUpgradeToPayload,
  trimmedPiece,
} from "./lists.js";
import { afterExtraTags, namesOnlyMessage, readKindTags, startsWithTag } from "./tags.js";
import { effectiveTitle, TitleRecord } from "./title.js";

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
  const parsed = parseTitle(message, kinds);
  if (!parsed.ok) return fail(parsed.diagnostics, parsed.warnings);
  return ok(parsed.value.directive, parsed.warnings);
}

/** A parsed title: its directive, and where the title's list entries are. */
export interface ParsedTitle<D> {
  readonly directive: D;
  /** The effective title (see `effectiveTitle`). */
  readonly title: string;
  /**
   * The 1-based column of each list entry in the title: an instance name under its name, a
   * target under `REPO|VERSION` (at its repository). A problem found after parsing names its
   * entry as `subject`, and this gives its column without searching the title again.
   */
  readonly columns: ReadonlyMap<string, number>;
}

const NO_COLUMNS: ReadonlyMap<string, number> = new Map();

/** `parseCommitMessage`, with the title and the columns of its entries. */
export function parseTitle<X extends NamedDirectiveShape = never, Y extends string = never>(
  message: string,
  kinds: KindTable<X, Y> = NAMED_KINDS,
): Result<ParsedTitle<Directive | NoInfer<X>>> {
  const { title, line } = effectiveTitle(message);
  const start = skipWhiteSpace(title, 0);
  if (!startsWithTag(title, start, AUTODEPLOY_TAG)) {
    const none = { directive: { kind: "none" } as const, title, columns: NO_COLUMNS };
    return ok(none, notADirectiveWarnings(title, start));
  }
  const record = new TitleRecord(title);
  const directive = parseAfterAutoDeploy(title, start + AUTODEPLOY_TAG.length, record, kinds);
  if (directive === null || record.hasErrors) {
    // A merge commit's title is not its first line: say which line the columns count in.
    const diagnostics = record.diagnostics();
    return fail(line === 1 ? diagnostics : diagnostics.map((d) => ({ ...d, line })));
  }
  return ok({ directive, title, columns: record.entryColumns() });
}

function parseAfterAutoDeploy<X extends NamedDirectiveShape, Y extends string>(
  title: string,
  from: number,
  record: TitleRecord,
  kinds: KindTable<X, Y>,
): Directive | X | null {
  const at = skipWhiteSpace(title, from);
  if (title[at] !== "[") {
    const legacy = at < title.length ? parseLegacyTitle(title, at, record, kinds) : null;
    if (legacy === null) {
      const found = at < title.length ? `, found ${quoteText(title.slice(at))}` : "";
      record.error(
        "missing-type",
        at,
        `expected a type tag such as [Update] after [AutoDeploy], or the legacy form 'NAME:ID - apply changes :tools:'${found}`,
      );
    }
    return legacy;
  }
  const found = readKindTags(title, at, record, taggedKinds(kinds));
  if (found === null) return null;
  const { kind, tag } = found;
  if (kind.named !== null) {
    const list = afterExtraTags(title, tag, record);
    const idsRefused = kind.named.ids ? null : namesOnlyMessage(kinds);
    return kind.named.directive(parseInstanceList(title, list, record, idsRefused));
  }
  switch (kind.kind) {
    case "infrastructure":
      return { kind: "infrastructure", text: infrastructureText(title, tag.end, record) };
    case "batch-upgrade":
      return {
        kind: "batch-upgrade",
        targets: parseTargetList(title, afterExtraTags(title, tag, record), record),
      };
    case "batch-upgrade-to":
      return parseUpgradeToPayload(title, afterExtraTags(title, tag, record), record);
  }
}

/**
 * The free text of `[AutoDeploy][Infrastructure] <text>`, trimmed. It is required: an
 * infrastructure change applies Terraform to the whole cluster, and the history should say why.
 */
function infrastructureText(title: string, start: number, record: TitleRecord): string {
  const piece = trimmedPiece(title, start, title.length);
  if (piece.text === "") {
    record.error(
      "missing-text",
      piece.start,
      "[Infrastructure] needs a description of the change after the tag",
    );
  }
  for (let i = 0; i < piece.text.length; i++) {
    const why = forbiddenTextCharacter(piece.text, i);
    if (why !== null) {
      const character = describeCharacter(piece.text.charAt(i));
      record.error("bad-text", piece.start + i, `the description contains ${why} (${character})`);
    }
  }
  return piece.text;
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
        { column: new TitleRecord(title).column(at) },
      ),
    ];
  }
  let letters = "";
  let bracket = false;
  for (let i = start; i < title.length && i < start + 24; i++) {
    const c = asciiLower(title.charAt(i));
    if (c >= "a" && c <= "z" && letters.length < 10) letters += c;
    bracket ||= c === "[" || c === "]";
  }
  // Brackets tell a mangled tag from a sentence that merely starts with "Autodeploy".
  if (letters !== "autodeploy" || !bracket) return misspeltTag(title, start);
  return [
    warning(
      "autodeploy-malformed",
      `the title looks like a directive but does not begin with exactly ${AUTODEPLOY_TAG}; it is not one`,
      { column: new TitleRecord(title).column(start) },
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
      { column: new TitleRecord(title).column(start) },
    ),
  ];
}
