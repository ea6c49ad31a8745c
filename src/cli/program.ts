/**
 * The command line: every command with its options and help text (docs/commands.md is generated
 * from this help, and a test keeps the two equal).
 */

import { Argument, Command, InvalidArgumentError, Option } from "commander";
import { COMPOSE_KINDS } from "../commit/parseComposeArgs.js";
import { closestWord } from "../text.js";
import { lintCommand, messageCommand } from "./commitCommands.js";
import { generateCommand } from "./generateCommand.js";
import type { CliIO, ExitCode } from "./io.js";
import { graphCommand, GRAPH_FORMATS, planCommand, PLAN_FORMATS } from "./planCommands.js";
import { addClusterCommands } from "./clusterProgram.js";
import { explainCommand } from "./repositoryCommands.js";
import { VERSION } from "../version.js";

/** `message KIND`: an unknown kind is a command-line error that suggests the nearest kind. */
function composeKind(kind: string): string {
  const kinds = Object.keys(COMPOSE_KINDS);
  if (kinds.includes(kind)) return kind;
  const near = closestWord(kind, kinds);
  throw new InvalidArgumentError(
    near === undefined ? `expected one of ${kinds.join(", ")}` : `did you mean '${near}'?`,
  );
}

/** Columns of `--help` output. */
const HELP_WIDTH = 100;

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
      // A fixed width and no colour keep help identical everywhere, so docs/commands.md can be
      // checked against it (and commander would otherwise ask the real process).
      getOutHelpWidth: () => HELP_WIDTH,
      getErrHelpWidth: () => HELP_WIDTH,
      getOutHasColors: () => false,
      getErrHasColors: () => false,
    })
    .exitOverride();

  program
    .command("lint")
    .description("check a commit message; exit 0 when valid, 1 when not")
    .argument("[message]", "the commit message (default: CI_COMMIT_MESSAGE, else git log -1)")
    .option("--message-file <file>", "read the message from a file (- for standard input)")
    .option("--hook <file>", "run as git's commit-msg hook on the message file git passes")
    .option(
      "--repo <dir>",
      "also check instance names and batch targets against this cluster repository",
    )
    .option("--json", "print the result as JSON")
    .addHelpText(
      "after",
      `
Examples:
  $ grove-pipelines lint "[AutoDeploy][Update] site-a|42,site-b"
  $ git log -1 --format=%B | grove-pipelines lint --message-file - --json
  $ grove-pipelines lint --repo . "[AutoDeploy][Batch][Upgrade] https://github.com/openedx/edx-platform.git|open-release/quince.3"

With --hook it prints nothing when the title is fine (git shows what a hook prints); with --repo
too it warns about instances the commit changes without deploying them.`,
    )
    .action((message: string | undefined, opts: Parameters<typeof lintCommand>[2]) =>
      setExit(lintCommand(io, message, opts)),
    );

  withRepoAndMessage(
    program
      .command("plan")
      .description("show the jobs the commit asks for and the instances it skips"),
  )
    .addOption(
      new Option(
        "--format <format>",
        "text for people, markdown for a merge request comment, or json",
      )
        .choices(PLAN_FORMATS)
        .default("text"),
    )
    .option("--json", "print the plan as JSON (the same as --format json)")
    .addHelpText(
      "after",
      `
Colour is used when standard output is a terminal and NO_COLOR is not set.

Examples:
  $ grove-pipelines plan --repo examples/cluster --message "[AutoDeploy][Update] demo|42"
  $ grove-pipelines plan --format markdown > plan.md
  $ grove-pipelines plan --json`,
    )
    .action((opts: Parameters<typeof planCommand>[1]) => setExit(planCommand(io, opts)));

  withRepoAndMessage(
    program.command("generate").description("write the GitLab CI child pipeline for the commit"),
  )
    .option(
      "--output <file>",
      "where to write the pipeline (- for standard output)",
      "generated-pipeline.yml",
    )
    .option(
      "--registry <registry>",
      "the registry this grove-pipelines was installed from (npm, gitlab or a URL), which a sharded batch's generator job installs it from too (default: it runs the vendored .grove/grove-pipelines.cjs)",
    )
    .option(
      "--plan-file <file>",
      "also write the plan as Markdown (with its Mermaid graph when it fits) and print it in a collapsed section of the log",
    )
    .addOption(
      new Option(
        "--shard <k>",
        "write shard K of a sharded batch (used by the orchestrator)",
      ).argParser((v) => {
        if (!/^[1-9][0-9]{0,5}$/.test(v))
          throw new InvalidArgumentError(`--shard takes a positive whole number, not '${v}'`);
        return Number(v);
      }),
    )
    .addOption(
      new Option(
        "--shards-dir <dir>",
        "when the batch is too big for one pipeline, also write every shard file to DIR (a folder of the project, kept in this job's artifacts), which the orchestrator fetches instead of running the generator again",
      ).conflicts(["shard", "allShards"]),
    )
    .addOption(
      new Option(
        "--all-shards <dir>",
        "write every shard of a sharded batch in one run, shard K to DIR/shard-K.yml and any Terraform work to DIR/terraform.yml (used by the orchestrator)",
      ).conflicts(["shard", "output"]),
    )
    .addHelpText(
      "after",
      `
Examples:
  $ grove-pipelines generate --output generated-pipeline.yml --shards-dir grove-shards
  $ grove-pipelines generate --repo examples/cluster --message "[AutoDeploy][Archive] demo" --output -

Exit code 74 when the output cannot be written.`,
    )
    .action((opts: Parameters<typeof generateCommand>[1]) => setExit(generateCommand(io, opts)));

  program
    .command("message")
    .description("compose a valid directive title (for people and trigger clients)")
    .addArgument(
      new Argument("<kind>", `one of: ${Object.keys(COMPOSE_KINDS).join(", ")}`).argParser(
        composeKind,
      ),
    )
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
    .action((kind: string, args: string[], opts: Parameters<typeof messageCommand>[3]) =>
      setExit(messageCommand(io, kind, args, opts)),
    );

  withRepoAndMessage(
    program
      .command("explain")
      .description("say why an instance is or is not in the plan, rule by rule")
      .argument("<instance>", "the instance to explain (a folder name under instances/)"),
  )
    .option("--json", "print the explanation as JSON")
    .addHelpText(
      "after",
      `
Exit code 0 whether or not the instance is in the plan; 1 for a name that is not an instance
(with the closest names) or a plan that fails.

Examples:
  $ grove-pipelines explain hooli-edu --repo examples/cluster \\
      --message "[AutoDeploy][Batch][Upgrade] https://github.com/openedx/edx-platform.git|open-release/quince.3"
  $ grove-pipelines explain site-a          # against the newest commit of the current folder`,
    )
    .action((instance: string, opts: Parameters<typeof explainCommand>[2]) =>
      setExit(explainCommand(io, instance, opts)),
    );

  withRepoAndMessage(
    program.command("graph").description("draw the plan's job graph: stages, waves and needs"),
  )
    .addOption(
      new Option("--format <format>", "mermaid (renders in GitLab Markdown) or dot (Graphviz)")
        .choices(GRAPH_FORMATS)
        .default("mermaid"),
    )
    .addHelpText(
      "after",
      `
A thick arrow that starts or ends at a stage's box stands for every job of that stage (a wave
gate waits for the whole wave before it; every build of a wave waits for its gate).

Examples:
  $ grove-pipelines graph --repo examples/cluster --message "[AutoDeploy][Update] demo"
  $ grove-pipelines graph --format dot | dot -Tsvg > plan.svg`,
    )
    .action((opts: Parameters<typeof graphCommand>[1]) => setExit(graphCommand(io, opts)));

  addClusterCommands(program, io, setExit);
  return program;
}
