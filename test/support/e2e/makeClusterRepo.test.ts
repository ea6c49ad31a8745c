import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { makeTempDir, removeTempDirs, writeTree } from "../tempTree.js";
import { makeClusterRepo } from "./makeClusterRepo.js";

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  removeTempDirs();
});

const git = (cwd: string, args: string[]) => execFileSync("git", args, { cwd, encoding: "utf8" });

describe("makeClusterRepo", () => {
  it("commits the folder and the extra files with exactly the given message", () => {
    const cluster = writeTree(makeTempDir("cluster-repo"), {
      "README.md": "A cluster.\n",
      "instances/site-a/config.yml": "EDX_PLATFORM_VERSION: open-release/quince.3\n",
      "instances/site-b/grove.yml": "BATCH_UPGRADE_DISABLED: true\n",
    });
    const message = "  [AutoDeploy][Update] site-a|42\n\n# kept, not a comment\n";
    const repo = makeClusterRepo(cluster, message, { ".gitlab-ci.yml": "stages: [a]\n" });
    made.push(repo);
    expect(git(repo, ["log", "-1", "--format=%B"])).toBe(`${message}\n`);
    expect(git(repo, ["ls-files"]).split("\n").filter(Boolean).sort()).toEqual([
      ".gitlab-ci.yml",
      "README.md",
      "instances/site-a/config.yml",
      "instances/site-b/grove.yml",
    ]);
    expect(git(repo, ["status", "--porcelain"])).toBe("");
    expect(fs.readFileSync(path.join(repo, ".gitlab-ci.yml"), "utf8")).toBe("stages: [a]\n");
    // The cluster folder itself is left alone.
    expect(fs.existsSync(path.join(cluster, ".gitlab-ci.yml"))).toBe(false);
  });
});
