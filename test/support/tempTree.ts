import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/* Real folders in the system temp folder, for tests that read a repository from disk. */

const created: string[] = [];

/** A fresh empty folder, removed by removeTempDirs(). */
export function makeTempDir(label: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `grove-${label}-`));
  created.push(dir);
  return dir;
}

/** Writes each file (creating folders); a value of `null` makes an empty folder instead. */
export function writeTree(root: string, files: Readonly<Record<string, string | null>>): string {
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(root, rel);
    if (content === null) {
      mkdirSync(abs, { recursive: true });
    } else {
      mkdirSync(path.dirname(abs), { recursive: true });
      writeFileSync(abs, content);
    }
  }
  return root;
}

/** A temp folder holding `files`. */
export function tempTree(label: string, files: Readonly<Record<string, string | null>>): string {
  return writeTree(makeTempDir(label), files);
}

export function removeTempDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/**
 * Whether permission bits stop this process from reading a file. They do not for root (tests
 * often run as root in containers), so EACCES tests check first instead of assuming.
 */
export function permissionsAreEnforced(): boolean {
  const dir = makeTempDir("perm");
  const file = path.join(dir, "locked");
  writeFileSync(file, "x");
  chmodSync(file, 0o000);
  try {
    readFileSync(file);
    return false;
  } catch {
    return true;
  } finally {
    chmodSync(file, 0o600);
  }
}

/**
 * Runs git in a test repository as a fixed author, with signing off whatever the machine's
 * configuration says, and returns its trimmed output.
 */
export function git(root: string, ...args: string[]): string {
  return execFileSync(
    "git",
    [
      "-C",
      root,
      "-c",
      "commit.gpgsign=false",
      "-c",
      "user.name=t",
      "-c",
      "user.email=t@e.invalid",
      ...args,
    ],
    { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
  ).trim();
}
