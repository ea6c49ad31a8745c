import { writeSync } from "node:fs";
import { errnoCode } from "../errors.js";

/** Outcome of writing to a file descriptor that the reader may have closed. */
export type WriteOutcome = "written" | "closed";

// One shared word for Atomics.wait, which is the only synchronous sleep JavaScript has.
const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Writes all of `text` to `fd` before returning.
 *
 * The CLI writes its output this way instead of through process.stdout because merely touching
 * process.stdout makes Node load its whole stream and tty machinery, about 3 ms on every start
 * (see bench/README.md), and the CLI's output is a line or a table written once. A pipe that
 * another process left non-blocking can refuse a write for a moment (EAGAIN): wait a millisecond
 * and try again. A reader that went away (EPIPE, as in `plan | head -1`) ends the output quietly,
 * as it would in a shell tool.
 */
export function writeAllSync(fd: number, text: string): WriteOutcome {
  const bytes = Buffer.from(text, "utf8");
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(fd, bytes, offset, bytes.length - offset);
    } catch (err) {
      const code = errnoCode(err);
      if (code === "EAGAIN") {
        Atomics.wait(pause, 0, 0, 1);
        continue;
      }
      if (code === "EPIPE") return "closed";
      throw err;
    }
  }
  return "written";
}
