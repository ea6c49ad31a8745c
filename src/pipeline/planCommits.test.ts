import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { BUILTIN_TEMPLATES } from "../repo/templates.js";
import { removeTempDirs, tempTree } from "../../test/support/tempTree.js";
import { planCommits, type CommitInput } from "./planCommits.js";

afterEach(removeTempDirs);

const EXAMPLE = fileURLToPath(new URL("../../examples/cluster", import.meta.url));
const SHA_A = "aaaaaaaa11111111";
const SHA_B = "bbbbbbbb22222222";
const flag = (message: string): CommitInput[] => [{ sha: null, message }];

describe("planCommits", () => {
  it("plans one commit against the cluster, and returns what it read", () => {
    const r = planCommits(EXAMPLE, flag("[AutoDeploy][Update] demo|42"));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.plan.jobs.map((j) => j.name)).toEqual(["build-image:demo", "deploy:demo"]);
    expect(r.value.plan.sources).toBeUndefined();
    expect(r.value.settings.image).toBe("registry.example.com/grove/tools:1.4");
    expect(r.value.templates).toBe(BUILTIN_TEMPLATES);
    expect([...r.value.snapshot.instances.keys()]).toEqual(["demo"]);
  });

  it("reports the problems of every commit at once, each naming its commit", () => {
    const r = planCommits(EXAMPLE, [
      { sha: SHA_A, message: "[AutoDeploy][Upd] demo" },
      { sha: SHA_B, message: "[AutoDeploy][Archive] demo|1" },
    ]);
    expect(r.ok ? null : r.diagnostics.map((d) => d.message.slice(0, 16))).toEqual([
      "commit aaaaaaaa:",
      "commit bbbbbbbb:",
    ]);
  });

  it("parses before it reads: a bad title fails even against a folder that is not there", () => {
    const r = planCommits("/nonexistent/grove-pipelines-test-repo", flag("[AutoDeploy][Upd] x"));
    expect(r.ok ? null : r.diagnostics.map((d) => d.code)).not.toContain("missing-repository");
  });

  it("points a problem the planner finds at its column in the title", () => {
    const r = planCommits(EXAMPLE, flag("[AutoDeploy][Update] demo,dmeo"));
    expect(r.ok ? null : r.diagnostics[0]).toMatchObject({
      code: "unknown-instance",
      column: 27,
    });
  });

  it("in a push of several commits, names the commit whose title has the problem", () => {
    const r = planCommits(EXAMPLE, [
      { sha: SHA_A, message: "[AutoDeploy][Update] demo" },
      { sha: SHA_B, message: "[AutoDeploy][Archive] nosuch" },
    ]);
    expect(r.ok ? null : r.diagnostics[0]).toMatchObject({ code: "unknown-instance", column: 23 });
    expect(r.ok ? null : r.diagnostics[0]?.message).toMatch(/^commit bbbbbbbb: unknown instance/);
  });

  it("combines the commits of a push into one plan that lists them", () => {
    const r = planCommits(EXAMPLE, [
      { sha: SHA_A, message: "[AutoDeploy][Update] demo|1" },
      { sha: SHA_B, message: "[AutoDeploy][Update] demo|2" },
    ]);
    expect(r.ok ? r.value.plan.sources?.map((s) => s.sha) : null).toEqual([SHA_A, SHA_B]);
    // Warnings of every stage reach the caller: here the planner's.
    expect(r.ok ? r.warnings.map((w) => w.code) : null).toEqual(["deployment-id-replaced"]);
  });

  it("keeps the parser's warnings before those of reading and planning", () => {
    const root = tempTree("plan", {
      "instances/a/config.yml": "EDX_PLATFORM_VERSION: v1\n",
      "instances/b/config.yml": "- a list\n",
    });
    const r = planCommits(
      root,
      [
        { sha: SHA_A, message: 'Revert "[AutoDeploy][Update] a"' },
        { sha: SHA_B, message: "[AutoDeploy][Batch][UpgradeTo] 1234567" },
      ],
      { skipInvalid: true },
    );
    expect(r.ok ? r.warnings.map((w) => w.code) : r.diagnostics).toEqual([
      "autodeploy-not-at-start",
      "not-a-mapping",
    ]);
  });

  it("fails on a broken template file, which generate would refuse too", () => {
    const root = tempTree("plan", {
      "grove-pipelines.yml": "templates: t.yml\n",
      "t.yml": "x: 1\n",
    });
    const r = planCommits(root, flag("no directive"));
    expect(r.ok ? null : r.diagnostics[0]).toMatchObject({ code: "template-unknown-key" });
  });
});
