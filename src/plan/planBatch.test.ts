import { describe, it, expect } from "vitest";
import fc from "fast-check";
import type { Directive } from "../commit/directive.js";
import { OPENEDX, QUINCE, testInstance, testSnapshot } from "../../test/support/testSnapshot.js";
import { buildPlan } from "./buildPlan.js";
import { planWaves } from "./planBatch.js";

const names = (n: number): string[] =>
  Array.from({ length: n }, (_, i) => `site-${String(i).padStart(2, "0")}`);

describe("planWaves", () => {
  it("puts the first instance alone in a canary wave, then waves of waveSize", () => {
    expect(planWaves(names(6), { canary: 1, canaryInstances: [], waveSize: 2 })).toEqual([
      ["site-00"],
      ["site-01", "site-02"],
      ["site-03", "site-04"],
      ["site-05"],
    ]);
  });

  it("uses the named canaries in the settings' order, topped up to canary", () => {
    expect(
      planWaves(names(5), { canary: 3, canaryInstances: ["site-04", "site-02"], waveSize: 25 }),
    ).toEqual([
      ["site-04", "site-02", "site-00"],
      ["site-01", "site-03"],
    ]);
  });

  it("keeps every selected named canary even beyond canary", () => {
    expect(
      planWaves(names(4), { canary: 1, canaryInstances: ["site-03", "site-01"], waveSize: 25 }),
    ).toEqual([
      ["site-03", "site-01"],
      ["site-00", "site-02"],
    ]);
  });

  it("ignores named canaries that are not selected and tops up instead", () => {
    expect(
      planWaves(names(3), { canary: 1, canaryInstances: ["elsewhere"], waveSize: 25 }),
    ).toEqual([["site-00"], ["site-01", "site-02"]]);
  });

  it("has no canary wave for canary 0 without canaryInstances", () => {
    expect(planWaves(names(3), { canary: 0, canaryInstances: [], waveSize: 2 })).toEqual([
      ["site-00", "site-01"],
      ["site-02"],
    ]);
  });

  it("makes no waves for nothing", () => {
    expect(planWaves([], { canary: 1, canaryInstances: ["x"], waveSize: 25 })).toEqual([]);
  });

  it("places every selected instance exactly once, no wave larger than allowed", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: 1, max: 10 }),
        fc.array(fc.integer({ min: 0, max: 70 }), { maxLength: 4 }),
        (count, canary, waveSize, canaryIdx) => {
          const selected = names(count);
          const canaryInstances = canaryIdx.map((i) => `site-${String(i).padStart(2, "0")}`);
          const waves = planWaves(selected, { canary, canaryInstances, waveSize });
          expect(waves.flat().sort()).toEqual(selected);
          for (const wave of waves) expect(wave.length).toBeGreaterThan(0);
          const hasCanary = canary > 0 || canaryInstances.some((c) => selected.includes(c));
          const later = hasCanary && count > 0 ? waves.slice(1) : waves;
          for (const wave of later) expect(wave.length).toBeLessThanOrEqual(waveSize);
        },
      ),
    );
  });
});

describe("planBatch with verify jobs", () => {
  const snapshot = testSnapshot(
    ["a", "b", "c"].map((name) =>
      testInstance(name, name === "b" ? { lmsHost: "b.example.com" } : {}),
    ),
    { batch: { canary: 1, waveSize: 2, buildAhead: 0 } },
  );
  const directive: Directive = {
    kind: "batch-upgrade",
    targets: [{ repository: OPENEDX, version: QUINCE }],
  };
  const plan = (verify: boolean) => {
    const result = buildPlan(directive, { ...snapshot, verify });
    if (!result.ok) throw new Error("the batch has a plan");
    return result.value;
  };

  it("checks every deploy in a stage before the next wave's gate, which waits for the checks", () => {
    const { jobs, stages } = plan(true);
    expect(stages).toEqual([
      "base-image",
      "wave-1-build",
      "wave-1-deploy",
      "wave-1-verify",
      "wave-2-gate",
      "wave-2-build",
      "wave-2-deploy",
      "wave-2-verify",
    ]);
    expect(jobs.filter((j) => j.kind === "verify")).toEqual(
      [
        ["a", 1],
        ["b", 2],
        ["c", 2],
      ].map(([name, wave]) => ({
        name: `verify:${name}`,
        kind: "verify",
        instance: name,
        needs: [`deploy:${name}`],
        variables: {
          AUTODEPLOY_KIND: "batch-upgrade",
          INSTANCE_NAME: name,
          EDX_PLATFORM_REPOSITORY: OPENEDX,
          EDX_PLATFORM_VERSION: QUINCE,
        },
        stage: `wave-${wave}-verify`,
        wave,
        environment: { url: name === "b" ? "https://b.example.com" : null, tier: "production" },
      })),
    );
    expect(jobs.find((j) => j.name === "wave-gate:2")?.needs).toEqual(["deploy:a", "verify:a"]);
  });

  it("has neither verify jobs nor their stages without the template", () => {
    const { jobs, stages } = plan(false);
    expect(jobs.some((j) => j.kind === "verify")).toBe(false);
    expect(stages.some((s) => s.endsWith("-verify"))).toBe(false);
    expect(jobs.find((j) => j.name === "wave-gate:2")?.needs).toEqual(["deploy:a"]);
  });

  it("gives each deploy and verify its instance's environment, and no other job one", () => {
    expect(
      plan(true).jobs.flatMap((j) =>
        j.environment === undefined ? [] : [[j.name, j.environment]],
      ),
    ).toEqual([
      ["deploy:a", { url: null, tier: "production" }],
      ["verify:a", { url: null, tier: "production" }],
      ["deploy:b", { url: "https://b.example.com", tier: "production" }],
      ["deploy:c", { url: null, tier: "production" }],
      ["verify:b", { url: "https://b.example.com", tier: "production" }],
      ["verify:c", { url: null, tier: "production" }],
    ]);
  });
});
