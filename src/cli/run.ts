import { CommanderError, InvalidArgumentError } from "commander";
import { GrovePipelinesError, InvalidInputError } from "../errors.js";
import { EXIT, printDiagnostics, UsageError, type CliIO, type ExitCode } from "./io.js";
import { buildProgram } from "./program.js";
import { OutputError } from "./writeFileAtomic.js";

/**
 * Runs the CLI in-process and returns the exit code. Every failure ends here as one of the
 * documented codes; a stack trace is printed only with --debug.
 */
export async function run(argv: readonly string[], io: CliIO): Promise<ExitCode> {
  let exitCode: ExitCode = EXIT.ok;
  const debug = argv.includes("--debug");
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and --version end through here too, with exit code 0.
      return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (err instanceof InvalidArgumentError) return EXIT.usage;
    if (err instanceof InvalidInputError) {
      printDiagnostics(io, err.diagnostics);
      // A --repo folder that does not exist is a wrong command line, not wrong repository content.
      const usage =
        err.diagnostics.length > 0 && err.diagnostics.every((d) => d.code === "missing-repository");
      return usage ? EXIT.usage : EXIT.invalid;
    }
    if (err instanceof UsageError) {
      io.stderr(`error: ${err.message}\n`);
      return EXIT.usage;
    }
    if (err instanceof OutputError) {
      io.stderr(`error: ${err.message}\n`);
      return EXIT.ioError;
    }
    const what =
      err instanceof GrovePipelinesError || err instanceof Error ? err.message : String(err);
    io.stderr(
      `internal error: ${firstLine(what)} (this is a bug in grove-pipelines; please report it to the grove-pipelines maintainers with the output of --debug)\n`,
    );
    if (debug && err instanceof Error && err.stack !== undefined) io.stderr(`${err.stack}\n`);
    return EXIT.internal;
  }
}

function firstLine(text: string): string {
  const end = text.indexOf("\n");
  return end < 0 ? text : text.slice(0, end);
}
