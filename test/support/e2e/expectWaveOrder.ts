import { expect } from "vitest";
import { callIndex } from "./callIndex.js";
import type { ListedJob } from "./listPipelineJobs.js";
import type { StubCall } from "./readStubLog.js";

const WAVE_STAGE = /^wave-(\d+)-build$/;

/**
 * The instances of each wave, in wave order, as the generated file places their build jobs
 * (stage `wave-N-build`). Instances within a wave are sorted.
 */
export function wavesOf(jobs: readonly ListedJob[]): string[][] {
  const waves = new Map<number, string[]>();
  for (const job of jobs) {
    const wave = WAVE_STAGE.exec(job.stage)?.[1];
    if (wave === undefined || !job.name.startsWith("build-image:")) continue;
    const members = waves.get(Number(wave)) ?? [];
    members.push(job.name.slice("build-image:".length));
    waves.set(Number(wave), members);
  }
  return [...waves.entries()].sort(([a], [b]) => a - b).map(([, names]) => names.sort());
}

/**
 * What a batch run must show in the stub log: each build after the base image it needs, each
 * deploy after its own build, every deploy of a wave after every deploy of the wave before, and
 * no build of wave k before every deploy of wave k − 1 − `buildAhead` (the setting
 * `batch.buildAhead`, 2 by default).
 */
export function expectWaveOrder(
  calls: readonly StubCall[],
  jobs: readonly ListedJob[],
  waves: readonly (readonly string[])[],
  buildAhead = 2,
): void {
  for (const name of waves.flat()) {
    const build = jobs.find((j) => j.name === `build-image:${name}`);
    const bases = (build?.needs ?? []).filter((n) => n.startsWith("base-image:"));
    expect(bases, `build-image:${name} needs one base image`).toHaveLength(1);
    const own = callIndex(calls, `build-image:${name}`);
    expect(own).toBeGreaterThan(callIndex(calls, bases[0] ?? ""));
    expect(callIndex(calls, `deploy:${name}`)).toBeGreaterThan(own);
  }
  const lastDeploy = (wave: number) =>
    Math.max(...(waves[wave] ?? []).map((n) => callIndex(calls, `deploy:${n}`)));
  for (let k = 1; k < waves.length; k++) {
    for (const name of waves[k] ?? []) {
      expect(callIndex(calls, `deploy:${name}`), `deploy:${name}`).toBeGreaterThan(
        lastDeploy(k - 1),
      );
      if (k - 1 - buildAhead < 0) continue;
      expect(callIndex(calls, `build-image:${name}`), `build-image:${name}`).toBeGreaterThan(
        lastDeploy(k - 1 - buildAhead),
      );
    }
  }
}
