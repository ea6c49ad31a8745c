/**
 * Untrusted text (commit titles, file contents) can hold control characters, ANSI escapes and
 * bidirectional overrides that would rewrite what an operator sees in a terminal or a job log.
 * Everything the CLI prints goes through here, so such characters show as visible escapes.
 */
function isUnsafe(code: number): boolean {
  return (
    (code <= 0x1f && code !== 0x09 && code !== 0x0a) || // C0 controls but tab and newline
    (code >= 0x7f && code <= 0x9f) || // DEL and C1 controls (CSI starts ANSI escapes)
    (code >= 0x200b && code <= 0x200f) || // zero-width characters and direction marks
    (code >= 0x202a && code <= 0x202e) || // bidirectional embeddings and overrides
    (code >= 0x2066 && code <= 0x2069) || // bidirectional isolates
    code === 0xfeff // zero-width no-break space
  );
}

export function sanitizeForTerminal(text: string): string {
  let out = "";
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (!isUnsafe(code)) out += ch;
    else if (code <= 0xff) out += `\\x${code.toString(16).padStart(2, "0")}`;
    else out += `\\u${code.toString(16).padStart(4, "0")}`;
  }
  return out;
}
