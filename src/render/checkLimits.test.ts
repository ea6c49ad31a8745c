import fc from "fast-check";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import type { PlanJob } from "../plan/plan.js";
import { DEFAULT_SETTINGS } from "../repo/settings.js";
import { batchPlan } from "../../test/support/samplePlans.js";
import { DEPLOYMENT_TIERS } from "../repo/environments.js";
import { JOB_KINDS } from "../../test/support/samplePlans.js";
import {
  checkLimits,
  jobBytesBound,
  keyBytesBound,
  renderPipeline,
  scalarBytesBound,
} from "./checkLimits.js";
import type { JobShape } from "./checkLimits.js";
import { DUMP_OPTIONS, gitlabRenderer, renderJob } from "./gitlabRenderer.js";
import type { YamlValue } from "./yamlValue.js";

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

const OPTIONS = { manual: { terraformApply: false, deploy: false, archive: false, delete: false } };

describe("renderPipeline", () => {
  it("returns the rendered pipeline when it fits GitLab's limits", () => {
    const plan = batchPlan([["a"], ["b"]]);
    const result = renderPipeline(plan, OPTIONS, DEFAULT_SETTINGS.limits);
    expect(result).toEqual({ ok: true, value: gitlabRenderer.render(plan, OPTIONS), warnings: [] });
  });

  it("does not count a wave gate's plan needs, which are not rendered", () => {
    const wave1 = Array.from({ length: 60 }, (_, i) => `i${i}`);
    const plan = batchPlan([wave1, ["z"]]);
    expect(plan.jobs.find((j) => j.kind === "wave-gate")?.needs).toHaveLength(60);
    expect(renderPipeline(plan, OPTIONS, DEFAULT_SETTINGS.limits).ok).toBe(true);
  });

  it("reports every limit the pipeline exceeds", () => {
    const plan = batchPlan([["a", "b", "c"]]);
    const result = renderPipeline(plan, OPTIONS, {
      maxJobsPerPipeline: 5,
      maxNeedsPerJob: 50,
      maxYamlBytes: 500,
    });
    expect(result.ok ? [] : result.diagnostics.map((d) => d.keyPath)).toEqual([
      "limits.maxJobsPerPipeline",
      "limits.maxYamlBytes",
    ]);
  });

  it("checks the preview pipeline, not the plan, when previewing", () => {
    const plan = batchPlan([["a", "b", "c"]]);
    const preview = { reason: "not on a deploy branch", summary: ["deploy:a"] };
    const result = renderPipeline(
      plan,
      { ...OPTIONS, preview },
      { ...DEFAULT_SETTINGS.limits, maxJobsPerPipeline: 1 },
    );
    expect(result.ok).toBe(true);
    if (result.ok) expect(Object.keys(yaml.load(result.value) as object)).toContain("preview");
  });
});

/**
 * The generic bound of any value written `depth` levels deep (0 for a top-level key's value):
 * each scalar charged a line of its own, as the bounds in checkLimits.ts are; jobBytesBound is
 * this bound worked out for the mapping renderJob writes.
 */
function yamlBytesBound(value: YamlValue, depth: number): number {
  const lineCost = 4 * depth + 4;
  if (typeof value === "string") return scalarBytesBound(value, depth) + lineCost;
  if (typeof value === "number" || typeof value === "boolean" || value === null) {
    return String(value).length + 4 + lineCost;
  }
  const entries: [string | null, YamlValue][] = Array.isArray(value)
    ? value.map((item: YamlValue) => [null, item])
    : Object.entries(value);
  // `[]` or `{}` on the key's line.
  if (entries.length === 0) return 2 + lineCost;
  let sum = 0;
  for (const [key, item] of entries) {
    if (key !== null) sum += keyBytesBound(key, depth + 1);
    sum += yamlBytesBound(item, depth + 1);
  }
  return sum;
}

const dumpedBytes = (key: string, value: YamlValue): number =>
  Buffer.byteLength(yaml.dump(Object.fromEntries([[key, value]]), DUMP_OPTIONS), "utf8");

// Text that makes js-yaml quote, escape or use block scalars: quotes, YAML indicators, line
// breaks, control characters, non-ASCII and astral characters, and words it reads as other types.
const awkward = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({
    unit: fc.constantFrom(
      "'",
      '"',
      ":",
      "#",
      "-",
      " ",
      "\n",
      "\t",
      "\\",
      "é",
      "😀",
      "a",
      "\u0085",
      "\u2028",
    ),
    maxLength: 30,
  }),
  fc.constantFrom(
    "",
    "yes",
    "on",
    "null",
    "~",
    "1.0",
    "0x1F",
    "2024-01-01",
    "- a",
    "'",
    "a: b",
    "|",
    ">",
  ),
  // Long runs of what escapes or indents worst.
  fc.constantFrom("\x01".repeat(50), "😀".repeat(30), "\n".repeat(40), "é\n".repeat(20)),
);

const value = fc.letrec<{ value: YamlValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    awkward,
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 4 }),
    fc
      .dictionary(awkward, tie("value"), { maxKeys: 4 })
      .map((d) => Object.fromEntries(Object.entries(d))),
  ),
})).value;

describe("the generic byte bound of scalars, keys and any value", () => {
  it("is never below what js-yaml writes, for any key and value", () => {
    fc.assert(
      fc.property(awkward, value, (key, v) => {
        expect(dumpedBytes(key, v)).toBeLessThanOrEqual(
          keyBytesBound(key, 0) + yamlBytesBound(v, 0),
        );
      }),
      { numRuns: 400 },
    );
  });

  it("stays close to the real size for a typical job entry", () => {
    const job = {
      extends: ".grove-deploy",
      stage: "wave-3-deploy",
      needs: ["build-image:site-0042"],
      variables: {
        EDX_PLATFORM_REPOSITORY: {
          value: "https://github.com/openedx/edx-platform.git",
          expand: false,
        },
        INSTANCE_NAME: { value: "site-0042", expand: false },
      },
      environment: { name: "site-0042" },
    };
    const real = dumpedBytes("deploy:site-0042", job);
    const bound = keyBytesBound("deploy:site-0042", 0) + yamlBytesBound(job, 0);
    expect(bound).toBeGreaterThanOrEqual(real);
    // Loose enough to be safe, tight enough that default limits never need the exact count.
    expect(bound).toBeLessThan(2 * real);
  });

  it("counts quotes and escapes of a scalar", () => {
    expect(scalarBytesBound("plain", 1)).toBe(7);
    expect(scalarBytesBound("it's", 1)).toBe(4 + 2 + 1);
    expect(scalarBytesBound("a\nb", 2)).toBeGreaterThanOrEqual(
      Buffer.byteLength(yaml.dump("a\nb")),
    );
  });
});

const text = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.constantFrom("https://github.com/openedx/edx-platform.git", "it's", "a: b", "\n\n", "yes"),
);

const jobArb: fc.Arbitrary<PlanJob> = fc.record({
  name: fc.string({ minLength: 1, maxLength: 60 }),
  kind: fc.constantFrom(...JOB_KINDS),
  instance: fc.option(fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}$/), { nil: null }),
  needs: fc.array(text, { maxLength: 4 }),
  variables: fc.dictionary(fc.stringMatching(/^[A-Z_]{1,20}$/), text, { maxKeys: 6 }),
  stage: text,
  wave: fc.option(fc.nat(50), { nil: null }),
  environment: fc.option(
    fc.record({
      url: fc.option(
        fc.constantFrom("https://courses.example.com", "https://lms.example.org:8000"),
        {
          nil: null,
        },
      ),
      tier: fc.constantFrom(...DEPLOYMENT_TIERS),
    }),
    { nil: undefined },
  ),
});

const optionsArb = fc.record({
  manual: fc.record({
    terraformApply: fc.boolean(),
    deploy: fc.boolean(),
    archive: fc.boolean(),
    delete: fc.boolean(),
  }),
  lightImage: fc.option(fc.constantFrom("busybox:1.36", "registry.example.com/a/b:c"), {
    nil: null,
  }),
  waves: fc.option(
    fc.record({
      pauseAfterCanary: fc.boolean(),
      bakeTime: fc.option(fc.constantFrom("30 minutes", "1 hour", "7 days"), { nil: null }),
    }),
    { nil: undefined },
  ),
});

describe("jobBytesBound", () => {
  it("is at least the generic bound of the entry renderJob writes, and so at least its bytes", () => {
    fc.assert(
      fc.property(jobArb, optionsArb, (job, options) => {
        const mapping = renderJob(job, options);
        const generic = keyBytesBound(job.name, 0) + yamlBytesBound(mapping, 0);
        const written = Buffer.byteLength(
          yaml.dump(Object.fromEntries([[job.name, mapping]]), DUMP_OPTIONS),
          "utf8",
        );
        const bound = jobBytesBound(job, options);
        expect(bound).toBeGreaterThanOrEqual(generic);
        expect(bound).toBeGreaterThanOrEqual(written);
      }),
      { numRuns: 500 },
    );
  });

  it("lets a pipeline of the default job limit fit the default byte limit by bounds alone", () => {
    // So that sharding with default limits never needs to serialize a job to measure it.
    const { maxJobsPerPipeline, maxYamlBytes } = DEFAULT_SETTINGS.limits;
    const options = { manual: { terraformApply: true, deploy: true, archive: true, delete: true } };
    for (const job of batchPlan([["site-a-long-instance-name-of-forty-chars"], ["site-b", "c"]])
      .jobs) {
      expect(jobBytesBound(job, options), job.name).toBeLessThan(maxYamlBytes / maxJobsPerPipeline);
    }
  });
});
