/** Exit codes documented in SPEC.md and the README. */
export const EXIT = {
  ok: 0,
  /** The commit message or the repository content is invalid. */
  invalid: 1,
  /** The command line is wrong. */
  usage: 2,
  /** A bug in grove-pipelines (EX_SOFTWARE). */
  internal: 70,
  /** A file the command was asked to write could not be written (EX_IOERR). */
  ioError: 74,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
