import fs from "node:fs";
import path from "node:path";
import { vendoredText } from "../../../src/cli/initCommand.js";
import { VENDORED_COMMAND } from "../../../src/render/renderOrchestrator.js";
import { VERSION } from "../../../src/version.js";
import { PROJECT_ROOT } from "./writeCliWrapper.js";

/** The single-file command `npm run build` writes (what `init --vendor` copies). */
export const BUILT_COMMAND = path.join(PROJECT_ROOT, "dist", "grove-pipelines.cjs");

/** Where a cluster repository keeps the vendored command. */
export { VENDORED_COMMAND };

/**
 * The vendored command exactly as `init --vendor` writes it from this checkout's build, for a
 * test repository's `.grove/grove-pipelines.cjs`, so the pipelines run it with `node` as a
 * cluster's do.
 */
export function vendoredCommand(): string {
  if (!fs.existsSync(BUILT_COMMAND)) {
    throw new Error(
      `${BUILT_COMMAND} is missing: run \`npm run build\` first (\`npm test\` does it before the tests)`,
    );
  }
  return vendoredText(fs.readFileSync(BUILT_COMMAND, "utf8"), VERSION);
}
