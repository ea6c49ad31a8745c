import { readFileSync } from "node:fs";
import { run } from "./run.js";

// The one place that touches the real process: bind the CLI to it and exit with its code.
const code = await run(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  env: process.env,
  cwd: process.cwd(),
  readStdin: () => readFileSync(0, "utf8"),
  stdoutIsTTY: process.stdout.isTTY === true,
});
process.exitCode = code;
