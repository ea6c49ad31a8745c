/**
 * How output looks to a person: colour only at a terminal, and aligned columns. Text is styled
 * after it has been through sanitizeForTerminal and after columns are measured, so the escape
 * codes added here are the only ones that reach the terminal and never shift a column.
 */

import { InternalError } from "../errors.js";
import type { CliIO } from "./io.js";

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

/** Each style with its ANSI start and end codes, applied by `apply`. */
function styles(apply: (text: string, start: number, end: number) => string): Palette {
  const style = (start: number, end: number) => (text: string) => apply(text, start, end);
  return {
    bold: style(1, 22),
    dim: style(2, 22),
    green: style(32, 39),
    yellow: style(33, 39),
    red: style(31, 39),
    cyan: style(36, 39),
    magenta: style(35, 39),
  };
}

const COLOURS = styles((text, start, end) => `\u001b[${start}m${text}\u001b[${end}m`);
const PLAIN = styles((text) => text);

export function palette(color: boolean): Palette {
  return color ? COLOURS : PLAIN;
}

/**
 * Colour only for a person at a terminal: never in a pipe, a file or a CI log parser, and never
 * when NO_COLOR is set to anything but the empty string (https://no-color.org).
 */
export function useColor(io: CliIO): boolean {
  const noColor = io.env.NO_COLOR;
  return io.stdoutIsTTY && (noColor === undefined || noColor === "");
}

/** One row of a table: its cells, and whatever else its caller styles it by. */
interface TableRow {
  readonly cells: readonly string[];
}

/**
 * The rows as left-aligned columns separated by two spaces, each line with the row it shows. The
 * last column is not padded and no line ends in spaces. `styleCell` colours a cell once its
 * column's width is known.
 */
export function formatTable<R extends TableRow>(
  rows: readonly R[],
  styleCell: (cell: string, column: number, row: R) => string = (cell) => cell,
): { readonly row: R; readonly line: string }[] {
  const widths = columnWidths(rows);
  return rows.map((row) => {
    const cells = widths.map((width, i) => {
      const cell = cellOf(row, i);
      const padding = i === widths.length - 1 ? "" : " ".repeat(width - cell.length);
      return styleCell(cell, i, row) + padding;
    });
    return { row, line: cells.join("  ").trimEnd() };
  });
}

function columnWidths(rows: readonly TableRow[]): number[] {
  const [first] = rows;
  if (first === undefined) return [];
  if (rows.some((r) => r.cells.length !== first.cells.length)) {
    throw new InternalError("the rows of a table have different numbers of cells");
  }
  return first.cells.map((_, i) => rows.reduce((w, row) => Math.max(w, cellOf(row, i).length), 0));
}

function cellOf(row: TableRow, column: number): string {
  const cell = row.cells[column];
  if (cell === undefined) throw new InternalError(`a table row has no cell ${column + 1}`);
  return cell;
}
