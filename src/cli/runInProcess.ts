import type { ExitCode } from "./exitCodes.js";
import type { CliIO } from "./io.js";
import { run } from "./run.js";

/** What one in-process CLI run printed, and its exit code (for tests of the operator commands). */
export interface InProcessRun {
  readonly code: ExitCode;
  readonly stdout: string;
  readonly stderr: string;
}

export interface InProcessOptions {
  readonly cwd: string;
  /** The whole environment the CLI sees: nothing leaks in from the machine running the tests. */
  readonly env?: Readonly<Record<string, string>>;
  /** Pretend standard output is a terminal (colour). */
  readonly tty?: boolean;
}

/** Runs the real CLI (`run`, the commander tree and all) with an IO that records its output. */
export async function runInProcess(
  argv: readonly string[],
  options: InProcessOptions,
): Promise<InProcessRun> {
  let stdout = "";
  let stderr = "";
  const io: CliIO = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    env: options.env ?? {},
    cwd: options.cwd,
    readStdin: () => "",
    stdoutIsTTY: options.tty === true,
  };
  const code = await run(argv, io);
  return { code, stdout, stderr };
}
