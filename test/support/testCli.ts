import type { CliIO, ExitCode } from "../../src/cli/io.js";
import { run } from "../../src/cli/run.js";

/** What one in-process CLI run printed, and its exit code. */
export interface CliRun {
  readonly code: ExitCode;
  readonly stdout: string;
  readonly stderr: string;
}

export interface TestCliOptions {
  /** The whole environment the CLI sees; nothing leaks in from the test process. */
  readonly env?: Readonly<Record<string, string>>;
  /** The CLI's current folder (the default `--repo`); the test process's own when absent. */
  readonly cwd?: string;
  /** Standard input for `--message-file -`; reading it when absent is a test bug. */
  readonly stdin?: string;
  /** Replaces the stdout writer, e.g. with one that throws to provoke an internal error. */
  readonly stdout?: (text: string) => void;
  /** Pretend standard output is a terminal (colour). */
  readonly tty?: boolean;
}

/**
 * Runs the CLI in-process through `run`, with a fake CliIO that records what it prints. The
 * environment is only what the test passes, so a GitLab CI machine running the tests (GITLAB_CI,
 * CI_COMMIT_MESSAGE, ...) cannot change the results.
 */
export async function testCli(
  argv: readonly string[],
  options: TestCliOptions = {},
): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const io: CliIO = {
    stdout:
      options.stdout ??
      ((text) => {
        stdout += text;
      }),
    stderr: (text) => {
      stderr += text;
    },
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    readStdin: () => {
      if (options.stdin === undefined) throw new Error("the test gave no standard input");
      return options.stdin;
    },
    stdoutIsTTY: options.tty === true,
  };
  const code = await run(argv, io);
  return { code, stdout, stderr };
}

/** Lines of a JavaScript stack trace (`    at fn (file:1:2)`), which no output may contain. */
export const STACK_LINE = /^\s+at .+/m;
