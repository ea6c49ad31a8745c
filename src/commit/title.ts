import { error } from "../diagnostic.js";
import type { Diagnostic, DiagnosticCode } from "../diagnostic.js";
import { InternalError } from "../errors.js";
import { quoteText } from "../text.js";

/**
 * The title of a commit message, and what parsing it records: its errors and where each list
 * entry is. Parsers work with UTF-16 indexes into the title; everything recorded is a 1-based
 * column counted in code points, so an emoji earlier in the title does not push the caret a
 * person sees one place too far.
 */

/**
 * The line of a commit message that carries the directive (SPEC.md: only the title counts; a
 * GitLab merge commit carries the merge request's title on the first non-empty line after its
 * own).
 */
export interface EffectiveTitle {
  /** The line, without its line break. Columns of diagnostics point into this string. */
  readonly title: string;
  /** 1-based number of that line in the message. */
  readonly line: number;
}

const MERGE_PREFIX = "Merge branch '";
const MERGE_MIDDLE = "' into '";

/**
 * Lines end at `\n`, `\r\n` or a lone `\r`: a lone `\r` is how a title would hide text from a
 * terminal, so nothing after it may count as part of the title.
 */
function splitLines(message: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (let i = 0; i < message.length; i++) {
    const c = message[i];
    if (c === "\n" || c === "\r") {
      lines.push(message.slice(start, i));
      if (c === "\r" && message[i + 1] === "\n") i++;
      start = i + 1;
    }
  }
  lines.push(message.slice(start));
  return lines;
}

/** Blank means only spaces and tabs, the white space the grammar knows. */
const isBlank = (line: string): boolean => /^[ \t]*$/.test(line);

/** GitLab's own merge commit title; plain string tests, so hostile lines cost linear time. */
function isGitLabMergeTitle(line: string): boolean {
  const t = line.trimEnd();
  return (
    t.startsWith(MERGE_PREFIX) &&
    t.endsWith("'") &&
    t.length > MERGE_PREFIX.length + MERGE_MIDDLE.length &&
    t.indexOf(MERGE_MIDDLE, MERGE_PREFIX.length) >= 0
  );
}

/**
 * The title of `message`: its first line, or for a GitLab merge commit the first non-empty line
 * after the merge title (the merge title itself when there is none).
 *
 * Leading blank lines and a leading byte-order mark are skipped, because `git commit` strips the
 * former and the latter is an editor's encoding artefact; neither is ever meant as the title.
 */
export function effectiveTitle(message: string): EffectiveTitle {
  const lines = splitLines(message.startsWith("\uFEFF") ? message.slice(1) : message);
  // splitLines gives at least one line, and the last one always counts as the first non-blank.
  const first = lines.findIndex((line, i) => !isBlank(line) || i === lines.length - 1);
  const title = lines[first];
  if (title === undefined) throw new InternalError("a message has at least one line");
  if (isGitLabMergeTitle(title)) {
    const next = lines.findIndex((line, i) => i > first && !isBlank(line));
    const request = lines[next];
    if (request !== undefined) return { title: request, line: next + 1 };
  }
  return { title, line: first + 1 };
}

/**
 * The branch a GitLab merge commit merged (`X` of `Merge branch 'X' into 'Y'` on the message's
 * first non-blank line), or null when the message is not a GitLab merge commit's.
 */
export function mergedBranch(message: string): string | null {
  const lines = splitLines(message.startsWith("\uFEFF") ? message.slice(1) : message);
  const first = lines.find((line) => !isBlank(line));
  if (first === undefined || !isGitLabMergeTitle(first)) return null;
  const end = first.indexOf(MERGE_MIDDLE, MERGE_PREFIX.length);
  return first.slice(MERGE_PREFIX.length, end);
}

/**
 * Past this many errors the rest are counted, not listed: a 10,000-entry list of bad names should
 * fail with a readable report, not with 10,000 lines.
 */
export const MAX_TITLE_ERRORS = 100;

type TitleDiagnostic = Diagnostic & { readonly column: number };

/** What parsing one title records: its errors, and the column of each list entry. */
export class TitleRecord {
  readonly title: string;
  private readonly errors: TitleDiagnostic[] = [];
  private dropped = 0;
  private readonly entries = new Map<string, number>();
  /** Code point column of each UTF-16 index; built only for titles with astral characters. */
  private columns: Int32Array | null | undefined;

  constructor(title: string) {
    this.title = title;
  }

  get hasErrors(): boolean {
    return this.errors.length > 0;
  }

  /** 1-based column of the UTF-16 index `index` (the title's length gives the column past it). */
  column(index: number): number {
    if (this.columns === undefined) this.columns = buildColumns(this.title);
    const clamped = Math.min(Math.max(index, 0), this.title.length);
    if (this.columns === null) return clamped + 1;
    const column = this.columns[clamped];
    if (column === undefined) throw new InternalError(`no column for index ${clamped}`);
    return column;
  }

  error(code: DiagnosticCode, index: number, message: string): void {
    this.errorAtColumn(code, this.column(index), message);
  }

  /** An error at a 1-based column already known, such as a recorded entry's. */
  errorAtColumn(code: DiagnosticCode, column: number, message: string): void {
    if (this.errors.length >= MAX_TITLE_ERRORS) {
      this.dropped++;
      return;
    }
    // `column` first: the key order lint --json prints.
    this.errors.push({ column, ...error(code, message) });
  }

  /**
   * Records that the list entry `key` (an instance name, or a target as `REPO|VERSION`) starts at
   * `index`. The first place counts: a repeat is the parser's error to report.
   */
  entry(key: string, index: number): void {
    if (!this.entries.has(key)) this.entries.set(key, this.column(index));
  }

  /**
   * Records a list entry, or reports it as a repeat pointing at the first one (`what` names the
   * kind of entry: "instance", "target"). True when the entry is new.
   */
  firstEntry(
    key: string,
    index: number,
    code: "duplicate-instance" | "duplicate-target",
    what: string,
  ): boolean {
    const seen = this.entries.get(key);
    if (seen === undefined) {
      this.entry(key, index);
      return true;
    }
    this.error(code, index, `${what} ${quoteText(key)} is listed twice (first at column ${seen})`);
    return false;
  }

  /** The column of a recorded entry, or undefined when the title has no such entry. */
  entryColumn(key: string): number | undefined {
    return this.entries.get(key);
  }

  /** Every recorded entry's column. */
  entryColumns(): ReadonlyMap<string, number> {
    return this.entries;
  }

  /** The errors in title order (checks run per part, not strictly left to right). */
  diagnostics(): readonly Diagnostic[] {
    const sorted = [...this.errors].sort((a, b) => a.column - b.column);
    const last = sorted.at(-1);
    if (this.dropped === 0 || last === undefined) return sorted;
    const summary = error(
      "too-many-errors",
      `${this.dropped} more problem(s) in the title not listed; fix the ones above first`,
      { column: last.column },
    );
    return [...sorted, summary];
  }
}

function buildColumns(title: string): Int32Array | null {
  let astral = false;
  for (let i = 0; i < title.length && !astral; i++) {
    const c = title.charCodeAt(i);
    astral = c >= 0xd800 && c <= 0xdbff;
  }
  if (!astral) return null;
  const columns = new Int32Array(title.length + 1);
  let column = 1;
  for (let i = 0; i < title.length; i++) {
    columns[i] = column;
    const c = title.charCodeAt(i);
    const next = title.charCodeAt(i + 1);
    // The low half of a surrogate pair shares the column of its high half.
    if (c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      columns[i + 1] = column;
      i++;
    }
    column++;
  }
  columns[title.length] = column;
  return columns;
}
