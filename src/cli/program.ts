import { Command, Option } from "commander";
import type { ExitCode } from "./exitCodes.js";
import type { CliIO } from "./io.js";
import { lintCommand } from "./lintCommand.js";
import { planCommand } from "./planCommand.js";
import { generateCommand } from "./generateCommand.js";
import { messageCommand } from "./messageCommand.js";
import { COMPOSE_KINDS } from "../commit/parseComposeArgs.js";

export const VERSION = "0.1.0";

/** Options every command that reads a cluster repository shares. */
function withRepoAndMessage(cmd: Command): Command {
  return cmd
    .option("--repo <dir>", "the cluster repository", ".")
    .option("--message <text>", "the commit message to read (instead of the commit's own)")
    .option("--message-file <file>", "read the commit message from a file (- for standard input)")
    .option("--single-commit", "plan only the newest commit, even when a push brought several")
    .option(
      "--skip-invalid",
      "in a batch, list unreadable instances as skipped instead of failing",
    );
}

/**
 * Builds the command tree. Actions report their exit code through `setExit`; commander itself
 * never exits the process (see run.ts).
 */
export function buildProgram(io: CliIO, setExit: (code: ExitCode) => void): Command {
  const program = new Command("grove-pipelines")
    .description(
      "Turns the newest commit of a Grove cluster repository into a GitLab CI child pipeline.",
    )
    .version(VERSION, "-V, --version")
    .option("--debug", "show stack traces of internal errors")
    .showSuggestionAfterError(true)
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({
      writeOut: (s) => io.stdout(s),
      writeErr: (s) => io.stderr(s),
    })
    .exitOverride();

  program
    .command("lint")
    .description("check a commit message; exit 0 when valid, 1 when not")
    .argument("[message]", "the commit message (default: CI_COMMIT_MESSAGE, else git log -1)")
    .option("--message-file <file>", "read the message from a file (- for standard input)")
    .option("--hook <file>", "run as git's commit-msg hook on the message file git passes")
    .option("--json", "print the result as JSON")
    .addHelpText(
      "after",
      `
Examples:
  $ grove-pipelines lint "[AutoDeploy][Update] site-a|42,site-b"
  $ git log -1 --format=%B | grove-pipelines lint --message-file - --json`,
    )
    .action(
      (
        message: string | undefined,
        opts: { messageFile?: string; hook?: string; json?: boolean },
      ) => {
        setExit(lintCommand(io, message, opts));
      },
    );

  withRepoAndMessage(
    program.command("plan").description("show the jobs the commit asks for, as a table or as JSON"),
  )
    .option("--json", "print the plan as JSON")
    .addHelpText(
      "after",
      `
Examples:
  $ grove-pipelines plan --repo examples/cluster --message "[AutoDeploy][Update] demo"
  $ grove-pipelines plan --json`,
    )
    .action((opts: Parameters<typeof planCommand>[1]) => {
      setExit(planCommand(io, opts));
    });

  withRepoAndMessage(
    program.command("generate").description("write the GitLab CI child pipeline for the commit"),
  )
    .option("--output <file>", "where to write the pipeline", "generated-pipeline.yml")
    .addOption(
      new Option(
        "--shard <k>",
        "write shard K of a sharded batch (used by the orchestrator)",
      ).argParser((v) => {
        if (!/^[1-9][0-9]{0,5}$/.test(v))
          throw new Error(`--shard takes a positive whole number, not '${v}'`);
        return Number(v);
      }),
    )
    .addHelpText(
      "after",
      `
Examples:
  $ grove-pipelines generate --output generated-pipeline.yml
  $ grove-pipelines generate --repo examples/cluster --message "[AutoDeploy][Archive] demo"`,
    )
    .action((opts: Parameters<typeof generateCommand>[1]) => {
      setExit(generateCommand(io, opts));
    });

  program
    .command("message")
    .description("compose a valid directive title, for people and trigger clients")
    .argument("<kind>", `one of: ${Object.keys(COMPOSE_KINDS).join(", ")}`)
    .argument(
      "[args...]",
      "instances (NAME or NAME:ID), REPO|VERSION targets, a commit hash or text",
    )
    .option("--repo <dir>", "check the names and targets against this cluster repository")
    .addHelpText(
      "after",
      `
Arguments by kind:
${Object.entries(COMPOSE_KINDS)
  .map(([kind, args]) => `  ${kind.padEnd(18)} ${args}`)
  .join("\n")}

Examples:
  $ grove-pipelines message update site-a:42 site-b
  [AutoDeploy][Update] site-a|42,site-b
  $ grove-pipelines message batch-upgrade-to 1a2b3c4d 'https://github.com/openedx/edx-platform.git|open-release/quince.*'`,
    )
    .action((kind: string, args: string[], opts: { repo?: string }) => {
      setExit(messageCommand(io, kind, args, opts));
    });

  return program;
}
