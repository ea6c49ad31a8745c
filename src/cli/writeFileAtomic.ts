import { renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { getSystemErrorMap } from "node:util";
import { errnoCode, GrovePipelinesError } from "../errors.js";
import { sanitizeForTerminal } from "../text.js";

/** A file the command was asked to write could not be written: exit code 74 (EX_IOERR). */
export class OutputError extends GrovePipelinesError {
  constructor(message: string) {
    super("output", message);
  }
}

/** A path as a person at `cwd` would type it: relative when it is below `cwd`, else absolute. */
export function shownPath(cwd: string, file: string): string {
  const relative = path.relative(cwd, file);
  return relative === "" || relative.startsWith("..") || path.isAbsolute(relative)
    ? file
    : relative;
}

/** `cannot write PATH: no such file or directory (ENOENT)`: the path and the cause, one line. */
export function cannotWrite(shown: string, cause: unknown): OutputError {
  const code = errnoCode(cause);
  const errno =
    typeof cause === "object" && cause !== null && "errno" in cause ? cause.errno : undefined;
  const text = typeof errno === "number" ? getSystemErrorMap().get(errno)?.[1] : undefined;
  const why =
    code === undefined ? "unknown error" : text === undefined ? code : `${text} (${code})`;
  // One line whatever the path holds: a newline in it is shown escaped too.
  const where = sanitizeForTerminal(shown).replaceAll("\n", "\\n");
  return new OutputError(`cannot write ${where}: ${why}`);
}

/**
 * Writes through a temporary file in the same folder, then renames it into place: the trigger job
 * either finds the old file, or none, or the whole new one, never half a pipeline. `shown` is the
 * path as the messages name it.
 *
 * The temporary file is created exclusively (`wx`): a file or symbolic link someone planted under
 * its name is never followed or overwritten; the name is drawn again instead.
 */
export function writeFileAtomic(
  file: string,
  text: string,
  options: { readonly shown?: string; readonly mode?: number } = {},
): void {
  deferSignalsPastWrites();
  let tmp: string | null = null;
  try {
    tmp = writeNewFile(path.dirname(file), path.basename(file), text, options.mode ?? 0o644);
    renameSync(tmp, file);
  } catch (cause) {
    if (tmp !== null) removeQuietly(tmp);
    throw cannotWrite(options.shown ?? file, cause);
  }
}

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
let deferring = false;

/**
 * A signal's default action ends the process at once, in the middle of a write, and left a
 * temporary file of up to 50 MB behind. With a listener, Node runs it between synchronous steps
 * instead: a signal during the write is handled once the whole file is written and renamed into
 * place, so the trigger job finds the old file or the whole new one and no temporary file is
 * left. The listener then ends the command as the default action would, with 128 + the signal's
 * number; when the command ends first (the write was its last step), Node drops the signal and
 * the command's own status stands, its work whole. Installed at the first write: before it there
 * is nothing to leave behind, and the default action is the right one.
 */
function deferSignalsPastWrites(): void {
  if (deferring) return;
  deferring = true;
  for (const signal of SIGNALS) {
    process.once(signal, () => {
      process.exit(128 + process.getBuiltinModule("node:os").constants.signals[signal]);
    });
  }
}

/** Tries before giving up on names that are taken: only a hostile folder fills them all. */
const TEMPORARY_NAME_TRIES = 8;

/** Writes `text` to a new file `.<base>.<random>.tmp` in `dir` and returns its path. */
function writeNewFile(dir: string, base: string, text: string, mode: number): string {
  for (let attempt = 1; ; attempt++) {
    const random = Math.random().toString(36).slice(2, 12);
    const tmp = path.join(dir, `.${base}.${process.pid}.${random}.tmp`);
    try {
      writeFileSync(tmp, text, { encoding: "utf8", mode, flag: "wx" });
      return tmp;
    } catch (cause) {
      // Only this call created the file, so only this call removes what a failed write left.
      if (errnoCode(cause) !== "EEXIST") {
        removeQuietly(tmp);
        throw cause;
      }
      if (attempt === TEMPORARY_NAME_TRIES) throw cause;
    }
  }
}

/** Removes what a failed write may have left, if anything. */
function removeQuietly(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch {
    // No folder to leave a temporary file in (ENOTDIR): the caller's error says why.
  }
}
