import { describe, it, expect } from "vitest";
import type { Directive } from "../commit/directive.js";
import { buildPlan } from "./buildPlan.js";
import { explainInstance } from "./explainInstance.js";
import {
  disabledInstance,
  OPENEDX,
  QUINCE,
  testInstance,
  testSnapshot,
} from "../../test/support/testSnapshot.js";

const snapshot = testSnapshot(
  [
    testInstance("acme-university"),
    testInstance("beta", { repository: "git@github.com:openedx/edx-platform.git" }),
    disabledInstance("gamma", { groveFile: "instances/gamma/grove.yml" }),
    testInstance("delta", { version: null }),
    testInstance("epsilon", {
      version: "open-release/redwood.1",
      groveFile: "instances/epsilon/grove.yml",
      batchUpgradeDisabledRaw: "no",
    }),
    testInstance("zeta", { version: "open-release/olive.2" }),
  ],
  {
    batch: { canary: 1, waveSize: 25 },
    invalid: [
      {
        instance: "broken",
        diagnostics: [
          {
            code: "yaml-syntax",
            severity: "error",
            message: "bad indentation of a mapping entry",
            file: "instances/broken/config.yml",
            line: 4,
            fileColumn: 3,
          },
        ],
      },
    ],
  },
);

const batch: Directive = {
  kind: "batch-upgrade",
  targets: [
    { repository: "https://github.com/openedx/edx-platform", version: QUINCE },
    { repository: "*", version: "open-release/olive.*" },
  ],
};

describe("explainInstance for a batch", () => {
  it("walks through values, targets, the disabled flag and the wave of an included instance", () => {
    expect(explainInstance("beta", batch, snapshot)).toEqual({
      included: true,
      lines: [
        `batch upgrade of instances matching https://github.com/openedx/edx-platform|${QUINCE}, *|open-release/olive.*`,
        "EDX_PLATFORM_REPOSITORY: git@github.com:openedx/edx-platform.git (instances/beta/config.yml)",
        "normalised repository: github.com/openedx/edx-platform",
        `EDX_PLATFORM_VERSION: ${QUINCE} (instances/beta/config.yml)`,
        `target https://github.com/openedx/edx-platform|${QUINCE}: repository github.com/openedx/edx-platform vs github.com/openedx/edx-platform: match; version ${QUINCE} vs ${QUINCE}: match => matches`,
        `target *|open-release/olive.*: repository * vs github.com/openedx/edx-platform: match; version open-release/olive.* vs ${QUINCE}: no match`,
        "BATCH_UPGRADE_DISABLED: not set (the instance has no grove.yml)",
        "included: upgraded in wave 2",
      ],
      suggestions: [],
    });
  });

  it("calls the first wave the canary", () => {
    const lines = explainInstance("acme-university", batch, snapshot).lines;
    expect(lines[lines.length - 1]).toBe("included: upgraded in wave 1 (canary)");
  });

  it("says where BATCH_UPGRADE_DISABLED comes from", () => {
    const explanation = explainInstance("gamma", batch, snapshot);
    expect(explanation.included).toBe(false);
    expect(explanation.lines.slice(-2)).toEqual([
      "BATCH_UPGRADE_DISABLED: yes in instances/gamma/grove.yml, which counts as true: batch upgrades leave the instance alone",
      "not included: BATCH_UPGRADE_DISABLED is true in instances/gamma/grove.yml",
    ]);
  });

  it("shows a false flag and a version that matches no target", () => {
    const explanation = explainInstance("epsilon", batch, snapshot);
    expect(explanation.included).toBe(false);
    expect(explanation.lines.slice(-2)).toEqual([
      "BATCH_UPGRADE_DISABLED: no in instances/epsilon/grove.yml, which counts as false",
      `not included: runs ${OPENEDX}|open-release/redwood.1, which matches no target`,
    ]);
  });

  it("says when a value is missing, and when a default fills it", () => {
    const missing = explainInstance("delta", batch, snapshot);
    expect(missing.included).toBe(false);
    expect(missing.lines).toContain(
      "EDX_PLATFORM_VERSION: missing (instances/delta/config.yml has none and grove-pipelines.yml sets no default)",
    );
    const withDefault = testSnapshot([testInstance("delta", { version: null })], {
      defaults: { EDX_PLATFORM_VERSION: QUINCE },
    });
    const quinceOnly: Directive = {
      kind: "batch-upgrade",
      targets: [{ repository: "*", version: QUINCE }],
    };
    const filled = explainInstance("delta", quinceOnly, withDefault);
    expect(filled.included).toBe(true);
    expect(filled.lines).toContain(
      `EDX_PLATFORM_VERSION: ${QUINCE} (default from grove-pipelines.yml; instances/delta/config.yml has none)`,
    );
  });

  it("agrees with buildPlan on which instances get jobs", () => {
    const plan = buildPlan(batch, snapshot);
    expect(plan.ok && plan.value.jobs.some((j) => j.instance === "zeta")).toBe(true);
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    const deployed = new Set(
      plan.value.jobs.flatMap((j) => (j.kind === "deploy" ? [j.instance] : [])),
    );
    for (const name of snapshot.instances.keys()) {
      expect(explainInstance(name, batch, snapshot).included).toBe(deployed.has(name));
    }
  });

  it("reports that the whole batch fails when a target matches nothing", () => {
    const bad: Directive = {
      kind: "batch-upgrade",
      targets: [
        { repository: "*", version: QUINCE },
        { repository: "*", version: "nope" },
      ],
    };
    const explanation = explainInstance("beta", bad, snapshot);
    expect(explanation.included).toBe(false);
    expect(explanation.lines[explanation.lines.length - 1]).toMatch(
      /^but the plan fails: batch target '\*\|nope' matches no instance/,
    );
    const left = explainInstance("epsilon", bad, snapshot).lines;
    expect(left.slice(-2).map((l) => l.slice(0, 30))).toEqual([
      "not included: runs https://git",
      "but the plan fails: batch targ",
    ]);
  });

  it("explains UpgradeTo without targets", () => {
    const to: Directive = { kind: "batch-upgrade-to", commit: "abcdef1", targets: [] };
    const explanation = explainInstance("delta", to, snapshot);
    expect(explanation.included).toBe(true);
    expect(explanation.lines).toContain("no targets: every instance with a repository matches");
    expect(explanation.lines[0]).toBe(
      "batch upgrade to commit abcdef1 of every instance with a repository",
    );
  });

  it("shows the problems of an instance that could not be read", () => {
    expect(explainInstance("broken", batch, snapshot)).toEqual({
      included: false,
      lines: [
        "instances/broken could not be read:",
        "  instances/broken/config.yml:4:3: bad indentation of a mapping entry",
      ],
      suggestions: [],
    });
  });
});

describe("explainInstance for other directives", () => {
  const update: Directive = {
    kind: "update",
    legacy: false,
    instances: [
      { name: "beta", deploymentId: "42" },
      { name: "gamma", deploymentId: null },
    ],
  };

  it("says that a named instance is included, with its id and jobs", () => {
    expect(explainInstance("beta", update, snapshot)).toEqual({
      included: true,
      lines: [
        "the update directive names 'beta' with DEPLOYMENT_REQUEST_ID 42",
        "jobs: build-image:beta, then deploy:beta",
      ],
      suggestions: [],
    });
  });

  it("says that an instance the directive does not name is left alone", () => {
    expect(explainInstance("delta", update, snapshot)).toEqual({
      included: false,
      lines: ["the update directive names beta, gamma; 'delta' is not among them"],
      suggestions: [],
    });
  });

  it("notes that another unknown name makes the whole plan fail", () => {
    const archive: Directive = { kind: "archive", instances: [{ name: "beta" }, { name: "nope" }] };
    const explanation = explainInstance("beta", archive, snapshot);
    expect(explanation.included).toBe(false);
    expect(explanation.lines).toEqual([
      "the archive directive names 'beta'",
      "job: archive:beta",
      "but the plan fails: unknown instance 'nope' (instances/nope does not exist)",
    ]);
  });

  it("explains create, none and infrastructure", () => {
    const create: Directive = {
      kind: "create",
      legacy: true,
      instances: [{ name: "beta", deploymentId: null }],
    };
    expect(explainInstance("beta", create, snapshot).lines).toEqual([
      "the create directive names 'beta'",
      "jobs: build-image:beta after terraform-apply, then deploy:beta",
    ]);
    expect(explainInstance("beta", { kind: "none" }, snapshot).included).toBe(false);
    expect(explainInstance("beta", { kind: "infrastructure", text: "x" }, snapshot)).toEqual({
      included: false,
      lines: ["an Infrastructure directive runs Terraform only; no instance has jobs"],
      suggestions: [],
    });
  });

  it("suggests names for an instance that does not exist", () => {
    expect(explainInstance("acme-univ", update, snapshot)).toEqual({
      included: false,
      lines: ["instances/acme-univ does not exist, so no plan touches 'acme-univ'"],
      suggestions: ["acme-university"],
    });
  });
});

describe("explainInstance with .grove-verify", () => {
  const verified = { ...snapshot, verify: true };

  it("lists the deploy's check after the kind's chain, and none for a removal", () => {
    const update: Directive = {
      kind: "update",
      legacy: false,
      instances: [{ name: "beta", deploymentId: null }],
    };
    expect(explainInstance("beta", update, verified).lines).toContain(
      "jobs: build-image:beta, then deploy:beta, then verify:beta",
    );
    const archive: Directive = { kind: "archive", instances: [{ name: "beta" }] };
    expect(explainInstance("beta", archive, verified).lines).toContain("job: archive:beta");
  });

  it("says which wave waits for a batch instance's check", () => {
    const batch: Directive = {
      kind: "batch-upgrade",
      targets: [{ repository: OPENEDX, version: QUINCE }],
    };
    const lines = (name: string) => explainInstance(name, batch, verified).lines;
    expect(lines("acme-university")).toContain(
      "verify:acme-university checks the deploy (the template .grove-verify); wave 2 waits for it",
    );
    expect(lines("beta")).toContain("verify:beta checks the deploy (the template .grove-verify)");
  });
});
