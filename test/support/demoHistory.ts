import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { makeTempDir } from "./tempTree.js";

/** The repository's demo script (scripts/demo-history.sh), which the README's examples use. */
export const DEMO_SCRIPT = fileURLToPath(new URL("../../scripts/demo-history.sh", import.meta.url));

/** Where the golden `status --json` and `history --json` outputs of the demo history live. */
export const STATUS_GOLDEN_DIR = fileURLToPath(
  new URL("../fixtures/status-demo/", import.meta.url),
);

/**
 * A fresh copy of the demo cluster repository with its realistic history (creates, a batch
 * upgrade, a merged merge request, changes never deployed, a mistyped directive, an archive), in
 * a temporary folder removed by removeTempDirs().
 */
export function makeDemoHistory(): string {
  const repo = path.join(makeTempDir("demo-history"), "cluster");
  execFileSync("bash", [DEMO_SCRIPT, repo], { stdio: ["ignore", "pipe", "pipe"] });
  return repo;
}
