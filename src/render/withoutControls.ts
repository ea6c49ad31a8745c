/**
 * `text` with every C0/C1 control character (newline and escape included) replaced by a space:
 * graph labels are one line, and an escape must never reach a diagram or a terminal.
 */
export function withoutControls(text: string): string {
  let out = "";
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    out += code < 0x20 || (code >= 0x7f && code <= 0x9f) ? " " : ch;
  }
  return out;
}
