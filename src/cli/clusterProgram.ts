import { Option } from "commander";
import type { Command } from "commander";
import { initCommand } from "./initCommand.js";
import type { ExitCode, CliIO } from "./io.js";
import { instancesCommand } from "./repositoryCommands.js";
import { historyCommand, statusCommand, STATUS_FORMATS } from "./statusCommands.js";

/*
 * The commands about the cluster as a whole rather than one commit's directive: its instances,
 * its deployment history, and setting it up (program.ts has the others, in help order).
 */

/** Options of the commands that read the deploy branch's history, which prints `what`. */
function withHistoryOptions(cmd: Command, what: string): Command {
  return cmd
    .option("--repo <dir>", "the cluster repository", ".")
    .option("--ref <rev>", "the deploy branch whose first-parent history is read", "HEAD")
    .addOption(
      new Option("--format <format>", "text for people, markdown, or json")
        .choices(STATUS_FORMATS)
        .default("text"),
    )
    .option("--json", `print the ${what} as JSON (the same as --format json)`);
}

/** Adds `instances`, `status`, `history` and `init` to `program`, in this order. */
export function addClusterCommands(
  program: Command,
  io: CliIO,
  setExit: (code: ExitCode) => void,
): void {
  program
    .command("instances")
    .description("list the instances: repository, version, batch eligibility")
    .option("--repo <dir>", "the cluster repository", ".")
    .option("--json", "print the list as JSON")
    .addHelpText(
      "after",
      `
Batch-eligible means a batch upgrade whose targets match the instance would upgrade it.

Examples:
  $ grove-pipelines instances --repo examples/cluster
  $ grove-pipelines instances --json`,
    )
    .action((opts: Parameters<typeof instancesCommand>[1]) => setExit(instancesCommand(io, opts)));

  withHistoryOptions(
    program
      .command("status")
      .description("show each instance's last deployment request and whether it changed since"),
    "status",
  )
    .addHelpText(
      "after",
      `
Reads git only (the commits of the branch, not the working tree): an instance is in sync when
no commit changed its folder after the last commit that asked to deploy it (by name, or by a
batch upgrade that selected it with the files of that commit), out of sync when one did, and
never deployed when no commit asked. Deployments started by a schedule or a trigger whose message
is not a commit are not in git; the output says what it cannot know.

Examples:
  $ grove-pipelines status --repo path/to/cluster
  $ grove-pipelines status --ref origin/main --json
  $ grove-pipelines status --format markdown > status.md`,
    )
    .action((opts: Parameters<typeof statusCommand>[1]) => setExit(statusCommand(io, opts)));

  withHistoryOptions(
    program
      .command("history")
      .description("list an instance's deployment requests, newest first")
      .argument(
        "<instance>",
        "the instance (a folder name under instances/, or one in the history)",
      ),
    "history",
  )
    .addHelpText(
      "after",
      `
Examples:
  $ grove-pipelines history site-a --repo path/to/cluster
  $ grove-pipelines history site-a --json`,
    )
    .action((instance: string, opts: Parameters<typeof historyCommand>[2]) =>
      setExit(historyCommand(io, instance, opts)),
    );

  program
    .command("init")
    .description("add the parent pipeline (generator + trigger) to a repository")
    .option("--repo <dir>", "the cluster repository", ".")
    .option(
      "--vendor",
      "copy this grove-pipelines into the repository (.grove/grove-pipelines.cjs) and run it with node: no registry needed",
    )
    .option(
      "--registry <registry>",
      "instead, install this version in each run from npm, gitlab (the project's own package registry) or the URL of an npm registry",
    )
    .option(
      "--hook",
      "install git's commit-msg hook, which checks titles against the repository (alone, or with --vendor or --registry)",
    )
    .addHelpText(
      "after",
      `
Writes .gitlab-ci.yml when the repository has none. An existing file is never changed: the
jobs to merge into it are printed instead. --vendor (re)writes .grove/grove-pipelines.cjs, with
its version and sha256 in a comment; run a newer version's init --vendor to upgrade. The image of
the generate job is the settings' generatorImage (default node:20). The settings' JSON Schema is
written to .grove/grove-pipelines.schema.json, and grove-pipelines.yml gets the editor line that
points at it (the file is created when missing).

Examples:
  $ grove-pipelines init --vendor --repo path/to/cluster
  $ node grove-pipelines.cjs init --vendor    # the single file, run from its download
  $ grove-pipelines init --registry npm
  $ grove-pipelines init --vendor > grove-jobs.yml   # when .gitlab-ci.yml exists
  $ grove-pipelines init --hook                      # only the commit-msg hook`,
    )
    .action((opts: Parameters<typeof initCommand>[1]) => setExit(initCommand(io, opts)));
}
