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
 */
export function writeFileAtomic(
  file: string,
  text: string,
  options: { readonly shown?: string; readonly mode?: number } = {},
): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, text, { encoding: "utf8", mode: options.mode ?? 0o644 });
    renameSync(tmp, file);
  } catch (cause) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // There was no folder to leave a temporary file in (ENOTDIR): the cause below says why.
    }
    throw cannotWrite(options.shown ?? file, cause);
  }
}
