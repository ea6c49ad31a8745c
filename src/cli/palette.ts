/** ANSI styles, or the identity when colour is off, so formatters never test for colour. */
export interface Palette {
  readonly bold: (text: string) => string;
  readonly dim: (text: string) => string;
  readonly green: (text: string) => string;
  readonly yellow: (text: string) => string;
  readonly red: (text: string) => string;
  readonly cyan: (text: string) => string;
  readonly magenta: (text: string) => string;
}

function style(open: number, close: number): (text: string) => string {
  return (text) => `\u001b[${open}m${text}\u001b[${close}m`;
}

const COLOURS: Palette = {
  bold: style(1, 22),
  dim: style(2, 22),
  green: style(32, 39),
  yellow: style(33, 39),
  red: style(31, 39),
  cyan: style(36, 39),
  magenta: style(35, 39),
};

const PLAIN: Palette = {
  bold: (t) => t,
  dim: (t) => t,
  green: (t) => t,
  yellow: (t) => t,
  red: (t) => t,
  cyan: (t) => t,
  magenta: (t) => t,
};

/**
 * Styles wrap text that has already been through sanitizeForTerminal: the escape codes added
 * here are the only ones that reach the terminal.
 */
export function palette(color: boolean): Palette {
  return color ? COLOURS : PLAIN;
}
