import type { CliIO } from "../../src/cli/io.js";
import { buildProgram } from "../../src/cli/program.js";
import { run } from "../../src/cli/run.js";

/** Prose the reference keeps around the help texts, by command. */
const AFTER: Readonly<Record<string, string>> = {
  graph: [
    "The batch upgrade of `examples/cluster` (`grove-pipelines graph --repo examples/cluster",
    `--message "${exampleBatchMessage()}"\`), rendered by mermaid-cli:`,
    "",
    "![Job graph of the example batch upgrade: base images, then three waves of builds and deploys](images/example-batch-graph.png)",
  ].join("\n"),
};

/** The batch upgrade drawn in docs/images/example-batch-graph.png. */
export function exampleBatchMessage(): string {
  return (
    "[AutoDeploy][Batch][Upgrade] https://github.com/openedx/edx-platform.git|open-release/quince.3," +
    "https://github.com/open-craft/edx-platform.git|*"
  );
}

async function helpOf(argv: readonly string[]): Promise<string> {
  let out = "";
  const io: CliIO = {
    stdout: (text) => {
      out += text;
    },
    stderr: () => undefined,
    env: {},
    cwd: ".",
    readStdin: () => "",
    stdoutIsTTY: false,
  };
  await run(argv, io);
  return out.trimEnd();
}

/**
 * docs/commands.md: the real `--help` of the program and of every command, each in its own
 * section, so the reference cannot drift from the CLI (a test compares the file with this).
 */
export async function commandsReference(): Promise<string> {
  const names = buildProgram(
    {
      stdout: () => undefined,
      stderr: () => undefined,
      env: {},
      cwd: ".",
      readStdin: () => "",
      stdoutIsTTY: false,
    },
    () => undefined,
  ).commands.map((c) => c.name());
  const sections: string[] = [
    "# Command reference",
    "",
    "<!-- Generated from the CLI's --help by `npm run docs:commands`; a test keeps it equal. -->",
    "",
    "Every command prints this text with `--help`. Exit codes: 0 success, 1 invalid commit message",
    "or repository content (each problem on its own line), 2 wrong command line, 70 internal error,",
    "74 an output file that cannot be written (its path and the cause, on one line).",
    "",
    ...names.map((name) => `- [\`${name}\`](#grove-pipelines-${name})`),
    "",
    "## grove-pipelines",
    "",
    "```text",
    await helpOf(["--help"]),
    "```",
  ];
  for (const name of names) {
    sections.push(
      "",
      `## grove-pipelines ${name}`,
      "",
      "```text",
      await helpOf([name, "--help"]),
      "```",
    );
    const after = AFTER[name];
    if (after !== undefined) sections.push("", after);
  }
  return `${sections.join("\n")}\n`;
}
