import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { git, makeTempDir, removeTempDirs } from "../../test/support/tempTree.js";
import { listTree, readBlobs, readFirstParentHistory } from "./gitHistory.js";

function write(root: string, rel: string, text: string): void {
  mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  writeFileSync(path.join(root, rel), text);
}

function commit(root: string, message: string): string {
  git(root, "add", "-A");
  git(root, "commit", "-q", "--allow-empty", "--cleanup=verbatim", "-m", message);
  return git(root, "rev-parse", "HEAD");
}

const PATHS = {
  prefix: "",
  instancesRel: "instances",
  watch: (p: string) => p.endsWith("config.yml"),
};

/*
 * main: c1 (a, b, infrastructure) - c2 (empty directive) - merge (feature changed a) - c3 (rename
 * b -> renamed, and a file whose name and message hold \x01)
 */
let root = "";
const sha: Record<string, string> = {};
beforeAll(() => {
  root = makeTempDir("history");
  git(root, "init", "-q", "-b", "main");
  write(root, "instances/a/config.yml", "A: 1\n");
  write(root, "instances/b/config.yml", "B: 1\n");
  write(root, "instances/README.md", "not an instance\n");
  write(root, "infrastructure/main.tf", "# tf\n");
  sha.c1 = commit(root, "Add a and b\n\nwith a body");
  sha.c2 = commit(root, "[AutoDeploy][Update] a|1");
  git(root, "checkout", "-q", "-b", "feature");
  write(root, "instances/a/config.yml", "A: 2\n");
  sha.f1 = commit(root, "change a");
  git(root, "checkout", "-q", "main");
  git(
    root,
    "merge",
    "-q",
    "--no-ff",
    "-m",
    "Merge branch 'feature' into 'main'\n\n[AutoDeploy][Update] a",
    "feature",
  );
  sha.merge = git(root, "rev-parse", "HEAD");
  git(root, "mv", "instances/b", "instances/renamed");
  write(root, "instances/renamed/\u0001odd.txt", "x\n");
  sha.c3 = commit(root, "Rename b\n\n\u0001 not a record");
});
afterAll(removeTempDirs);

describe("readFirstParentHistory", () => {
  it("reads the first-parent commits oldest first, with the instances each changed", () => {
    const history = readFirstParentHistory(root, sha.c3 ?? "", PATHS);
    expect(history.ok).toBe(true);
    if (!history.ok) return;
    expect(history.value.map((c) => [c.sha, c.changedInstances])).toEqual([
      [sha.c1, ["a", "b"]],
      [sha.c2, []],
      // A merge changed what its branch brought; the branch's own commit is not listed.
      [sha.merge, ["a"]],
      // A renamed folder changed under both names.
      [sha.c3, ["b", "renamed"]],
    ]);
  });

  it("gives the blob ids of the watched files, null for a deleted one", () => {
    const history = readFirstParentHistory(root, sha.c3 ?? "", PATHS);
    if (!history.ok) throw new Error("no history");
    const blob = (rev: string) => git(root, "rev-parse", rev);
    expect(history.value.map((c) => c.files.map((f) => [f.path, f.object]))).toEqual([
      [
        ["instances/a/config.yml", blob(`${sha.c1}:instances/a/config.yml`)],
        ["instances/b/config.yml", blob(`${sha.c1}:instances/b/config.yml`)],
      ],
      [],
      [["instances/a/config.yml", blob(`${sha.f1}:instances/a/config.yml`)]],
      [
        ["instances/b/config.yml", null],
        ["instances/renamed/config.yml", blob(`${sha.c3}:instances/renamed/config.yml`)],
      ],
    ]);
  });

  it("keeps whole messages and committer dates", () => {
    const history = readFirstParentHistory(root, sha.c3 ?? "", PATHS);
    if (!history.ok) throw new Error("no history");
    const [first, , merge, last] = history.value;
    expect(first?.message).toBe("Add a and b\n\nwith a body");
    expect(merge?.message).toBe("Merge branch 'feature' into 'main'\n\n[AutoDeploy][Update] a");
    expect(last?.message).toBe("Rename b\n\n\u0001 not a record");
    expect(first?.date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
  });

  it("fails with git's complaint for a commit that does not exist", () => {
    const history = readFirstParentHistory(root, "0".repeat(40), PATHS);
    expect(history.ok).toBe(false);
  });
});

describe("listTree and readBlobs", () => {
  it("lists a commit's files, and reads each blob once", () => {
    const tree = listTree(root, sha.c1 ?? "", ["instances/"], true);
    if (!tree.ok) throw new Error("no tree");
    expect(tree.value.map((e) => e.path)).toEqual([
      "instances/README.md",
      "instances/a/config.yml",
      "instances/b/config.yml",
    ]);
    const ids = tree.value.map((e) => e.object);
    const cache = new Map<string, string>();
    const texts = readBlobs(root, ids, cache);
    if (!texts.ok) throw new Error("no blobs");
    expect(ids.map((id) => texts.value.get(id))).toEqual(["not an instance\n", "A: 1\n", "B: 1\n"]);
    // A cached blob is not read again: what the cache holds is what comes back.
    cache.set(ids[1] ?? "", "from the cache");
    const again = readBlobs(root, ids, cache);
    if (!again.ok) throw new Error("no blobs");
    expect(again.value.get(ids[1] ?? "")).toBe("from the cache");
  });

  it("lists folders without -r", () => {
    const tree = listTree(root, sha.c3 ?? "", ["instances/"], false);
    if (!tree.ok) throw new Error("no tree");
    expect(tree.value.filter((e) => e.type === "tree").map((e) => e.path)).toEqual([
      "instances/a",
      "instances/renamed",
    ]);
  });
});
