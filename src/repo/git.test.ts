import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { firstParentCommits, headMessage, isAncestor, resolveCommit } from "./git.js";
import { makeTempDir, removeTempDirs } from "../../test/support/tempTree.js";

function git(root: string, ...args: string[]): string {
  return execFileSync("git", ["-C", root, "-c", "commit.gpgsign=false", ...args], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  }).trim();
}

function commit(root: string, message: string): string {
  git(root, "commit", "-q", "--allow-empty", "-m", message);
  return git(root, "rev-parse", "HEAD");
}

/*
 * main:    c1 - c2 - c3 - merge - c4
 *                \        /
 * feature:        f1 - f2
 */
let root = "";
const sha: Record<string, string> = {};
const MERGE_MESSAGE = "Merge branch 'feature' into 'main'\n\n[AutoDeploy][Update] a|42";
const C4_MESSAGE = "[AutoDeploy][Archive] old-site\n\nArchived on request.\nSee ticket 12.";

beforeAll(() => {
  root = makeTempDir("git");
  git(root, "init", "-q", "-b", "main");
  sha.c1 = commit(root, "first commit\n\nwith a body");
  sha.c2 = commit(root, "second");
  git(root, "checkout", "-q", "-b", "feature");
  sha.f1 = commit(root, "feature one");
  sha.f2 = commit(root, "feature two");
  git(root, "checkout", "-q", "main");
  sha.c3 = commit(root, "third");
  git(root, "merge", "-q", "--no-ff", "-m", MERGE_MESSAGE, "feature");
  sha.merge = git(root, "rev-parse", "HEAD");
  sha.c4 = commit(root, C4_MESSAGE);
});

afterAll(removeTempDirs);

describe("headMessage", () => {
  it("gives the whole message of HEAD, without git's trailing newline", () => {
    expect(headMessage(root)).toEqual({ ok: true, value: C4_MESSAGE, warnings: [] });
  });

  it("reports a folder that is not in a git repository", () => {
    const r = headMessage(makeTempDir("nogit"));
    expect(r.ok ? null : r.diagnostics).toEqual([
      expect.objectContaining({ code: "not-a-git-repo", severity: "error" }),
    ]);
  });

  it("reports a repository without commits", () => {
    const empty = makeTempDir("empty");
    git(empty, "init", "-q");
    const r = headMessage(empty);
    expect(r.ok ? null : r.diagnostics).toEqual([expect.objectContaining({ code: "no-commits" })]);
  });
});

describe("firstParentCommits", () => {
  it("lists the first-parent commits after before, oldest first, with whole messages", () => {
    const r = firstParentCommits(root, sha.c2 ?? "", sha.c4 ?? "");
    expect(r).toEqual({
      ok: true,
      warnings: [],
      value: [
        { sha: sha.c3, message: "third" },
        { sha: sha.merge, message: MERGE_MESSAGE },
        { sha: sha.c4, message: C4_MESSAGE },
      ],
    });
  });

  it("accepts short commit ids", () => {
    const r = firstParentCommits(root, (sha.c1 ?? "").slice(0, 8), (sha.c2 ?? "").slice(0, 10));
    expect(r.ok ? r.value : null).toEqual([{ sha: sha.c2, message: "second" }]);
  });

  it("is empty when before is head", () => {
    expect(firstParentCommits(root, sha.c4 ?? "", sha.c4 ?? "")).toMatchObject({
      ok: true,
      value: [],
    });
  });

  it("refuses arguments that are not hexadecimal commit ids, before running git", () => {
    const r = firstParentCommits(root, "--output=/tmp/x", "HEAD");
    expect(r.ok ? null : r.diagnostics).toEqual([
      expect.objectContaining({ code: "invalid-sha" }),
      expect.objectContaining({ code: "invalid-sha" }),
    ]);
  });

  it("names a commit id the repository does not have", () => {
    const r = firstParentCommits(root, "deadbeef".repeat(5), sha.c4 ?? "");
    expect(r.ok ? null : r.diagnostics).toEqual([
      expect.objectContaining({ code: "unknown-commit" }),
    ]);
    expect(r.ok ? "" : r.diagnostics[0]?.message).toContain("before commit deadbeef");
  });
});

describe("isAncestor", () => {
  it("follows history, merges included", () => {
    expect(isAncestor(root, sha.c1 ?? "", sha.c4 ?? "")).toBe(true);
    expect(isAncestor(root, sha.f1 ?? "", sha.c4 ?? "")).toBe(true);
    expect(isAncestor(root, sha.c4 ?? "", sha.c4 ?? "")).toBe(true);
  });

  it("is false for later commits, side branches, unknown ids and non-ids", () => {
    expect(isAncestor(root, sha.c4 ?? "", sha.c1 ?? "")).toBe(false);
    expect(isAncestor(root, sha.f2 ?? "", sha.c3 ?? "")).toBe(false);
    expect(isAncestor(root, "0".repeat(40), sha.c4 ?? "")).toBe(false);
    expect(isAncestor(root, "HEAD", sha.c4 ?? "")).toBe(false);
  });
});

describe("resolveCommit", () => {
  it("resolves HEAD, branches, short ids and relative revisions", () => {
    expect(resolveCommit(root, "HEAD")).toBe(sha.c4);
    expect(resolveCommit(root, "feature")).toBe(sha.f2);
    expect(resolveCommit(root, (sha.c2 ?? "").slice(0, 9))).toBe(sha.c2);
    expect(resolveCommit(root, "HEAD~1^2")).toBe(sha.f2);
  });

  it("is null for unknown revisions and anything that looks like an option", () => {
    expect(resolveCommit(root, "no-such-branch")).toBeNull();
    expect(resolveCommit(root, "1234567")).toBeNull();
    expect(resolveCommit(root, "--all")).toBeNull();
    expect(resolveCommit(root, "a b")).toBeNull();
    expect(resolveCommit(root, "")).toBeNull();
    expect(resolveCommit(makeTempDir("nogit"), "HEAD")).toBeNull();
  });
});
