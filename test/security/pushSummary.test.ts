import { afterAll, describe, expect, it } from "vitest";
import { removeTempDirs } from "../support/tempTree.js";
import { testCli } from "../support/testCli.js";
import { clusterHistory, commit, git } from "./support/clusterRepo.js";

/*
 * Issue 14, point 10: a push of several commits is summed up whole (the plan's headline and the
 * JSON `directives`), and a problem in a merge commit's title names the line the column counts in.
 */

afterAll(removeTempDirs);

describe("a push of several commits with directives", () => {
  it("names every directive in the headline and in the JSON", async () => {
    const { dir, base } = clusterHistory("push-summary");
    commit(dir, "[AutoDeploy][Update] demo");
    commit(dir, "Fix a typo in the README");
    commit(dir, "[AutoDeploy][Delete] hooli-edu");
    const env = {
      CI_PIPELINE_SOURCE: "push",
      CI_COMMIT_BEFORE_SHA: base,
      CI_COMMIT_SHA: git(dir, ["rev-parse", "HEAD"]),
    };
    const text = await testCli(["plan", "--repo", dir], { env });
    expect(text.code).toBe(0);
    expect(text.stdout.split("\n")[0]).toBe(
      `Directive: 2 directives from 3 commits: update: demo; delete: hooli-edu  (from 3 commit(s) pushed since ${base.slice(0, 8)})`,
    );
    const json = await testCli(["plan", "--repo", dir, "--json"], { env });
    const plan = JSON.parse(json.stdout) as { directive: unknown; directives: unknown };
    expect(plan.directive).toEqual({ kind: "delete", instances: [{ name: "hooli-edu" }] });
    expect(plan.directives).toEqual([
      { kind: "update", instances: [{ name: "demo", deploymentId: null }], legacy: false },
      { kind: "delete", instances: [{ name: "hooli-edu" }] },
    ]);
  });
});

describe("a merge commit's title", () => {
  it("points at the line and the column of a problem", async () => {
    const message =
      "Merge branch 'feature' into 'main'\n\n[AutoDeploy][Updaet] demo\n\nSee merge request !1";
    const r = await testCli(["lint", message]);
    expect(r.code).toBe(1);
    expect(r.stderr.split("\n")[0]).toMatch(/^error: line 3, column 13: /);
  });

  it("keeps a plain title's problems at their column only", async () => {
    const r = await testCli(["lint", "[AutoDeploy][Updaet] demo"]);
    expect(r.stderr.split("\n")[0]).toMatch(/^error: column 13: /);
  });
});
