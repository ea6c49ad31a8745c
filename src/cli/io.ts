/**
 * Everything the CLI needs from the outside world, passed in so the whole CLI can run in-process
 * in tests (only main.ts binds it to the real process).
 */
export interface CliIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Reads all of standard input (for `--message-file -`). */
  readonly readStdin: () => string;
  /** Whether standard output is a terminal (colour, tables). */
  readonly stdoutIsTTY: boolean;
}
