import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { settingsJsonSchema } from "./settingsJsonSchema.js";

/*
 * The shipped JSON Schema of grove-pipelines.yml: what the build writes is what the settings
 * schema gives, and a JSON Schema validator (as an editor uses) accepts real settings files and
 * rejects the mistakes the command rejects.
 */

const root = new URL("../../", import.meta.url);
const read = (rel: string) => readFileSync(new URL(rel, root), "utf8");
const validate = new Ajv({ allErrors: true }).compile(settingsJsonSchema());

/** The settings example of SPEC.md (every key), as an operator would write it. */
const SPEC_EXAMPLE = `
instancesDir: instances
templates: ci/grove-templates.yml
image: registry.example.com/grove/tools:1.2
defaults:
  EDX_PLATFORM_REPOSITORY: https://github.com/openedx/edx-platform.git
manual:
  terraformApply: false
  deploy: false
deployBranches: [main]
batch:
  canary: 1
  canaryInstances: []
  waveSize: 25
limits:
  maxJobsPerPipeline: 500
  maxNeedsPerJob: 50
  maxYamlBytes: 1048576
`;

describe("the settings JSON Schema", () => {
  it("is the file the package ships (npm run build writes it)", () => {
    expect(JSON.parse(read("dist/grove-pipelines.schema.json"))).toEqual(settingsJsonSchema());
    const pkg = JSON.parse(read("package.json")) as { exports: Record<string, unknown> };
    expect(pkg.exports["./schema.json"]).toBe("./dist/grove-pipelines.schema.json");
  });

  it("accepts the example cluster's settings, the SPEC example and an empty file", () => {
    for (const text of [read("examples/cluster/grove-pipelines.yml"), SPEC_EXAMPLE, "{}"]) {
      expect(validate(yaml.load(text)), JSON.stringify(validate.errors)).toBe(true);
    }
  });

  it("rejects an unknown key, a misspelt nested key and a wrong type", () => {
    expect(validate({ instanceDir: "instances" })).toBe(false);
    expect(validate({ batch: { wavesize: 3 } })).toBe(false);
    expect(validate({ batch: { waveSize: 0 } })).toBe(false);
    expect(validate({ deploymentTier: "live" })).toBe(false);
    expect(validate({ deploymentTier: "staging" })).toBe(true);
    expect(validate({ manual: { deploy: "yes" } })).toBe(false);
    expect(validate.errors?.[0]?.instancePath).toBe("/manual/deploy");
  });
});
