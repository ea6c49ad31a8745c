import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import type { Plan } from "../plan/plan.js";
import { createPlan, updatePlan } from "../../test/support/samplePlans.js";
import { checkLimits, renderPipeline } from "./checkLimits.js";
import { gitlabRenderer, renderTerraformPipeline } from "./gitlabRenderer.js";
import { shardMeasure } from "./shardPlan.js";
import type { RenderOptions } from "./gitlabRenderer.js";
import {
  lockedPipeline,
  TERRAFORM_FILE,
  TERRAFORM_PIPELINE_VARIABLE,
  terraformOutOfShard,
} from "./terraformLock.js";
import type { YamlMapping } from "./yamlValue.js";

/*
 * GitLab holds a trigger job's resource group until the pipeline it started has finished; that
 * one pipeline cannot wait for another's lock in gitlab-ci-local, so these tests hold the files'
 * structure to it (test/e2e/terraformLock.e2e.test.ts runs them).
 */

const AUTO: RenderOptions = {
  manual: { terraformApply: false, deploy: false, archive: false, delete: false },
};
const LIMITS = { maxJobsPerPipeline: 500, maxNeedsPerJob: 50, maxYamlBytes: 4_000_000 };

type Doc = Record<string, YamlMapping>;
const load = (text: string): Doc => yaml.load(text) as Doc;

/** The generated file, and the Terraform pipeline its writer job carries. */
function render(plan: Plan, options: RenderOptions = AUTO): { doc: Doc; terraform: Doc } {
  const doc = load(gitlabRenderer.render(plan, options));
  const variables = doc["terraform-file"]?.["variables"] as Record<string, YamlMapping>;
  const text = variables[TERRAFORM_PIPELINE_VARIABLE]?.["value"];
  if (typeof text !== "string") throw new Error("no Terraform pipeline in the writer job");
  return { doc, terraform: load(text) };
}

describe("the Terraform lock of a generated pipeline", () => {
  it("triggers plan and apply as a pipeline of their own, holding the lock until it ends", () => {
    const { doc, terraform } = render(createPlan(["a"]));
    expect(doc["stages"]).toEqual(["terraform-file", "terraform", "build-image", "deploy"]);
    expect(doc["terraform"]).toEqual({
      stage: "terraform",
      needs: ["terraform-file"],
      resource_group: "terraform",
      trigger: {
        include: [{ artifact: TERRAFORM_FILE, job: "terraform-file" }],
        strategy: "depend",
      },
    });
    expect(doc["terraform-plan"]).toBeUndefined();
    expect(doc["terraform-apply"]).toBeUndefined();
    expect(doc[".grove-terraform-plan"]).toBeUndefined();
    // Work that waited for the apply waits for the whole Terraform pipeline.
    expect(doc["build-image:a"]?.["needs"]).toEqual(["terraform"]);

    expect(terraform["stages"]).toEqual(["terraform-plan", "terraform-apply"]);
    expect(Object.keys(terraform)).toEqual([
      "stages",
      ".grove-terraform-plan",
      ".grove-terraform-apply",
      "terraform-plan",
      "terraform-apply",
    ]);
    expect(terraform["terraform-apply"]?.["needs"]).toEqual(["terraform-plan"]);
    // The trigger holds the group: a job of its pipeline asking for it too would wait for ever.
    for (const job of ["terraform-plan", "terraform-apply"]) {
      expect(terraform[job]?.["resource_group"], job).toBeUndefined();
    }
  });

  it("writes the file with a fixed script line from a literal variable, without a clone", () => {
    const options = { ...AUTO, image: "tools:1", lightImage: "busybox:1.36" };
    const { doc, terraform } = render(createPlan(["a"]), options);
    expect(doc["terraform-file"]).toEqual({
      stage: "terraform-file",
      image: "busybox:1.36",
      needs: [],
      variables: {
        GIT_STRATEGY: { value: "none", expand: false },
        [TERRAFORM_PIPELINE_VARIABLE]: {
          value: expect.any(String) as unknown,
          expand: false,
        },
      },
      script: [`printf '%s' "$GROVE_TERRAFORM_PIPELINE" > terraform.yml`],
      artifacts: { paths: [TERRAFORM_FILE], expire_in: "1 week" },
    });
    // The Terraform jobs run in the jobs' image, as before.
    expect(terraform["default"]).toEqual({ image: "tools:1" });
  });

  it("keeps the Terraform pipeline, and so the lock, waiting for a person on a manual apply", () => {
    const manual = { ...AUTO.manual, terraformApply: true };
    const { terraform } = render(createPlan(["a"]), { manual });
    expect(terraform["terraform-apply"]).toMatchObject({ when: "manual", allow_failure: false });
    expect(terraform["terraform-plan"]?.["when"]).toBeUndefined();
    expect(render(createPlan(["a"])).terraform["terraform-apply"]?.["when"]).toBeUndefined();
  });

  it("leaves a plan without Terraform work as it was", () => {
    const plan = updatePlan([{ name: "a" }]);
    expect(lockedPipeline(plan)).toBeNull();
    expect(load(gitlabRenderer.render(plan, AUTO))["terraform"]).toBeUndefined();
  });

  it("counts the writer and trigger jobs against the limits, not the Terraform jobs", () => {
    const plan = createPlan(["a", "b"]);
    expect(renderPipeline(plan, AUTO, { ...LIMITS, maxJobsPerPipeline: 6 }).ok).toBe(true);
    const over = renderPipeline(plan, AUTO, { ...LIMITS, maxJobsPerPipeline: 5 });
    expect(over.ok).toBe(false);
    const text = gitlabRenderer.render(plan, AUTO);
    const bytes = Buffer.byteLength(text, "utf8");
    expect(renderPipeline(plan, AUTO, { ...LIMITS, maxYamlBytes: bytes }).ok).toBe(true);
    expect(renderPipeline(plan, AUTO, { ...LIMITS, maxYamlBytes: bytes - 1 }).ok).toBe(false);
    expect(checkLimits(text, [], LIMITS)).toEqual([]);
  });

  it("is counted by the measure that sizes shards, which never undercounts a file", () => {
    for (const options of [AUTO, { ...AUTO, image: "tools:1", lightImage: "busybox:1.36" }]) {
      const plan = createPlan(["a", "b"]);
      const measure = shardMeasure(plan, options);
      const exact = plan.jobs.reduce((sum, job) => sum + measure.exact(job), measure.fixed);
      const bytes = Buffer.byteLength(gitlabRenderer.render(plan, options), "utf8");
      expect(exact).toBeGreaterThanOrEqual(bytes);
    }
  });
});

describe("the Terraform work of a sharded batch's first shard", () => {
  it("comes out of the shard as a plan of its own; needs on it are dropped", () => {
    const plan = createPlan(["a"]);
    const { shard, terraform } = terraformOutOfShard(plan);
    expect(shard.jobs.map((j) => j.name)).toEqual(["build-image:a", "deploy:a"]);
    expect(shard.jobs[0]?.needs).toEqual([]);
    expect(shard.stages).toEqual(["build-image", "deploy"]);
    expect(terraform?.jobs.map((j) => j.name)).toEqual(["terraform-plan", "terraform-apply"]);
    expect(terraform?.stages).toEqual(["terraform-plan", "terraform-apply"]);
    // Rendered on its own, it is the Terraform pipeline itself, not a lock around it.
    const file = load(renderTerraformPipeline(terraform ?? plan, AUTO));
    expect(Object.keys(file)).toContain("terraform-apply");
    expect(file["terraform"]).toBeUndefined();
  });

  it("leaves a shard without Terraform work as it was", () => {
    const plan = updatePlan([{ name: "a" }]);
    expect(terraformOutOfShard(plan)).toEqual({ shard: plan, terraform: null });
  });
});
