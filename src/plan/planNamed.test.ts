import { describe, expect, it } from "vitest";
import type { Directive } from "../commit/directive.js";
import type { Plan } from "./plan.js";
import { buildPlan } from "./buildPlan.js";
import type { RepoSnapshot } from "../repo/snapshot.js";
import { testInstance, testSnapshot } from "../../test/support/testSnapshot.js";

/** The jobs of named work: the environments of its deploys and removals, its verify jobs. */

function planOf(directive: Directive, snapshot: RepoSnapshot): Plan {
  const result = buildPlan(directive, snapshot);
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join("\n"));
  return result.value;
}

const three = testSnapshot([testInstance("a"), testInstance("b"), testInstance("c")]);

describe("planNamed", () => {
  it("gives each environment the instance's LMS link and its own tier over the settings' one", () => {
    const snapshot = testSnapshot([
      testInstance("a", { lmsHost: "courses.example.com:8000" }),
      testInstance("b", { deploymentTier: "staging" }),
    ]);
    const directive: Directive = {
      kind: "update",
      legacy: false,
      instances: [
        { name: "a", deploymentId: null },
        { name: "b", deploymentId: null },
      ],
    };
    const environments = (s: typeof snapshot) =>
      planOf(directive, s).jobs.map((j) => [j.name, j.environment]);
    expect(environments(snapshot)).toEqual([
      ["build-image:a", undefined],
      ["build-image:b", undefined],
      ["deploy:a", { url: "https://courses.example.com:8000", tier: "production" }],
      ["deploy:b", { url: null, tier: "staging" }],
    ]);
    const testing = {
      ...snapshot,
      settings: { ...snapshot.settings, deploymentTier: "testing" as const },
    };
    expect(environments(testing).slice(2)).toEqual([
      ["deploy:a", { url: "https://courses.example.com:8000", tier: "testing" }],
      ["deploy:b", { url: null, tier: "staging" }],
    ]);
  });

  it("follows each deploy with its verify job when the templates define .grove-verify", () => {
    const directive: Directive = {
      kind: "create",
      legacy: false,
      instances: [
        { name: "b", deploymentId: "7" },
        { name: "a", deploymentId: null },
      ],
    };
    const plan = planOf(directive, { ...three, verify: true });
    expect(plan.stages).toEqual([
      "terraform-plan",
      "terraform-apply",
      "build-image",
      "deploy",
      "verify",
    ]);
    expect(plan.jobs.filter((j) => j.kind === "verify")).toEqual([
      {
        name: "verify:b",
        kind: "verify",
        instance: "b",
        needs: ["deploy:b"],
        variables: { AUTODEPLOY_KIND: "create", INSTANCE_NAME: "b", DEPLOYMENT_REQUEST_ID: "7" },
        stage: "verify",
        wave: null,
        environment: { url: null, tier: "production" },
      },
      {
        name: "verify:a",
        kind: "verify",
        instance: "a",
        needs: ["deploy:a"],
        variables: { AUTODEPLOY_KIND: "create", INSTANCE_NAME: "a" },
        stage: "verify",
        wave: null,
        environment: { url: null, tier: "production" },
      },
    ]);
    // Archive and delete deploy nothing, so nothing is verified.
    const archive = planOf(
      { kind: "archive", instances: [{ name: "a" }] },
      { ...three, verify: true },
    );
    expect(archive.jobs.map((j) => j.name)).toEqual(["archive:a"]);
  });
});
