import { describe, it, expect } from "vitest";
import type { Directive } from "../commit/directive.js";
import type { RepoSnapshot } from "../repo/snapshot.js";
import type { Plan } from "./plan.js";
import { NOOP_REASONS } from "./plan.js";
import { buildPlan } from "./buildPlan.js";
import {
  disabledInstance,
  OPENEDX,
  QUINCE,
  testInstance,
  testSnapshot,
} from "../../test/support/testSnapshot.js";

function planOf(directive: Directive, snapshot: RepoSnapshot): Plan {
  const result = buildPlan(directive, snapshot);
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join("\n"));
  return result.value;
}

const ACME = "https://github.com/acme/edx-platform.git";
const OPENEDX_BASE = "base-image:openedx/edx-platform@open-release/quince.3";
const ACME_BASE = "base-image:acme/edx-platform@open-release/quince.2";

const cluster = testSnapshot(
  [
    testInstance("a"),
    disabledInstance("b", { repository: "git@github.com:openedx/edx-platform.git" }),
    testInstance("c", { repository: ACME, version: "open-release/quince.2" }),
    testInstance("d", { version: "open-release/redwood.1" }),
    testInstance("e", { version: null }),
    testInstance("f", { repository: "https://GitHub.com/openedx/edx-platform" }),
  ],
  {
    batch: { canary: 1, waveSize: 2 },
    invalid: [
      {
        instance: "g",
        diagnostics: [
          {
            code: "invalid-batch-upgrade-disabled",
            severity: "error",
            message: "BATCH_UPGRADE_DISABLED must be true or false, not 'maybe'",
            file: "instances/g/grove.yml",
            line: 1,
          },
        ],
      },
    ],
  },
);

const OPENEDX_TARGET = { repository: "git@github.com:openedx/edx-platform.git", version: QUINCE };
const openedxOnly: Directive = { kind: "batch-upgrade", targets: [OPENEDX_TARGET] };

const upgrade: Directive = {
  kind: "batch-upgrade",
  targets: [
    OPENEDX_TARGET,
    { repository: "https://github.com/acme/*", version: "open-release/quince.*" },
  ],
};

describe("buildPlan for batch-upgrade", () => {
  const plan = planOf(upgrade, cluster);

  it("lays out base images, a canary wave, then a gated wave whose builds run ahead", () => {
    expect(plan.jobs.map((j) => [j.name, j.needs, j.stage, j.wave])).toEqual([
      [ACME_BASE, [], "base-image", 0],
      [OPENEDX_BASE, [], "base-image", 0],
      ["build-image:a", [OPENEDX_BASE], "wave-1-build", 1],
      ["deploy:a", ["build-image:a"], "wave-1-deploy", 1],
      ["wave-gate:2", ["deploy:a"], "wave-2-gate", 2],
      // batch.buildAhead (2 by default): wave 2 builds while the canary deploys; its deploys
      // still wait for the gate.
      ["build-image:c", [ACME_BASE], "wave-2-build", 2],
      ["build-image:f", [OPENEDX_BASE], "wave-2-build", 2],
      ["deploy:c", ["build-image:c", "wave-gate:2"], "wave-2-deploy", 2],
      ["deploy:f", ["build-image:f", "wave-gate:2"], "wave-2-deploy", 2],
    ]);
    expect(plan.stages).toEqual([
      "base-image",
      "wave-1-build",
      "wave-1-deploy",
      "wave-2-gate",
      "wave-2-build",
      "wave-2-deploy",
    ]);
  });

  it("gives every job the variables its script needs", () => {
    const byName = new Map(plan.jobs.map((j) => [j.name, j]));
    expect(byName.get(OPENEDX_BASE)).toMatchObject({
      kind: "base-image",
      instance: null,
      variables: {
        AUTODEPLOY_KIND: "batch-upgrade",
        EDX_PLATFORM_REPOSITORY: OPENEDX,
        EDX_PLATFORM_VERSION: QUINCE,
      },
    });
    expect(byName.get("build-image:f")?.variables).toEqual({
      AUTODEPLOY_KIND: "batch-upgrade",
      INSTANCE_NAME: "f",
      EDX_PLATFORM_REPOSITORY: "https://GitHub.com/openedx/edx-platform",
      EDX_PLATFORM_VERSION: QUINCE,
    });
    expect(byName.get("deploy:c")?.variables).toEqual({
      AUTODEPLOY_KIND: "batch-upgrade",
      INSTANCE_NAME: "c",
      EDX_PLATFORM_REPOSITORY: ACME,
      EDX_PLATFORM_VERSION: "open-release/quince.2",
    });
    expect(byName.get("wave-gate:2")).toEqual({
      name: "wave-gate:2",
      kind: "wave-gate",
      instance: null,
      needs: ["deploy:a"],
      variables: { AUTODEPLOY_KIND: "batch-upgrade", WAVE: "2" },
      stage: "wave-2-gate",
      wave: 2,
    });
  });

  it("lists every instance left out, with the reason, by name", () => {
    expect(plan.skipped).toEqual([
      { instance: "b", reason: "BATCH_UPGRADE_DISABLED is true in instances/b/grove.yml" },
      {
        instance: "d",
        reason: `runs ${OPENEDX}|open-release/redwood.1, which matches no target`,
      },
      {
        instance: "e",
        reason:
          "instances/e/config.yml has no EDX_PLATFORM_VERSION and grove-pipelines.yml sets no default",
      },
      { instance: "g", reason: "BATCH_UPGRADE_DISABLED must be true or false, not 'maybe'" },
    ]);
  });

  it("uses the settings defaults for values config.yml lacks", () => {
    const snapshot = testSnapshot([testInstance("e", { version: null, repository: null })], {
      defaults: { EDX_PLATFORM_VERSION: QUINCE, EDX_PLATFORM_REPOSITORY: OPENEDX },
    });
    const withDefaults = planOf(openedxOnly, snapshot);
    expect(withDefaults.jobs.find((j) => j.name === "deploy:e")?.variables).toEqual({
      AUTODEPLOY_KIND: "batch-upgrade",
      INSTANCE_NAME: "e",
      EDX_PLATFORM_REPOSITORY: OPENEDX,
      EDX_PLATFORM_VERSION: QUINCE,
    });
  });

  it("is an error when a target matches no instance, listing what the cluster runs", () => {
    const result = buildPlan(
      {
        kind: "batch-upgrade",
        targets: [
          { repository: OPENEDX, version: "open-release/quince.33" },
          { repository: OPENEDX, version: QUINCE },
          { repository: "https://github.com/nobody/edx-platform", version: "*" },
        ],
      },
      cluster,
    );
    const pairs =
      "the cluster runs github.com/acme/edx-platform|open-release/quince.2, " +
      "github.com/openedx/edx-platform|open-release/quince.3, " +
      "github.com/openedx/edx-platform|open-release/redwood.1 " +
      "(1 instance could not be read and was not compared)";
    expect(result.ok ? [] : result.diagnostics).toEqual([
      {
        code: "target-matches-nothing",
        severity: "error",
        message: `batch target '${OPENEDX}|open-release/quince.33' matches no instance; ${pairs}`,
        subject: `${OPENEDX}|open-release/quince.33`,
      },
      {
        code: "target-matches-nothing",
        severity: "error",
        message: `batch target 'https://github.com/nobody/edx-platform|*' matches no instance; ${pairs}`,
        subject: "https://github.com/nobody/edx-platform|*",
      },
    ]);
  });

  it("counts a target that matches only disabled instances as matching", () => {
    const snapshot = testSnapshot([disabledInstance("x"), disabledInstance("y")]);
    const result = buildPlan(upgrade, snapshot);
    // The acme target matches nothing here, so narrow the batch to the openedx one.
    const narrowed = buildPlan(openedxOnly, snapshot);
    expect(result.ok).toBe(false);
    expect(narrowed.ok).toBe(true);
    if (!narrowed.ok) return;
    expect(narrowed.value.jobs).toEqual([
      {
        name: "noop",
        kind: "noop",
        instance: null,
        needs: [],
        variables: { AUTODEPLOY_KIND: "batch-upgrade", NOOP_REASON: NOOP_REASONS.batchAllDisabled },
        stage: "noop",
        wave: null,
      },
    ]);
    expect(narrowed.value.skipped.map((s) => s.instance)).toEqual(["x", "y"]);
  });

  it("is an error when batch.canaryInstances names a missing instance", () => {
    const snapshot = testSnapshot([testInstance("site-a"), testInstance("site-b")], {
      batch: { canaryInstances: ["site-b", "site-c"] },
    });
    const result = buildPlan(openedxOnly, snapshot);
    expect(result.ok ? [] : result.diagnostics).toEqual([
      {
        code: "unknown-canary-instance",
        severity: "error",
        message:
          "batch.canaryInstances names 'site-c', which is not an instance (instances/site-c does not exist); did you mean 'site-a' or 'site-b'?",
        file: "grove-pipelines.yml",
        keyPath: "batch.canaryInstances",
      },
    ]);
  });

  it("reports a bad target and a bad canary together", () => {
    const snapshot = testSnapshot([testInstance("a")], { batch: { canaryInstances: ["zz"] } });
    const result = buildPlan(
      { kind: "batch-upgrade", targets: [{ repository: "*", version: "nope" }] },
      snapshot,
    );
    expect(result.ok ? [] : result.diagnostics.map((d) => d.code)).toEqual([
      "target-matches-nothing",
      "unknown-canary-instance",
    ]);
  });
});
