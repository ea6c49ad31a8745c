import { error } from "../diagnostic.js";
import type { Diagnostic, DiagnosticCode } from "../diagnostic.js";

/**
 * Past this many errors the rest are counted, not listed: a 10,000-entry list of bad names should
 * fail with a readable report, not with 10,000 lines.
 */
export const MAX_TITLE_ERRORS = 100;

/**
 * Collects the errors of one title. Parsers work with UTF-16 indexes into the title; diagnostics
 * carry 1-based columns counted in code points, so an emoji earlier in the title does not push
 * the caret a person sees one place too far.
 */
export class TitleProblems {
  readonly title: string;
  private readonly errors: Diagnostic[] = [];
  private dropped = 0;
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
    if (this.columns === null) return index + 1;
    return this.columns[Math.min(Math.max(index, 0), this.title.length)] ?? index + 1;
  }

  error(code: DiagnosticCode, index: number, message: string): void {
    if (this.errors.length >= MAX_TITLE_ERRORS) {
      this.dropped++;
      return;
    }
    this.errors.push(error(code, message, { column: this.column(index) }));
  }

  /** The errors in title order (checks run per part, not strictly left to right). */
  diagnostics(): readonly Diagnostic[] {
    const sorted = [...this.errors].sort((a, b) => (a.column ?? 0) - (b.column ?? 0));
    if (this.dropped === 0) return sorted;
    const summary = error(
      "too-many-errors",
      `${this.dropped} more problem(s) in the title not listed; fix the ones above first`,
      { column: sorted[sorted.length - 1]?.column ?? 1 },
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
