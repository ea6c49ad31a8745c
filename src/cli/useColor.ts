import type { CliIO } from "./io.js";

/**
 * Colour only for a person at a terminal: never in a pipe, a file or a CI log parser, and never
 * when NO_COLOR is set to anything but the empty string (https://no-color.org).
 */
export function useColor(io: CliIO): boolean {
  const noColor = io.env.NO_COLOR;
  return io.stdoutIsTTY && (noColor === undefined || noColor === "");
}
