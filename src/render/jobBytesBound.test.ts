import fc from "fast-check";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS } from "../repo/settings.js";
import type { PlanJob } from "../plan/plan.js";
import { DUMP_OPTIONS, renderJob } from "./gitlabRenderer.js";
import { jobBytesBound } from "./jobBytesBound.js";
import { batchPlan, JOB_KINDS } from "../../test/support/samplePlans.js";
import { keyBytesBound, yamlBytesBound } from "./yamlBytesBound.js";

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
});

const optionsArb = fc.record({
  manual: fc.record({ terraformApply: fc.boolean(), deploy: fc.boolean() }),
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
    const options = { manual: { terraformApply: true, deploy: true } };
    for (const job of batchPlan([["site-a-long-instance-name-of-forty-chars"], ["site-b", "c"]])
      .jobs) {
      expect(jobBytesBound(job, options), job.name).toBeLessThan(maxYamlBytes / maxJobsPerPipeline);
    }
  });
});
