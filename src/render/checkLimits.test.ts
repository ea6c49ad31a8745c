import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS } from "../repo/settings.js";
import { checkLimits } from "./checkLimits.js";
import type { JobShape } from "./checkLimits.js";

const LIMITS = { maxJobsPerPipeline: 3, maxNeedsPerJob: 2, maxYamlBytes: 100 };

const jobs = (n: number): JobShape[] =>
  Array.from({ length: n }, (_, i) => ({ name: `job-${i}`, needs: [] }));

describe("checkLimits", () => {
  it("accepts a pipeline within every limit", () => {
    const shapes: JobShape[] = [
      { name: "a", needs: [] },
      { name: "b", needs: ["a", "c"] },
      { name: "c", needs: null },
    ];
    expect(checkLimits("x".repeat(100), shapes, LIMITS)).toEqual([]);
  });

  it("reports too many jobs with the figure, the limit and its setting", () => {
    const found = checkLimits("", jobs(4), LIMITS);
    expect(found).toEqual([
      {
        code: "limit-exceeded",
        severity: "error",
        keyPath: "limits.maxJobsPerPipeline",
        message:
          "The generated pipeline has 4 jobs; at most 3 are allowed (setting limits.maxJobsPerPipeline)",
      },
    ]);
  });

  it("counts UTF-8 bytes, not characters", () => {
    // 50 characters, 100 bytes: fits; one more character does not.
    expect(checkLimits("é".repeat(50), [], LIMITS)).toEqual([]);
    const found = checkLimits("é".repeat(50) + "x", [], LIMITS);
    expect(found.map((d) => [d.code, d.keyPath])).toEqual([
      ["limit-exceeded", "limits.maxYamlBytes"],
    ]);
    expect(found[0]?.message).toContain("101 bytes");
  });

  it("reports every job with too many needs, and ignores jobs without needs", () => {
    const shapes: JobShape[] = [
      { name: "a", needs: ["x", "y", "z"] },
      { name: "gate", needs: null },
      { name: "b", needs: ["x", "y", "z", "w"] },
    ];
    const found = checkLimits("", shapes, LIMITS);
    expect(found.map((d) => d.message)).toEqual([
      "Job a needs 3 jobs; at most 2 are allowed (setting limits.maxNeedsPerJob)",
      "Job b needs 4 jobs; at most 2 are allowed (setting limits.maxNeedsPerJob)",
    ]);
  });

  it("reports names over 255 characters and duplicate names, each on one short line", () => {
    const long = "deploy:" + "x".repeat(249);
    const found = checkLimits(
      "",
      [
        { name: long, needs: [] },
        { name: "a", needs: [] },
        { name: "a", needs: [] },
      ],
      {
        ...DEFAULT_SETTINGS.limits,
      },
    );
    expect(found.map((d) => d.code)).toEqual(["limit-exceeded", "duplicate-job"]);
    expect(found[0]?.message).toMatch(/is 256 characters long; GitLab allows at most 255$/);
    expect(found[0]?.message.length).toBeLessThan(140);
    expect(found[1]?.message).toBe("Job name a is used twice; GitLab job names must be unique");
    expect(found.every((d) => !d.message.includes("\n"))).toBe(true);
  });
});
