import fs from "node:fs";

/** One call of a stub, in the order the calls happened. */
export interface StubCall {
  readonly job: string;
  readonly instance: string;
  /** The stub's arguments joined by spaces, e.g. `deploy site-a`. */
  readonly args: string;
}

/** The calls the stubs of `writeStubs` recorded; none when nothing ran (no file yet). */
export function readStubLog(logFile: string): StubCall[] {
  if (!fs.existsSync(logFile)) return [];
  return fs
    .readFileSync(logFile, "utf8")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => {
      const [job = "", instance = "", ...rest] = line.split("|");
      return { job, instance, args: rest.join("|") };
    });
}
