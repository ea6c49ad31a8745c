/**
 * How offending text appears inside a diagnostic message. Messages must stay one line and must
 * not let a hostile title smuggle terminal escapes, bidi overrides or look-alike letters into a
 * person's terminal unnoticed, so everything outside printable ASCII is shown as `\u{...}`.
 */

/** Longest piece of offending text a message repeats; the rest is elided. */
export const QUOTE_LIMIT = 40;

/** `'text'`, truncated to {@link QUOTE_LIMIT} code points, non-printable-ASCII escaped. */
export function quoteText(text: string, limit: number = QUOTE_LIMIT): string {
  let out = "";
  let count = 0;
  for (const ch of text) {
    if (count === limit) return `'${out}...'`;
    out += escapeCharacter(ch);
    count += 1;
  }
  return `'${out}'`;
}

function escapeCharacter(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  if (cp >= 0x20 && cp <= 0x7e) return ch;
  return `\\u{${cp.toString(16).toUpperCase()}}`;
}

/** A person-readable name for one character: `'|'`, `a space`, `U+0430`. */
export function describeCharacter(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  if (cp === 0x20) return "a space";
  if (cp === 0x09) return "a tab";
  if (cp > 0x20 && cp <= 0x7e) return `'${ch}'`;
  return `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`;
}
