import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The checkout these tests belong to, found from this file's place in it. */
export const PROJECT_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/** The command `npm run build` writes (package.json `bin`). */
export const BUILT_CLI = path.join(PROJECT_ROOT, "dist", "cli.js");

/** Throws a message a person can act on when the CLI has not been built. */
export function assertBuiltCli(): void {
  if (!fs.existsSync(BUILT_CLI)) {
    throw new Error(
      `${BUILT_CLI} is missing: run \`npm run build\` first (\`npm test\` does it before the tests)`,
    );
  }
}

/** POSIX single-quoting: the path may hold spaces or quotes. */
function quote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/**
 * Writes an executable `grove-pipelines` into `binDir` that runs this checkout's built CLI with
 * the Node.js running the tests, so a pipeline's `grove-pipelines generate` finds it on PATH as
 * it would find the installed package. Returns the script's path.
 */
export function writeCliWrapper(binDir: string, nodeBinary: string): string {
  assertBuiltCli();
  fs.mkdirSync(binDir, { recursive: true });
  const file = path.join(binDir, "grove-pipelines");
  const script = [
    "#!/bin/sh",
    "# grove-pipelines built from this checkout; written by test/support/e2e/writeCliWrapper.ts.",
    `exec ${quote(nodeBinary)} ${quote(BUILT_CLI)} "$@"`,
    "",
  ].join("\n");
  fs.writeFileSync(file, script, { mode: 0o755 });
  return file;
}
