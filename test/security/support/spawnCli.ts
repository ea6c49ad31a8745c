import { spawnSync } from "node:child_process";
import type { CliBundle } from "./bundleCli.js";
import type { DriverCase, DriverResult } from "./driverCase.js";

/** The only variable a spawned CLI inherits: everything else comes from the test. */
function baseEnv(): Record<string, string> {
  return { PATH: process.env["PATH"] ?? "/usr/bin:/bin" };
}

export interface SpawnedCli {
  /** Null when the process was killed (the timeout) or died of a signal. */
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface SpawnOptions {
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
  /** Kill the CLI after this long: a hang fails the test instead of stalling the suite. */
  readonly timeoutMs?: number;
  /** Run as this user and group id (root only). */
  readonly uid?: number;
}

/** `node <bundled cli> ...argv` as a real process: exit code, streams, and no hang. */
export function spawnCli(
  bundle: CliBundle,
  argv: readonly string[],
  options: SpawnOptions = {},
): SpawnedCli {
  const result = spawnSync(process.execPath, [bundle.cli, ...argv], {
    env: { ...baseEnv(), ...options.env },
    cwd: options.cwd,
    encoding: "utf8",
    timeout: options.timeoutMs ?? 20_000,
    maxBuffer: 256 * 1024 * 1024,
    ...(options.uid === undefined ? {} : { uid: options.uid, gid: options.uid }),
  });
  if (result.error !== undefined && result.signal === null) throw result.error;
  return {
    status: result.status,
    signal: result.signal,
    stdout: result.stdout,
    stderr: result.stderr,
  };
}

/**
 * Runs every case in one driver process, killed after `timeoutMs`. A hang throws an error that
 * names the input that never finished.
 */
export function runDriver(
  bundle: CliBundle,
  cases: readonly DriverCase[],
  timeoutMs: number,
  describeCase: (index: number) => string = (i) => `case ${i}`,
): DriverResult[] {
  const result = spawnSync(process.execPath, [bundle.driver], {
    env: baseEnv(),
    input: JSON.stringify(cases),
    encoding: "utf8",
    timeout: timeoutMs,
    maxBuffer: 256 * 1024 * 1024,
  });
  const results: DriverResult[] = [];
  let started: number | null = null;
  for (const line of result.stdout.split("\n")) {
    if (line === "") continue;
    const record = JSON.parse(line) as { start?: number; done?: number } & DriverResult;
    if (record.start !== undefined) started = record.start;
    if (record.done !== undefined) {
      results[record.done] = { code: record.code, stdout: record.stdout, stderr: record.stderr };
      started = null;
    }
  }
  if (result.signal !== null || result.status !== 0) {
    const where = started === null ? "between cases" : `on ${describeCase(started)}`;
    throw new Error(
      `the CLI driver ${result.signal !== null ? `was killed (${result.signal}) after ${timeoutMs} ms` : `exited ${result.status}`} ${where}: ${result.stderr.slice(0, 2000)}`,
    );
  }
  return results;
}
