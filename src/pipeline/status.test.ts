import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { git, makeTempDir, removeTempDirs } from "../../test/support/tempTree.js";
import { clusterStatus, instanceHistory } from "./status.js";

const OPENEDX = "https://github.com/openedx/edx-platform.git";

function config(root: string, dir: string, name: string, version: string): void {
  mkdirSync(path.join(root, dir, name), { recursive: true });
  writeFileSync(
    path.join(root, dir, name, "config.yml"),
    `EDX_PLATFORM_REPOSITORY: ${OPENEDX}\nEDX_PLATFORM_VERSION: ${version}\n`,
  );
}

function commit(root: string, message: string): string {
  git(root, "add", "-A");
  git(root, "commit", "-q", "--allow-empty", "-m", message);
  return git(root, "rev-parse", "HEAD");
}

const QUINCE = `[AutoDeploy][Batch][Upgrade] ${OPENEDX}|open-release/quince.3`;
let root = "";
const sha: Record<string, string> = {};

/*
 * Each batch selects with the files of its own commit: the first one upgrades only a (b is
 * disabled, c runs redwood); then a moves to redwood, c to quince and b is enabled, and the
 * second batch upgrades b and c but not a.
 */
beforeAll(() => {
  root = makeTempDir("status");
  git(root, "init", "-q", "-b", "main");
  config(root, "instances", "a", "open-release/quince.3");
  config(root, "instances", "b", "open-release/quince.3");
  writeFileSync(path.join(root, "instances/b/grove.yml"), "BATCH_UPGRADE_DISABLED: yes\n");
  config(root, "instances", "c", "open-release/redwood.2");
  sha.add = commit(root, "Add a, b and c");
  sha.batch1 = commit(root, QUINCE);
  config(root, "instances", "a", "open-release/redwood.2");
  config(root, "instances", "c", "open-release/quince.3");
  rmSync(path.join(root, "instances/b/grove.yml"));
  sha.edit = commit(root, "Move a to redwood, c to quince, enable b");
  sha.batch2 = commit(root, QUINCE);
  sha.typo = commit(root, `[AutoDeploy][Batch][Upgrade] ${OPENEDX}|open-release/quinse.3`);
});
afterAll(removeTempDirs);

describe("clusterStatus", () => {
  it("counts each batch for what it selected at its own commit", () => {
    const status = clusterStatus(root);
    if (!status.ok) throw new Error(JSON.stringify(status.diagnostics));
    const byName = new Map(status.value.instances.map((i) => [i.name, i]));
    expect(byName.get("a")).toMatchObject({
      state: "out-of-sync",
      lastRequest: { commit: sha.batch1, kind: "batch-upgrade", batch: true },
      changedSince: [sha.edit],
    });
    expect(byName.get("b")).toMatchObject({
      state: "in-sync",
      lastRequest: { commit: sha.batch2 },
    });
    expect(byName.get("c")).toMatchObject({
      state: "in-sync",
      lastRequest: { commit: sha.batch2 },
    });
  });

  it("does not count a batch whose target matched nothing at its commit", () => {
    const status = clusterStatus(root);
    if (!status.ok) throw new Error("status failed");
    expect(status.value.uncounted).toEqual([
      { commit: sha.typo, reason: expect.stringMatching(/^its batch fails at that commit: /) },
    ]);
  });

  it("reads the state at an older commit with ref", () => {
    const status = clusterStatus(root, { ref: sha.edit });
    if (!status.ok) throw new Error("status failed");
    expect(status.value.instances.map((i) => [i.name, i.state])).toEqual([
      ["a", "out-of-sync"],
      ["b", "never-deployed"],
      ["c", "never-deployed"],
    ]);
    expect(status.value.instances[2]?.changedSince).toEqual([sha.add, sha.edit]);
  });

  it("says when the clone is shallow", () => {
    const clone = path.join(makeTempDir("shallow"), "clone");
    execFileSync("git", ["clone", "-q", "--depth", "2", `file://${root}`, clone]);
    const status = clusterStatus(clone);
    if (!status.ok) throw new Error("status failed");
    expect(status.value.shallow).toBe(true);
    expect(status.value.commitsRead).toBe(2);
    expect(status.value.notes.join("\n")).toContain("This clone is shallow");
  });
});

describe("instanceHistory", () => {
  it("lists requests newest first", () => {
    const history = instanceHistory(root, "a");
    if (!history.ok) throw new Error("history failed");
    expect(history.value.requests.map((r) => r.commit)).toEqual([sha.batch1]);
    const b = instanceHistory(root, "b");
    if (!b.ok) throw new Error("history failed");
    expect(b.value.requests.map((r) => r.commit)).toEqual([sha.batch2]);
  });
});

describe("settings of the history", () => {
  it("reads instances from the settings' instancesDir, and batches with that commit's defaults", () => {
    const repo = makeTempDir("status-settings");
    git(repo, "init", "-q", "-b", "main");
    writeFileSync(
      path.join(repo, "grove-pipelines.yml"),
      `instancesDir: sites\ndefaults:\n  EDX_PLATFORM_VERSION: open-release/quince.3\n`,
    );
    mkdirSync(path.join(repo, "sites/x"), { recursive: true });
    writeFileSync(path.join(repo, "sites/x/config.yml"), `EDX_PLATFORM_REPOSITORY: ${OPENEDX}\n`);
    commit(repo, "Add x, whose version comes from the defaults");
    const batch = commit(repo, QUINCE);
    const status = clusterStatus(repo);
    if (!status.ok) throw new Error(JSON.stringify(status.diagnostics));
    expect(status.value.instances).toEqual([
      expect.objectContaining({
        name: "x",
        state: "in-sync",
        lastRequest: expect.objectContaining({ commit: batch }),
      }),
    ]);
  });
});
