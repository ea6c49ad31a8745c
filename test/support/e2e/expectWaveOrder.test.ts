import { describe, expect, it } from "vitest";
import { expectWaveOrder, wavesOf } from "./expectWaveOrder.js";
import type { ListedJob } from "./listPipelineJobs.js";
import type { StubCall } from "./readStubLog.js";

const job = (name: string, stage: string, needs: string[] = []): ListedJob => ({
  name,
  stage,
  when: "on_success",
  allowFailure: false,
  needs,
});

// Two waves: a alone, then b; one base image.
const JOBS = [
  job("base-image:x", "base-image"),
  job("build-image:a", "wave-1-build", ["base-image:x"]),
  job("deploy:a", "wave-1-deploy", ["build-image:a"]),
  job("wave-gate:2", "wave-2-gate"),
  job("build-image:b", "wave-2-build", ["base-image:x", "wave-gate:2"]),
  job("deploy:b", "wave-2-deploy", ["build-image:b"]),
];
const calls = (...jobs: string[]): StubCall[] =>
  jobs.map((j) => ({ job: j, instance: "", args: "" }));
const WAVES = [["a"], ["b"]];

describe("wavesOf", () => {
  it("reads the instances of each wave from the build stages", () => {
    expect(wavesOf(JOBS)).toEqual(WAVES);
  });
});

describe("expectWaveOrder", () => {
  it("accepts base image, then each wave's builds and deploys in turn", () => {
    const ok = calls("base-image:x", "build-image:a", "deploy:a", "build-image:b", "deploy:b");
    expect(() => expectWaveOrder(ok, JOBS, WAVES)).not.toThrow();
  });

  it("takes a build of wave 2 before the deploy of wave 1 only when builds run ahead", () => {
    const early = calls("base-image:x", "build-image:a", "build-image:b", "deploy:a", "deploy:b");
    expect(() => expectWaveOrder(early, JOBS, WAVES, 0)).toThrow(/build-image:b/);
    expect(() => expectWaveOrder(early, JOBS, WAVES, 1)).not.toThrow();
  });

  it("rejects a deploy of wave 2 before the deploy of wave 1, however far builds run ahead", () => {
    const early = calls("base-image:x", "build-image:a", "build-image:b", "deploy:b", "deploy:a");
    expect(() => expectWaveOrder(early, JOBS, WAVES, 5)).toThrow(/deploy:b/);
  });

  it("rejects a build before its base image and a deploy before its build", () => {
    const noBase = calls("build-image:a", "base-image:x", "deploy:a", "build-image:b", "deploy:b");
    expect(() => expectWaveOrder(noBase, JOBS, WAVES)).toThrow();
    const deployFirst = calls(
      "base-image:x",
      "deploy:a",
      "build-image:a",
      "build-image:b",
      "deploy:b",
    );
    expect(() => expectWaveOrder(deployFirst, JOBS, WAVES)).toThrow();
  });

  it("rejects a wave whose job never ran", () => {
    const missing = calls("base-image:x", "build-image:a", "deploy:a", "build-image:b");
    expect(() => expectWaveOrder(missing, JOBS, WAVES)).toThrow(/deploy:b/);
  });
});
