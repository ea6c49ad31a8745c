import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT, writeCliWrapper } from "../support/e2e/writeCliWrapper.js";

/** The one-line install the README gives, taken from the README itself so both stay true. */
function readmeInstallLine(): string {
  const readme = fs.readFileSync(path.join(PROJECT_ROOT, "README.md"), "utf8");
  const block = /<!-- commit-msg hook -->\n\s*```sh\n\s*(.+)\n/.exec(readme);
  if (block?.[1] === undefined) throw new Error("README.md has no commit-msg hook install line");
  return block[1];
}

describe("the README's commit-msg hook, installed in a real git repository", () => {
  let repo = "";
  let env: NodeJS.ProcessEnv = {};

  beforeAll(() => {
    repo = fs.mkdtempSync(path.join(os.tmpdir(), "grove-hook-"));
    const bin = path.join(repo, ".bin");
    writeCliWrapper(bin, process.execPath);
    env = { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ""}` };
    execFileSync("git", ["init", "--quiet", "--initial-branch=main"], { cwd: repo });
    execFileSync("sh", ["-c", readmeInstallLine()], { cwd: repo, env });
  });

  function commit(title: string): { status: number | null; stderr: string } {
    const r = spawnSync("git", ["commit", "--allow-empty", "--quiet", "-m", title], {
      cwd: repo,
      env,
      encoding: "utf8",
    });
    return { status: r.status, stderr: r.stderr };
  }

  it("rejects a malformed [AutoDeploy] title before it is committed, saying why", () => {
    const r = commit("[AutoDeploy][Updat] demo");
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/error: column 13: unknown type tag '\[Updat\]'/);
    expect(spawnSync("git", ["rev-parse", "--verify", "HEAD"], { cwd: repo }).status).not.toBe(0);
  });

  it("lets valid directives and ordinary titles through", () => {
    expect(commit("[AutoDeploy][Update] demo|42").status).toBe(0);
    expect(commit("Fix a typo in the README").status).toBe(0);
    const log = execFileSync("git", ["log", "--format=%s"], { cwd: repo, encoding: "utf8" });
    expect(log).toBe("Fix a typo in the README\n[AutoDeploy][Update] demo|42\n");
  });
});
