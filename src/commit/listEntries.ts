import { isWhiteSpace } from "./grammar.js";
import { quoteText } from "../text.js";
import type { TitleProblems } from "./titleProblems.js";

/** A piece of the title: its text (trimmed of spaces and tabs) and where that text starts. */
export interface Piece {
  readonly text: string;
  readonly start: number;
  /** Index of the separator in front of the piece, or -1 for the first piece. */
  readonly separatorAt: number;
}

/** Index of the first non-white-space character at or after `from` (at most `end`). */
export function skipWhiteSpace(title: string, from: number, end: number = title.length): number {
  let i = from;
  while (i < end && isWhiteSpace(title[i])) i++;
  return i;
}

/** `title[start, end)` trimmed of spaces and tabs. */
export function trimmedPiece(title: string, start: number, end: number, separatorAt = -1): Piece {
  const s = skipWhiteSpace(title, start, end);
  let e = end;
  while (e > s && isWhiteSpace(title[e - 1])) e--;
  return { text: title.slice(s, e), start: s, separatorAt };
}

/** Splits `title[start, end)` at every `separator`, each piece trimmed. One scan. */
export function splitPieces(title: string, start: number, end: number, separator: string): Piece[] {
  const pieces: Piece[] = [];
  let from = start;
  let separatorAt = -1;
  for (let i = start; i <= end; i++) {
    if (i === end || title[i] === separator) {
      pieces.push(trimmedPiece(title, from, i, separatorAt));
      separatorAt = i;
      from = i + 1;
    }
  }
  return pieces;
}

/**
 * The comma-separated entries of `title[start..]`, white space around each ignored. An empty
 * list and empty entries (`a,,b`, a trailing comma) are errors: each one is a likely typo in a
 * title whose author meant to deploy.
 */
export function listEntries(
  title: string,
  start: number,
  problems: TitleProblems,
  what: string,
): Piece[] {
  const whole = trimmedPiece(title, start, title.length);
  if (whole.text === "") {
    problems.error("empty-list", whole.start, `expected a list of ${what} here, found nothing`);
    return [];
  }
  const entries: Piece[] = [];
  for (const piece of splitPieces(title, whole.start, whole.start + whole.text.length, ",")) {
    if (piece.text === "") {
      problems.error(
        "empty-entry",
        piece.start,
        `empty entry in the list of ${what}; remove the extra ','`,
      );
    } else {
      entries.push(piece);
    }
  }
  return entries;
}

/**
 * The first word of a piece. Anything after white space inside it is reported as trailing text,
 * because `site-a please` is a sentence, not an instance name.
 */
export function singleWord(piece: Piece, problems: TitleProblems): Piece {
  let end = 0;
  while (end < piece.text.length && !isWhiteSpace(piece.text[end])) end++;
  if (end === piece.text.length) return piece;
  const restAt = skipWhiteSpace(piece.text, end);
  const word = piece.text.slice(0, end);
  problems.error(
    "trailing-text",
    piece.start + restAt,
    `unexpected text ${quoteText(piece.text.slice(restAt))} after ${quoteText(word)}; separate list entries with ','`,
  );
  return { text: word, start: piece.start, separatorAt: piece.separatorAt };
}
