import { describe, it, expect } from "vitest";
import fc from "fast-check";
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
