/** 1-based position of a key inside a YAML text. */
export interface KeyPosition {
  readonly line: number;
  readonly column: number;
}

interface Content {
  readonly index: number;
  readonly indent: number;
  readonly text: string;
}

/**
 * Finds where a key path (e.g. `["batch", "waveSize"]`, or `["deployBranches", 1]` for a list
 * entry) is written in block-style YAML, by indentation. js-yaml keeps no positions for parsed
 * values, and this runs only when reporting a problem, so a second, cheap look at the text is
 * better than a slower position-keeping parse of every file. When only a prefix of the path is
 * found (flow style `{a: 1}`, anchors), the deepest key found is returned; undefined when even
 * the first key is not found.
 */
export function findKeyLine(
  text: string,
  keyPath: readonly (string | number)[],
): KeyPosition | undefined {
  const lines = contentLines(text);
  let from = 0;
  let to = lines.length;
  let found: KeyPosition | undefined;
  for (const segment of keyPath) {
    const first = lines[from];
    if (from >= to || first === undefined) return found;
    const indent = first.indent;
    const hit =
      typeof segment === "number"
        ? findListEntry(lines, from, to, indent, segment)
        : findKey(lines, from, to, indent, segment);
    if (hit === undefined) return found;
    const line = lines[hit];
    if (line === undefined) return found;
    found = { line: line.index + 1, column: line.indent + 1 };
    from = hit + 1;
    to = blockEnd(lines, from, to, line.indent);
  }
  return found;
}

function contentLines(text: string): Content[] {
  const out: Content[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const trimmed = raw.trimStart();
    if (trimmed === "" || trimmed.startsWith("#") || /^(---|\.\.\.)(\s|$)/.test(raw)) return;
    out.push({ index, indent: raw.length - trimmed.length, text: trimmed });
  });
  return out;
}

function findKey(
  lines: readonly Content[],
  from: number,
  to: number,
  indent: number,
  key: string,
): number | undefined {
  for (let i = from; i < to; i++) {
    const line = lines[i];
    if (line !== undefined && line.indent === indent && startsWithKey(line.text, key)) return i;
  }
  return undefined;
}

function findListEntry(
  lines: readonly Content[],
  from: number,
  to: number,
  indent: number,
  n: number,
): number | undefined {
  let seen = 0;
  for (let i = from; i < to; i++) {
    const line = lines[i];
    if (line === undefined || line.indent !== indent || !/^-(\s|$)/.test(line.text)) continue;
    if (seen === n) return i;
    seen++;
  }
  return undefined;
}

function startsWithKey(text: string, key: string): boolean {
  for (const written of [key, JSON.stringify(key), `'${key.replaceAll("'", "''")}'`]) {
    if (text.startsWith(written) && /^\s*:(\s|$)/.test(text.slice(written.length))) return true;
  }
  return false;
}

/** Index after the last line that belongs to the value of the key at `indent`. */
function blockEnd(lines: readonly Content[], from: number, to: number, indent: number): number {
  for (let i = from; i < to; i++) {
    const line = lines[i];
    if (line === undefined) continue;
    // A block list may sit at its key's own indentation (`key:\n- a`).
    if (line.indent < indent || (line.indent === indent && !/^-(\s|$)/.test(line.text))) return i;
  }
  return to;
}
