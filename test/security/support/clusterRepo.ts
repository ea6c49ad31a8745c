import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { makeTempDir } from "../../support/tempTree.js";

export const EXAMPLE_CLUSTER = fileURLToPath(new URL("../../../examples/cluster", import.meta.url));

/** A fresh copy of a cluster folder (examples/cluster by default), removed by removeTempDirs(). */
export function copyCluster(label: string, from: string = EXAMPLE_CLUSTER): string {
  const dir = makeTempDir(`security-${label}`);
  fs.cpSync(from, dir, { recursive: true });
  return dir;
}

/** git without a shell; the identity comes from vitest.config.ts, signing is always off. */
export function git(cwd: string, args: readonly string[]): string {
  return execFileSync("git", ["-c", "commit.gpgsign=false", ...args], {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  }).trim();
}

/**
 * A git repository (branch main) holding a copy of the example cluster, committed once with
 * `initial`. Returns the folder and the first commit's id.
 */
export function clusterHistory(
  label: string,
  initial = "Initial cluster",
): {
  dir: string;
  base: string;
} {
  const dir = copyCluster(label);
  git(dir, ["init", "--quiet", "--initial-branch=main"]);
  git(dir, ["add", "."]);
  git(dir, ["commit", "--quiet", "-m", initial]);
  return { dir, base: git(dir, ["rev-parse", "HEAD"]) };
}

/** An empty commit with exactly this message (git must not strip or reflow it); its id. */
export function commit(dir: string, message: string): string {
  git(dir, ["commit", "--quiet", "--allow-empty", "--cleanup=verbatim", "-m", message]);
  return git(dir, ["rev-parse", "HEAD"]);
}

/** `git merge --no-ff` of `branch` into the current branch with this message; the merge's id. */
export function merge(dir: string, branch: string, message: string): string {
  git(dir, ["merge", "--quiet", "--no-ff", "--cleanup=verbatim", "-m", message, branch]);
  return git(dir, ["rev-parse", "HEAD"]);
}
