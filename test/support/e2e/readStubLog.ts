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

/** When a job's stub call began and ended, in milliseconds since the epoch. */
export interface StubSpan {
  readonly start: number;
  readonly end: number;
}

/**
 * The spans GROVE_STUB_TIMES recorded (see `writeStubs`), by job name; a job whose call has not
 * ended has none.
 */
export function readStubTimes(timesFile: string): Map<string, StubSpan> {
  const starts = new Map<string, number>();
  const spans = new Map<string, StubSpan>();
  if (!fs.existsSync(timesFile)) return spans;
  for (const line of fs.readFileSync(timesFile, "utf8").split("\n")) {
    const [job = "", edge = "", ns = ""] = line.split("|");
    // Milliseconds fit a double exactly; nanoseconds since the epoch do not.
    const ms = Number(BigInt(ns || "0") / 1_000_000n);
    if (edge === "start") starts.set(job, ms);
    const start = starts.get(job);
    if (edge === "end" && start !== undefined) spans.set(job, { start, end: ms });
  }
  return spans;
}
