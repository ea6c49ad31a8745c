import { describe, expect, it } from "vitest";
import { jobSpec, jobSpecs, kindPrefix, NAMED_KINDS, taggedKinds } from "./kinds.js";

const paths = taggedKinds().map((k) => k.tags.join("").toLowerCase());

describe("the kinds table", () => {
  it("lists the tagged kinds in SPEC.md's order", () => {
    expect(taggedKinds().map((k) => k.kind)).toEqual([
      "infrastructure",
      "create",
      "update",
      "archive",
      "delete",
      "batch-upgrade",
      "batch-upgrade-to",
      "build-base-image",
    ]);
  });

  it("spells the canonical prefixes", () => {
    expect(kindPrefix("batch-upgrade-to")).toBe("[AutoDeploy][Batch][UpgradeTo]");
    expect(kindPrefix("infrastructure")).toBe("[AutoDeploy][Infrastructure]");
    expect(NAMED_KINDS.map(kindPrefix)).toEqual([
      "[AutoDeploy][Create]",
      "[AutoDeploy][Update]",
      "[AutoDeploy][Archive]",
      "[AutoDeploy][Delete]",
    ]);
  });

  it("gives every kind its own tags, none the start of another's", () => {
    for (const [i, path] of paths.entries()) {
      expect(paths.filter((other, j) => j !== i && other.startsWith(path))).toEqual([]);
    }
    const kinds = taggedKinds().map((k) => k.kind);
    expect(new Set(kinds).size).toBe(kinds.length);
  });

  it("lets a kind absorb only kinds of the table that take ids as it does", () => {
    for (const row of NAMED_KINDS) {
      for (const absorbed of row.absorbs) {
        const other = NAMED_KINDS.find((k) => k.kind === absorbed);
        expect(other?.ids, `${row.kind} absorbs ${absorbed}`).toBe(row.ids);
      }
    }
  });

  it("describes each job kind once, the same for every kind whose chain has it", () => {
    const specs = jobSpecs();
    for (const row of NAMED_KINDS) {
      for (const job of row.jobs) expect(specs.find((s) => s.kind === job.kind)).toBe(job);
    }
    expect(specs.map((s) => s.kind)).toEqual([
      "terraform-plan",
      "terraform-apply",
      "base-image",
      "build-image",
      "deploy",
      "archive",
      "delete",
      "verify",
      "noop",
      "wave-gate",
      "prepare-deployment",
      "request-archive",
      "request-delete",
      "abort-deployment",
    ]);
  });

  it("requires exactly SPEC's eight templates in a user's file", () => {
    expect(
      jobSpecs()
        .filter((s) => !s.required)
        .map((s) => s.kind),
    ).toEqual([
      // Issue 13: a cluster's own check after each deploy, which has no built-in template.
      "verify",
      "wave-gate",
      // Issue 11: the trigger client's requests came later; older template files lack them.
      "prepare-deployment",
      "request-archive",
      "request-delete",
      "abort-deployment",
    ]);
  });

  it("says how each job kind is rendered", () => {
    const rendering = (kind: string) => {
      const { resourceGroup, environment, manual } = jobSpec(kind);
      return { resourceGroup, environment, manual };
    };
    expect(rendering("deploy")).toEqual({
      resourceGroup: "instance",
      environment: "start",
      manual: "deploy",
    });
    expect(rendering("archive")).toEqual({
      resourceGroup: "instance",
      environment: "stop",
      manual: "archive",
    });
    expect(rendering("delete")).toEqual({
      resourceGroup: "instance",
      environment: "stop",
      manual: "delete",
    });
    // A check reads: no resource group, no deployment of its own, never manual.
    expect(rendering("verify")).toEqual({
      resourceGroup: null,
      environment: "verify",
      manual: null,
    });
    expect(jobSpec("verify").template).toBeNull();
    expect(rendering("build-image")).toEqual({
      resourceGroup: null,
      environment: null,
      manual: null,
    });
    expect(rendering("terraform-apply")).toEqual({
      resourceGroup: "terraform",
      environment: null,
      manual: "terraformApply",
    });
    expect(() => jobSpec("restart")).toThrow("no job kind 'restart'");
  });
});
