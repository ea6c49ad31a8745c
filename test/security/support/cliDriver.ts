import { readFileSync } from "node:fs";
import { run } from "../../../src/cli/run.js";
import type { DriverCase } from "./driverCase.js";

/*
 * Entry point of a bundle (see bundleCli.ts), not a module tests import: runs many CLI calls in
 * one process, so a corpus of hostile inputs costs one Node start instead of one per input, and
 * still runs under a parent that can kill it. Reads DriverCase[] as JSON on standard input and
 * writes one JSON line per case before it starts ({"start": i}) and after ({"done": i, ...}), so
 * a parent that had to kill a hung run knows which input hung.
 */

const cases = JSON.parse(readFileSync(0, "utf8")) as DriverCase[];
for (const [index, c] of cases.entries()) {
  process.stdout.write(`${JSON.stringify({ start: index })}\n`);
  let stdout = "";
  let stderr = "";
  const code = await run(c.argv, {
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
    env: c.env,
    cwd: c.cwd,
    readStdin: () => c.stdin ?? "",
    stdoutIsTTY: false,
  });
  process.stdout.write(`${JSON.stringify({ done: index, code, stdout, stderr })}\n`);
}
