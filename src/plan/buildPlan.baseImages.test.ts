import { describe, it, expect } from "vitest";
import type { Directive } from "../commit/directive.js";
import type { RepoSnapshot } from "../repo/snapshot.js";
import type { Plan } from "./plan.js";
import { NOOP_REASONS } from "./plan.js";
import { buildPlan } from "./buildPlan.js";
import { OPENEDX, QUINCE, testInstance, testSnapshot } from "../../test/support/testSnapshot.js";

function planOf(directive: Directive, snapshot: RepoSnapshot): Plan {
  const result = buildPlan(directive, snapshot);
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join("\n"));
  return result.value;
}

describe("buildPlan for batch-upgrade-to", () => {
  const COMMIT = "0123456789abcdef0123456789abcdef01234567";
  const snapshot = testSnapshot(
    [
      testInstance("a"),
      testInstance("b", {
        repository: "git@github.com:openedx/edx-platform.git",
        version: "open-release/redwood.1",
      }),
      testInstance("c", { repository: null }),
      testInstance("d", { version: null }),
    ],
    { batch: { canary: 0 } },
  );

  it("without targets upgrades every instance with a repository, pinned to the commit", () => {
    const plan = planOf({ kind: "batch-upgrade-to", commit: COMMIT, targets: [] }, snapshot);
    const base = `base-image:openedx/edx-platform@${COMMIT}`;
    expect(plan.jobs.map((j) => [j.name, j.needs, j.stage, j.wave])).toEqual([
      [base, [], "base-image", 0],
      ["build-image:a", [base], "wave-1-build", 1],
      ["build-image:b", [base], "wave-1-build", 1],
      ["build-image:d", [base], "wave-1-build", 1],
      ["deploy:a", ["build-image:a"], "wave-1-deploy", 1],
      ["deploy:b", ["build-image:b"], "wave-1-deploy", 1],
      ["deploy:d", ["build-image:d"], "wave-1-deploy", 1],
    ]);
    expect(plan.jobs[0]?.variables).toEqual({
      AUTODEPLOY_KIND: "batch-upgrade-to",
      EDX_PLATFORM_REPOSITORY: OPENEDX,
      EDX_PLATFORM_COMMIT: COMMIT,
    });
    expect(plan.jobs.find((j) => j.name === "deploy:b")?.variables).toEqual({
      AUTODEPLOY_KIND: "batch-upgrade-to",
      INSTANCE_NAME: "b",
      EDX_PLATFORM_REPOSITORY: "git@github.com:openedx/edx-platform.git",
      EDX_PLATFORM_VERSION: "open-release/redwood.1",
      EDX_PLATFORM_COMMIT: COMMIT,
    });
    expect(plan.jobs.find((j) => j.name === "deploy:d")?.variables).toEqual({
      AUTODEPLOY_KIND: "batch-upgrade-to",
      INSTANCE_NAME: "d",
      EDX_PLATFORM_REPOSITORY: OPENEDX,
      EDX_PLATFORM_COMMIT: COMMIT,
    });
    expect(plan.skipped).toEqual([
      {
        instance: "c",
        reason:
          "instances/c/config.yml has no EDX_PLATFORM_REPOSITORY and grove-pipelines.yml sets no default",
      },
    ]);
  });

  it("with targets upgrades only the matching instances", () => {
    const plan = planOf(
      {
        kind: "batch-upgrade-to",
        commit: COMMIT,
        targets: [{ repository: "*", version: "open-release/redwood.*" }],
      },
      snapshot,
    );
    expect(plan.jobs.filter((j) => j.instance !== null).map((j) => j.name)).toEqual([
      "build-image:b",
      "deploy:b",
    ]);
    expect(plan.skipped.map((s) => s.instance)).toEqual(["a", "c", "d"]);
  });

  it("gives a noop when no instance is eligible", () => {
    const empty = testSnapshot([testInstance("c", { repository: null })]);
    const plan = planOf({ kind: "batch-upgrade-to", commit: COMMIT, targets: [] }, empty);
    expect(plan.jobs.map((j) => [j.name, j.variables.NOOP_REASON])).toEqual([
      ["noop", NOOP_REASONS.batchNothingEligible],
    ]);
    expect(plan.skipped.map((s) => s.instance)).toEqual(["c"]);
    expect(plan.stages).toEqual(["noop"]);
  });
});

describe("base-image job names", () => {
  it("keep the host when two repositories share a path", () => {
    const snapshot = testSnapshot([
      testInstance("a"),
      testInstance("b", { repository: "https://gitlab.com/openedx/edx-platform.git" }),
    ]);
    const plan = planOf(
      { kind: "batch-upgrade", targets: [{ repository: "*", version: "*" }] },
      snapshot,
    );
    expect(plan.jobs.filter((j) => j.kind === "base-image").map((j) => j.name)).toEqual([
      `base-image:github.com/openedx/edx-platform@${QUINCE}`,
      `base-image:gitlab.com/openedx/edx-platform@${QUINCE}`,
    ]);
  });

  it("are shortened to 255 characters, distinctly and deterministically", () => {
    const long = "release/" + "x".repeat(300);
    const snapshot = testSnapshot([
      testInstance("a", { version: `${long}-1` }),
      testInstance("b", { version: `${long}-2` }),
      testInstance("c", { version: "has a space\tand tab" }),
    ]);
    const directive: Directive = {
      kind: "batch-upgrade",
      targets: [{ repository: "*", version: "*" }],
    };
    const plan = planOf(directive, snapshot);
    const bases = plan.jobs.filter((j) => j.kind === "base-image");
    expect(bases).toHaveLength(3);
    for (const job of bases) expect(job.name.length).toBeLessThanOrEqual(255);
    expect(new Set(bases.map((j) => j.name)).size).toBe(3);
    expect(bases.map((j) => j.name)).toContain(
      "base-image:openedx/edx-platform@has_a_space_and_tab",
    );
    // The variable keeps the real value; only the name is shortened.
    expect(bases.map((j) => j.variables.EDX_PLATFORM_VERSION)).toContain(`${long}-1`);
    expect(planOf(directive, snapshot)).toEqual(plan);
  });
});
