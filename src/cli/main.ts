import { readRegularFile, ReadRefusedError } from "../repo/regularFile.js";
import { writeAllSync } from "./io.js";
import { run } from "./run.js";

// The one place that touches the real process: bind the CLI to it and exit with its code.
//
// Output goes straight to file descriptors 1 and 2, and whether standard output is a terminal is
// asked only when a command wants colour: process.stdout, process.stderr and node:tty would each
// load Node's stream machinery on every start (see writeAllSync).
const closed = { stdout: false, stderr: false };

void run(process.argv.slice(2), {
  stdout: (s) => {
    if (!closed.stdout) closed.stdout = writeAllSync(1, s) === "closed";
  },
  stderr: (s) => {
    if (!closed.stderr) closed.stderr = writeAllSync(2, s) === "closed";
  },
  env: process.env,
  cwd: process.cwd(),
  readStdin: () => {
    // A person typing the message is reading from a terminal; `< /dev/zero` is a device too.
    const allowTerminal = process.getBuiltinModule("node:tty").isatty(0);
    const read = readRegularFile(0, { kind: "message", allowPipes: true, allowTerminal });
    if (!read.ok) throw new ReadRefusedError(read.refusal);
    return read.text;
  },
  get stdoutIsTTY() {
    return process.getBuiltinModule("node:tty").isatty(1);
  },
}).then((code) => {
  process.exitCode = code;
});
