import { errnoCode } from "../errors.js";
import { renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { UsageError } from "./io.js";

/**
 * Writes through a temporary file in the same folder, then renames it into place: the trigger job
 * either finds the old file, or none, or the whole new one, never half a pipeline.
 */
export function writeFileAtomic(file: string, text: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, text, { encoding: "utf8", mode: 0o644 });
    renameSync(tmp, file);
  } catch (cause) {
    rmSync(tmp, { force: true });
    const code = errnoCode(cause) ?? "unknown error";
    throw new UsageError(`cannot write ${file}: ${code}`);
  }
}
