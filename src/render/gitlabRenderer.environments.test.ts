import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import type { Plan, PlanJob } from "../plan/plan.js";
import { BUILTIN_TEMPLATES } from "../repo/templates.js";
import { gitlabRenderer } from "./gitlabRenderer.js";
import type { RenderOptions } from "./gitlabRenderer.js";
import { removalPlan, updatePlan } from "../../test/support/samplePlans.js";
import type { YamlMapping } from "./yamlValue.js";

/** The jobs that start, stop and check an instance's GitLab environment, as the renderer writes them. */

const templates = new Map([...BUILTIN_TEMPLATES.jobs, [".grove-verify", { script: ["./check"] }]]);
const OPTIONS: RenderOptions = {
  manual: { terraformApply: false, deploy: false, archive: false, delete: false },
  templates: { jobs: templates },
};

function first(plan: Plan): PlanJob {
  const [job] = plan.jobs.filter((j) => j.kind !== "build-image");
  if (job === undefined) throw new Error("the sample plan has the job");
  return job;
}

const environment = { url: "https://a.example.com:8000", tier: "staging" } as const;
const deploy: PlanJob = { ...first(updatePlan([{ name: "a" }])), environment };
const verify: PlanJob = {
  ...deploy,
  name: "verify:a",
  kind: "verify",
  needs: ["deploy:a"],
  stage: "verify",
};
const archive: PlanJob = { ...first(removalPlan("archive", ["a"])), environment };
const plan: Plan = {
  ...updatePlan([]),
  jobs: [deploy, verify, archive],
  stages: ["deploy", "verify", "archive"],
};
const text = gitlabRenderer.render(plan, OPTIONS);
const doc = yaml.load(text) as Record<string, YamlMapping>;

describe("environments and verify jobs", () => {
  it("links a deployed environment to its LMS and gives it the plan's tier", () => {
    expect(doc["deploy:a"]?.["environment"]).toEqual({
      name: "a",
      url: "https://a.example.com:8000",
      deployment_tier: "staging",
    });
    expect(text).toContain(
      "  environment:\n    name: a\n    url: https://a.example.com:8000\n    deployment_tier: staging\n",
    );
  });

  it("stops the environment on archive and delete, with its tier and no link", () => {
    expect(doc["archive:a"]?.["environment"]).toEqual({
      name: "a",
      action: "stop",
      deployment_tier: "staging",
    });
  });

  it("leaves url out when the instance has no host name, and the tier when the plan has none", () => {
    const bare = { ...deploy, environment: { url: null, tier: "production" } } as const;
    const none: PlanJob = { ...deploy, environment: undefined };
    const rendered = yaml.load(
      gitlabRenderer.render({ ...plan, jobs: [bare], stages: ["deploy"] }, OPTIONS),
    ) as Record<string, YamlMapping>;
    expect(rendered["deploy:a"]?.["environment"]).toEqual({
      name: "a",
      deployment_tier: "production",
    });
    const older = yaml.load(
      gitlabRenderer.render({ ...plan, jobs: [none], stages: ["deploy"] }, OPTIONS),
    ) as Record<string, YamlMapping>;
    expect(older["deploy:a"]?.["environment"]).toEqual({ name: "a" });
  });

  it("writes a verify job that extends the cluster's .grove-verify and changes nothing", () => {
    expect(doc[".grove-verify"]).toEqual({ script: ["./check"] });
    // A check holds no resource group and deploys nothing: it verifies the environment.
    expect(doc["verify:a"]).toEqual({
      extends: ".grove-verify",
      stage: "verify",
      needs: ["deploy:a"],
      variables: {
        AUTODEPLOY_KIND: { value: "update", expand: false },
        INSTANCE_NAME: { value: "a", expand: false },
      },
      environment: {
        name: "a",
        url: "https://a.example.com:8000",
        action: "verify",
        deployment_tier: "staging",
      },
    });
  });
});
