import { buildSync } from "esbuild";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

export interface CliBundle {
  /** The real command: src/cli/main.ts bundled, run as `node <cli> ...`. */
  readonly cli: string;
  /** cliDriver.ts bundled: many CLI calls in one process. */
  readonly driver: string;
  readonly dir: string;
}

/**
 * Bundles the CLI from the current sources into a fresh temp folder, so these tests never run a
 * stale dist/ (a plain `vitest run` does not build). It is one ES module file, where
 * scripts/build.mjs writes a CommonJS one; nothing checked here depends on the difference. The
 * folder is readable by everyone: one test runs the CLI as another user.
 */
export function bundleCli(): CliBundle {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "grove-security-cli-"));
  fs.chmodSync(dir, 0o755);
  const common = {
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    logLevel: "warning",
    // Bundled CommonJS dependencies call require(); an ESM bundle has to provide one.
    banner: {
      js: "import { createRequire as __grove_createRequire } from 'node:module'; const require = __grove_createRequire(import.meta.url);",
    },
  } as const;
  const cli = path.join(dir, "cli.mjs");
  const driver = path.join(dir, "driver.mjs");
  buildSync({ ...common, entryPoints: [path.join(ROOT, "src/cli/main.ts")], outfile: cli });
  buildSync({
    ...common,
    entryPoints: [path.join(ROOT, "test/security/support/cliDriver.ts")],
    outfile: driver,
  });
  for (const file of [cli, driver]) fs.chmodSync(file, 0o644);
  return { cli, driver, dir };
}
