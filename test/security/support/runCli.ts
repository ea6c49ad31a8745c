import { run } from "../../../src/cli/run.js";

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliCall {
  /** The whole environment the CLI sees: nothing of this process's own leaks in. */
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
  readonly stdin?: string;
}

/**
 * Runs the real CLI in-process (src/cli/run.ts, what main.ts binds to the process). The
 * environment is only what the test gives: when the suite itself runs in GitLab CI, its own
 * GITLAB_CI, CI_PIPELINE_SOURCE and CI_COMMIT_MESSAGE must not decide what the CLI does.
 */
export async function runCli(argv: readonly string[], call: CliCall = {}): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const code = await run(argv, {
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
    env: call.env ?? {},
    cwd: call.cwd ?? process.cwd(),
    readStdin: () => call.stdin ?? "",
    stdoutIsTTY: false,
  });
  return { code, stdout, stderr };
}
