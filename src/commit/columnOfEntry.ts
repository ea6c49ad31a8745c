import { effectiveTitle } from "./effectiveTitle.js";

// Characters that may stand right before and right after a list entry in a directive title.
const BEFORE = new Set(["]", ",", " ", "\t"]);
const AFTER = new Set(["|", ",", " ", "\t", ":"]);

interface Title {
  readonly text: string;
  /** Whether the title holds characters outside the BMP, where UTF-16 units and columns differ. */
  readonly astral: boolean;
}

// Callers point every problem of one message in turn, up to one per entry of a 10,000-entry
// title: reading the title again and counting code points from its start for each would make
// that quadratic in allocations (seconds for a 100 KB title), so the last title is kept.
let last: { readonly message: string; readonly title: Title } | undefined;

function titleOf(message: string): Title {
  if (last?.message !== message) {
    const { title } = effectiveTitle(message);
    last = { message, title: { text: title, astral: /[\uD800-\uDFFF]/.test(title) } };
  }
  return last.title;
}

function columnIn({ text: title, astral }: Title, entry: string): number | undefined {
  let from = 0;
  for (;;) {
    const at = title.indexOf(entry, from);
    if (at < 0) return undefined;
    const before = at === 0 ? undefined : title[at - 1];
    const after = title[at + entry.length];
    if ((before === undefined || BEFORE.has(before)) && (after === undefined || AFTER.has(after))) {
      // Columns count characters (code points), as the parser's do.
      return astral ? [...title.slice(0, at)].length + 1 : at + 1;
    }
    from = at + 1;
  }
}

/**
 * The 1-based column of a list entry (an instance name, or a REPO|VERSION target, found whole or
 * by its repository) in a message's directive title; undefined when it is not there. Used to
 * point problems found after parsing, such as an unknown instance, at the title.
 */
export function columnOfEntry(message: string, entry: string): number | undefined {
  const title = titleOf(message);
  const whole = columnIn(title, entry);
  if (whole !== undefined) return whole;
  const bar = entry.indexOf("|");
  return bar > 0 ? columnIn(title, entry.slice(0, bar)) : undefined;
}
