import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * Copies a cluster folder into a fresh temporary git repository and commits it with exactly
 * `commitMessage`, as the newest commit gitlab-ci-local and the generator read. `extraFiles`
 * (repository-relative path → content) are written before the commit: gitlab-ci-local only
 * includes tracked files (`include: local`, the copies it makes for each job), so a parent
 * `.gitlab-ci.yml` and generated pipelines belong there. Returns the repository folder; the
 * caller removes it.
 */
export function makeClusterRepo(
  fromDir: string,
  commitMessage: string,
  extraFiles: Readonly<Record<string, string>> = {},
): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "grove-e2e-repo-"));
  fs.cpSync(fromDir, dir, { recursive: true });
  for (const [file, content] of Object.entries(extraFiles)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  }
  git(dir, ["init", "--quiet", "--initial-branch=main"]);
  git(dir, ["add", "."]);
  // verbatim: git must not strip or reflow the message, since its title is the directive.
  git(dir, ["commit", "--quiet", "--allow-empty", "--cleanup=verbatim", "-m", commitMessage]);
  return dir;
}

function git(cwd: string, args: readonly string[]): void {
  // Fixed identity and no signing, whatever the machine's git configuration says; no automatic
  // gc, which can delete loose objects while gitlab-ci-local copies the repository.
  const config = ["-c", "user.name=grove-e2e", "-c", "user.email=grove-e2e@example.invalid"];
  execFileSync("git", [...config, "-c", "commit.gpgsign=false", "-c", "gc.auto=0", ...args], {
    cwd,
    stdio: ["ignore", "pipe", "pipe"],
  });
}
