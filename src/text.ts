/**
 * Text rules every stage shares: the one ordering of strings, the "did you mean" hints, and what
 * untrusted text (commit titles, file contents) may show to a person. Each rule lives here once.
 */

/**
 * Comparator by UTF-16 code units. Plans must be byte-identical on every machine, so ordering
 * never depends on the locale (`localeCompare` does).
 */
export function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---- "did you mean" ----

/** Optimal-string-alignment distance: Levenshtein plus transposition of adjacent characters. */
export function editDistance(a: string, b: string): number {
  // Three rolling rows: the transposition step looks two rows back.
  let previous2: number[] = [];
  let previous: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current: number[] = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, (previous2[j - 2] ?? 0) + 1);
      }
      current.push(best);
    }
    previous2 = previous;
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The candidate a mistyped word most likely meant: same letters in another case, or at most two
 * edits away (and closer than half the word, so short words do not match everything).
 */
export function closestWord(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const limit = Math.min(2, Math.floor(word.length / 2));
  return best !== undefined && bestDistance <= limit ? best : undefined;
}

/**
 * The candidates closest to a mistyped `name`, closest first, for "did you mean ...?" hints.
 *
 * Closeness is the edit distance (insert, delete, substitute, swap two neighbours) ignoring case,
 * so `Site-A` finds `site-a` first. A candidate qualifies when that distance is at most 40% of the
 * longer name (at least 1), or when one name contains the other and the shorter has 3 or more
 * characters — people abbreviate (`acme-univ` for `acme-university`), and that is far in edits but
 * plainly what they meant. Ties go to the case-sensitive distance, then to alphabetical order, so
 * the answer is deterministic. The name itself is never suggested.
 */
export function suggestNames(name: string, candidates: readonly string[], max = 3): string[] {
  if (max <= 0) return [];
  const lower = name.toLowerCase();
  const scored: { candidate: string; distance: number; exact: number }[] = [];
  for (const candidate of new Set(candidates)) {
    if (candidate === name) continue;
    const other = candidate.toLowerCase();
    const distance = editDistance(lower, other);
    const limit = Math.max(1, Math.floor(0.4 * Math.max(lower.length, other.length)));
    const shorter = Math.min(lower.length, other.length);
    const contains = shorter >= 3 && (other.includes(lower) || lower.includes(other));
    if (distance <= limit || contains) {
      scored.push({ candidate, distance, exact: editDistance(name, candidate) });
    }
  }
  scored.sort(
    (a, b) =>
      a.distance - b.distance ||
      a.exact - b.exact ||
      (a.candidate < b.candidate ? -1 : a.candidate > b.candidate ? 1 : 0),
  );
  return scored.slice(0, max).map((s) => s.candidate);
}

/** `; did you mean 'a', 'b' or 'c'?`, or nothing when there is no suggestion. */
export function didYouMeanText(suggestions: readonly string[]): string {
  const quoted = suggestions.map((s) => `'${s}'`);
  const last = quoted.pop();
  if (last === undefined) return "";
  return `; did you mean ${quoted.length > 0 ? `${quoted.join(", ")} or ${last}` : last}?`;
}

// ---- untrusted text shown to a person ----

/** C0 and C1 control characters, DEL included (CSI, which starts ANSI escapes, is one). */
export function isControl(code: number): boolean {
  return code < 0x20 || (code >= 0x7f && code <= 0x9f);
}

/** Direction marks, embeddings, overrides and isolates: they reorder what a terminal shows. */
export function isBidiControl(code: number): boolean {
  return (
    code === 0x200e ||
    code === 0x200f ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

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

/**
 * Everything the CLI prints goes through here, so control characters, ANSI escapes and
 * bidirectional overrides in untrusted text show as visible escapes instead of rewriting what an
 * operator sees in a terminal or a job log. Tab and newline are kept: they are layout.
 */
export function sanitizeForTerminal(text: string): string {
  // One scan, and a text with nothing to escape (nearly all) comes back as it is: an 8 MB title
  // must not be rebuilt a character at a time.
  return UNSAFE_FOR_TERMINAL.test(text)
    ? text.replace(UNSAFE_FOR_TERMINAL_ALL, escapeUnsafe)
    : text;
}

// Control characters except tab and newline, zero-width characters (U+200B-U+200D, U+FEFF) and
// direction controls (U+200E, U+200F, U+202A-U+202E, U+2066-U+2069): isControl and isBidiControl,
// and the characters that hide text between visible letters, as one character class.
const UNSAFE_CLASS =
  "[\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f\\u200b-\\u200f\\u202a-\\u202e\\u2066-\\u2069\\ufeff]";
const UNSAFE_FOR_TERMINAL = new RegExp(UNSAFE_CLASS);
const UNSAFE_FOR_TERMINAL_ALL = new RegExp(UNSAFE_CLASS, "g");

function escapeUnsafe(ch: string): string {
  const code = ch.charCodeAt(0);
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, "0")}`
    : `\\u${code.toString(16).padStart(4, "0")}`;
}

/** How much of a long text (an Infrastructure title, a list of thousands) a summary repeats. */
export const EXCERPT_LIMIT = 300;

/**
 * `text` when it is short, else its first {@link EXCERPT_LIMIT} characters and how long it was:
 * what people are shown of untrusted text of any length, in time linear in the part shown.
 */
export function excerpt(text: string, limit: number = EXCERPT_LIMIT): string {
  if (text.length <= limit) return text;
  const code = text.charCodeAt(limit - 1);
  // Never cut a character in two (a high surrogate's pair is the next unit).
  const end = code >= 0xd800 && code <= 0xdbff ? limit - 1 : limit;
  return `${text.slice(0, end)}... (${text.length.toLocaleString("en-US")} characters in all)`;
}

/**
 * `text` with every control character (newline and escape included) replaced by a space: graph
 * labels are one line, and an escape must never reach a diagram or a terminal.
 */
export function withoutControls(text: string): string {
  let out = "";
  for (const ch of text) out += isControl(ch.codePointAt(0) ?? 0) ? " " : ch;
  return out;
}
