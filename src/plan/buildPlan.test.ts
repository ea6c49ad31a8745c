import { describe, it, expect } from "vitest";
import type { Directive } from "../commit/directive.js";
import type { Plan } from "./plan.js";
import { NOOP_REASONS } from "./plan.js";
import { buildPlan, snapshotNeeds } from "./buildPlan.js";
import { testInstance, testSnapshot } from "../../test/support/testSnapshot.js";

function planOf(directive: Directive, snapshot = testSnapshot([])): Plan {
  const result = buildPlan(directive, snapshot);
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join("\n"));
  return result.value;
}

const three = testSnapshot([testInstance("a"), testInstance("b"), testInstance("c")]);

describe("buildPlan for non-batch directives", () => {
  it("none: one noop job with our own reason", () => {
    const directive: Directive = { kind: "none" };
    expect(planOf(directive)).toEqual({
      directive,
      jobs: [
        {
          name: "noop",
          kind: "noop",
          instance: null,
          needs: [],
          variables: { AUTODEPLOY_KIND: "none", NOOP_REASON: NOOP_REASONS.notDirective },
          stage: "noop",
          wave: null,
        },
      ],
      skipped: [],
      stages: ["noop"],
    });
  });

  it("infrastructure: terraform plan, then apply; the text goes nowhere", () => {
    const directive: Directive = { kind: "infrastructure", text: "$(rm -rf /) bump node pool" };
    const plan = planOf(directive);
    expect(plan.jobs).toEqual([
      {
        name: "terraform-plan",
        kind: "terraform-plan",
        instance: null,
        needs: [],
        variables: { AUTODEPLOY_KIND: "infrastructure" },
        stage: "terraform-plan",
        wave: null,
      },
      {
        name: "terraform-apply",
        kind: "terraform-apply",
        instance: null,
        needs: ["terraform-plan"],
        variables: { AUTODEPLOY_KIND: "infrastructure" },
        stage: "terraform-apply",
        wave: null,
      },
    ]);
    expect(plan.stages).toEqual(["terraform-plan", "terraform-apply"]);
    expect(JSON.stringify(plan.jobs)).not.toContain("rm -rf");
  });

  it("create: terraform, then each instance's build (after apply) and deploy", () => {
    const directive: Directive = {
      kind: "create",
      legacy: false,
      instances: [
        { name: "c", deploymentId: "42" },
        { name: "a", deploymentId: null },
      ],
    };
    const plan = planOf(directive, three);
    expect(plan.jobs.map((j) => [j.name, j.needs, j.stage])).toEqual([
      ["terraform-plan", [], "terraform-plan"],
      ["terraform-apply", ["terraform-plan"], "terraform-apply"],
      ["build-image:c", ["terraform-apply"], "build-image"],
      ["build-image:a", ["terraform-apply"], "build-image"],
      ["deploy:c", ["build-image:c"], "deploy"],
      ["deploy:a", ["build-image:a"], "deploy"],
    ]);
    expect(plan.jobs.find((j) => j.name === "deploy:c")).toEqual({
      name: "deploy:c",
      kind: "deploy",
      instance: "c",
      needs: ["build-image:c"],
      variables: { AUTODEPLOY_KIND: "create", INSTANCE_NAME: "c", DEPLOYMENT_REQUEST_ID: "42" },
      stage: "deploy",
      wave: null,
      environment: { url: null, tier: "production" },
    });
    expect(plan.jobs.find((j) => j.name === "build-image:a")?.variables).toEqual({
      AUTODEPLOY_KIND: "create",
      INSTANCE_NAME: "a",
    });
    expect(plan.jobs.find((j) => j.name === "terraform-plan")?.variables).toEqual({
      AUTODEPLOY_KIND: "create",
    });
    expect(plan.stages).toEqual(["terraform-plan", "terraform-apply", "build-image", "deploy"]);
    expect(plan.skipped).toEqual([]);
  });

  it("update: build (needing nothing) and deploy, as in SPEC.md's example", () => {
    const directive: Directive = {
      kind: "update",
      legacy: false,
      instances: [{ name: "a", deploymentId: "42" }],
    };
    expect(planOf(directive, three)).toEqual({
      directive,
      jobs: [
        {
          name: "build-image:a",
          kind: "build-image",
          instance: "a",
          needs: [],
          variables: { AUTODEPLOY_KIND: "update", INSTANCE_NAME: "a", DEPLOYMENT_REQUEST_ID: "42" },
          stage: "build-image",
          wave: null,
        },
        {
          name: "deploy:a",
          kind: "deploy",
          instance: "a",
          needs: ["build-image:a"],
          variables: { AUTODEPLOY_KIND: "update", INSTANCE_NAME: "a", DEPLOYMENT_REQUEST_ID: "42" },
          stage: "deploy",
          wave: null,
          environment: { url: null, tier: "production" },
        },
      ],
      skipped: [],
      stages: ["build-image", "deploy"],
    });
  });

  it.each(["archive", "delete"] as const)("%s: one job per instance, needing nothing", (kind) => {
    const directive: Directive = { kind, instances: [{ name: "b" }, { name: "a" }] };
    const plan = planOf(directive, three);
    expect(plan.jobs).toEqual(
      ["b", "a"].map((name) => ({
        name: `${kind}:${name}`,
        kind,
        instance: name,
        needs: [],
        variables: { AUTODEPLOY_KIND: kind, INSTANCE_NAME: name },
        stage: kind,
        wave: null,
        environment: { url: null, tier: "production" },
      })),
    );
    expect(plan.stages).toEqual([kind]);
  });

  it("reports every unknown instance at once, with suggestions", () => {
    const snapshot = testSnapshot([testInstance("acme-university"), testInstance("site-a")], {
      allNames: ["acme-university", "beta", "site-a"],
    });
    const result = buildPlan(
      {
        kind: "update",
        legacy: false,
        instances: [
          { name: "acme-univ", deploymentId: null },
          { name: "site-a", deploymentId: null },
          { name: "qqqqqqq", deploymentId: null },
        ],
      },
      snapshot,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnostics).toEqual([
      {
        code: "unknown-instance",
        severity: "error",
        message:
          "unknown instance 'acme-univ' (instances/acme-univ does not exist); did you mean 'acme-university'?",
        subject: "acme-univ",
      },
      {
        code: "unknown-instance",
        severity: "error",
        message: "unknown instance 'qqqqqqq' (instances/qqqqqqq does not exist)",
        subject: "qqqqqqq",
      },
    ]);
  });

  it("suggests from the instances it has when the folder was not listed", () => {
    const snapshot = testSnapshot([testInstance("site-a")], { allNames: null });
    const result = buildPlan({ kind: "archive", instances: [{ name: "site-b" }] }, snapshot);
    expect(result.ok ? [] : result.diagnostics.map((d) => d.message)).toEqual([
      "unknown instance 'site-b' (instances/site-b does not exist); did you mean 'site-a'?",
    ]);
  });

  it("reports a named instance's own file problems rather than calling it unknown", () => {
    const problem = {
      code: "yaml-syntax" as const,
      severity: "error" as const,
      message: "bad indentation",
      file: "instances/b/config.yml",
      line: 3,
    };
    const snapshot = testSnapshot([testInstance("a")], {
      invalid: [{ instance: "b", diagnostics: [problem] }],
    });
    const result = buildPlan({ kind: "delete", instances: [{ name: "b" }] }, snapshot);
    expect(result.ok ? [] : result.diagnostics).toEqual([problem]);
  });
});

const update: Directive = {
  kind: "update",
  legacy: false,
  instances: [
    { name: "b", deploymentId: "1" },
    { name: "a", deploymentId: null },
  ],
};

describe("snapshotNeeds", () => {
  it("needs nothing for none and infrastructure", () => {
    expect(snapshotNeeds([{ kind: "none" }])).toEqual({ names: [], all: false });
    expect(snapshotNeeds([{ kind: "infrastructure", text: "x" }])).toEqual({
      names: [],
      all: false,
    });
    expect(snapshotNeeds([])).toEqual({ names: [], all: false });
  });

  it("needs the named instances of create, update, archive and delete, in order", () => {
    expect(snapshotNeeds([update])).toEqual({ names: ["b", "a"], all: false });
    expect(
      snapshotNeeds([
        { kind: "create", legacy: true, instances: [{ name: "c", deploymentId: null }] },
      ]),
    ).toEqual({ names: ["c"], all: false });
    expect(snapshotNeeds([{ kind: "archive", instances: [{ name: "x" }] }])).toEqual({
      names: ["x"],
      all: false,
    });
    expect(snapshotNeeds([{ kind: "delete", instances: [{ name: "y" }] }])).toEqual({
      names: ["y"],
      all: false,
    });
  });

  it("needs every instance for a batch", () => {
    expect(snapshotNeeds([{ kind: "batch-upgrade", targets: [] }]).all).toBe(true);
    expect(snapshotNeeds([{ kind: "batch-upgrade-to", commit: "abcdef1", targets: [] }]).all).toBe(
      true,
    );
  });

  it("unions several commits without repeating names", () => {
    expect(
      snapshotNeeds([
        update,
        { kind: "none" },
        { kind: "archive", instances: [{ name: "a" }, { name: "d" }] },
        { kind: "batch-upgrade", targets: [{ repository: "*", version: "*" }] },
      ]),
    ).toEqual({ names: ["b", "a", "d"], all: true });
  });
});
