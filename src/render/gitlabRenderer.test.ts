import fc from "fast-check";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import type { Plan } from "../plan/plan.js";
import { BUILTIN_TEMPLATES } from "../repo/templates.js";
import { GENERATED_HEADER, gitlabRenderer } from "./gitlabRenderer.js";
import { summarizePlan } from "./previewPipeline.js";
import type { RenderOptions } from "./gitlabRenderer.js";
import {
  batchPlan,
  createPlan,
  noopPlan,
  removalPlan,
  updatePlan,
} from "../../test/support/samplePlans.js";
import type { YamlMapping } from "./yamlValue.js";

const AUTO: RenderOptions = {
  manual: { terraformApply: false, deploy: false, archive: false, delete: false },
};

function render(plan: Plan, options: RenderOptions = AUTO): Record<string, YamlMapping> {
  return yaml.load(gitlabRenderer.render(plan, options)) as Record<string, YamlMapping>;
}

describe("gitlabRenderer", () => {
  it("writes stages, the used templates, then one job per plan job in plan order", () => {
    const plan = updatePlan([{ name: "site-a", id: "42" }, { name: "site-b" }]);
    const doc = render(plan);
    expect(Object.keys(doc)).toEqual([
      "stages",
      ".grove-build-image",
      ".grove-deploy",
      "build-image:site-a",
      "deploy:site-a",
      "build-image:site-b",
      "deploy:site-b",
    ]);
    expect(doc["stages"]).toEqual(["build-image", "deploy"]);
    expect(doc[".grove-deploy"]).toEqual(BUILTIN_TEMPLATES.jobs.get(".grove-deploy"));
    expect(doc["deploy:site-a"]).toEqual({
      extends: ".grove-deploy",
      stage: "deploy",
      needs: ["build-image:site-a"],
      variables: {
        AUTODEPLOY_KIND: { value: "update", expand: false },
        DEPLOYMENT_REQUEST_ID: { value: "42", expand: false },
        INSTANCE_NAME: { value: "site-a", expand: false },
      },
      resource_group: "instance-site-a",
      environment: { name: "site-a" },
    });
  });

  it("writes needs: [] for a job that needs nothing, so it does not wait for earlier stages", () => {
    const doc = render(updatePlan([{ name: "a" }]));
    expect(doc["build-image:a"]?.["needs"]).toEqual([]);
    expect(gitlabRenderer.render(updatePlan([{ name: "a" }]), AUTO)).toContain("  needs: []\n");
  });

  it("writes a wave gate without needs, so stage order makes it wait for every earlier job", () => {
    const plan = batchPlan([["a"], ["b", "c"]]);
    const gate = render(plan)["wave-gate:2"];
    expect(gate).toEqual({
      extends: ".grove-wave-gate",
      stage: "wave-2-gate",
      dependencies: [],
      variables: { WAVE: { value: "2", expand: false } },
    });
    expect(plan.jobs.find((j) => j.name === "wave-gate:2")?.needs).toEqual(["deploy:a"]);
  });

  it("stops the environment on archive and delete, in the instance's resource group", () => {
    // Terraform's lock: terraformLock.test.ts.
    const create = render(createPlan(["a"]));
    expect(create["build-image:a"]?.["resource_group"]).toBeUndefined();
    for (const kind of ["archive", "delete"] as const) {
      const job = render(removalPlan(kind, ["a"]))[`${kind}:a`];
      expect(job?.["resource_group"]).toBe("instance-a");
      expect(job?.["environment"]).toEqual({ name: "a", action: "stop" });
    }
  });

  it("makes deploys manual and blocking only when asked", () => {
    // A manual Terraform apply: terraformLock.test.ts.
    const plan = createPlan(["a"]);
    const auto = render(plan);
    expect(auto["deploy:a"]?.["when"]).toBeUndefined();
    const both = render(plan, {
      manual: { terraformApply: true, deploy: true, archive: true, delete: true },
    });
    expect(both["deploy:a"]).toMatchObject({ when: "manual", allow_failure: false });
    expect(both["build-image:a"]?.["when"]).toBeUndefined();
    const applyOnly = render(plan, {
      manual: { terraformApply: true, deploy: false, archive: false, delete: false },
    });
    expect(applyOnly["deploy:a"]?.["when"]).toBeUndefined();
  });

  it("lets gates, noop and the preview skip the clone, in the light image when there is one", () => {
    const plan = batchPlan([["a"], ["b"]]);
    const plain = render(plan);
    // The built-in templates tell the runner not to clone.
    for (const template of [".grove-wave-gate", ".grove-noop"]) {
      expect(BUILTIN_TEMPLATES.jobs.get(template)?.["variables"]).toEqual({ GIT_STRATEGY: "none" });
    }
    expect(plain[".grove-wave-gate"]?.["variables"]).toEqual({ GIT_STRATEGY: "none" });
    expect(plain["wave-gate:2"]?.["image"]).toBeUndefined();
    const light = render(plan, { ...AUTO, image: "tools:1", lightImage: "busybox:1.36" });
    expect(light["wave-gate:2"]?.["image"]).toBe("busybox:1.36");
    expect(light["wave-gate:2"]?.["dependencies"]).toEqual([]);
    // Jobs that work on the repository keep the clone and the default image.
    for (const name of [".grove-build-image", ".grove-deploy"]) {
      expect(BUILTIN_TEMPLATES.jobs.get(name)?.["variables"], name).toBeUndefined();
    }
    for (const name of ["build-image:a", "deploy:b"]) {
      expect(light[name]?.["image"], name).toBeUndefined();
    }
    const noop = render(noopPlan("nothing"), { ...AUTO, lightImage: "busybox:1.36" })["noop"];
    expect(noop?.["image"]).toBe("busybox:1.36");
  });

  it("holds the gate after the canary for a person, and bakes every other gate", () => {
    const plan = batchPlan([["a"], ["b"], ["c"]]);
    const paused = render(plan, { ...AUTO, waves: { pauseAfterCanary: true, bakeTime: null } });
    expect(paused["wave-gate:2"]).toMatchObject({ when: "manual", allow_failure: false });
    expect(paused["wave-gate:3"]?.["when"]).toBeUndefined();
    const both = render(plan, {
      ...AUTO,
      waves: { pauseAfterCanary: true, bakeTime: "30 minutes" },
    });
    expect(both["wave-gate:2"]).toMatchObject({ when: "manual", allow_failure: false });
    expect(both["wave-gate:2"]?.["start_in"]).toBeUndefined();
    expect(both["wave-gate:3"]).toMatchObject({ when: "delayed", start_in: "30 minutes" });
    const baked = render(plan, { ...AUTO, waves: { pauseAfterCanary: false, bakeTime: "1 hour" } });
    for (const gate of ["wave-gate:2", "wave-gate:3"]) {
      expect(baked[gate]).toMatchObject({ when: "delayed", start_in: "1 hour" });
    }
    // Builds and deploys never wait for a person or a clock because of the wave controls.
    for (const [name, job] of Object.entries(both)) {
      if (!name.startsWith("wave-gate:")) expect(job?.["when"], name).toBeUndefined();
    }
  });

  it("makes archive and delete manual and blocking each by its own setting", () => {
    for (const kind of ["archive", "delete"] as const) {
      const plan = removalPlan(kind, ["a"]);
      expect(render(plan)[`${kind}:a`]?.["when"]).toBeUndefined();
      const manual = { ...AUTO.manual, [kind]: true };
      expect(render(plan, { manual })[`${kind}:a`]).toMatchObject({
        when: "manual",
        allow_failure: false,
      });
      const other = { ...AUTO.manual, [kind === "archive" ? "delete" : "archive"]: true };
      expect(render(plan, { manual: other })[`${kind}:a`]?.["when"]).toBeUndefined();
    }
  });

  it("sets the default image only when one is given", () => {
    expect(
      render(noopPlan("x"), { ...AUTO, image: "registry.example.com/grove:1" })["default"],
    ).toEqual({
      image: "registry.example.com/grove:1",
    });
    expect(render(noopPlan("x"), { ...AUTO, image: null })["default"]).toBeUndefined();
  });

  it("copies the templates the used ones extend, in the template set's order", () => {
    const jobs = new Map(BUILTIN_TEMPLATES.jobs);
    jobs.set(".grove-noop", { extends: ".base", variables: { A: "1" } });
    jobs.set(".unused", { script: ["echo unused"] });
    jobs.set(".base", { extends: [".root"], image: "x" });
    jobs.set(".root", { script: ["echo root"] });
    const doc = render(noopPlan("why"), { ...AUTO, templates: { jobs } });
    expect(Object.keys(doc)).toEqual(["stages", ".grove-noop", ".base", ".root", "noop"]);
  });

  it("renders a preview as one noop job carrying the reason and the summary as variables", () => {
    const plan = createPlan(["a"]);
    const summary = ["terraform-plan", "deploy:a (wave 1)"];
    const doc = render(plan, {
      ...AUTO,
      preview: { reason: "Branch dev may not deploy", summary },
    });
    expect(Object.keys(doc)).toEqual(["stages", ".grove-noop", "preview"]);
    expect(doc["stages"]).toEqual(["preview"]);
    expect(doc["preview"]).toEqual({
      extends: ".grove-noop",
      stage: "preview",
      needs: [],
      variables: {
        NOOP_REASON: { value: "Branch dev may not deploy", expand: false },
        PLAN_SUMMARY: { value: "terraform-plan\ndeploy:a (wave 1)", expand: false },
      },
    });
  });

  it("is byte-identical for the same plan, however its variables object was built", () => {
    const plan = updatePlan([{ name: "a", id: "7" }]);
    const reordered: Plan = {
      ...plan,
      jobs: plan.jobs.map((job) => ({
        ...job,
        variables: Object.fromEntries(Object.entries(job.variables).reverse()),
      })),
    };
    const first = gitlabRenderer.render(plan, AUTO);
    expect(gitlabRenderer.render(plan, AUTO)).toBe(first);
    expect(gitlabRenderer.render(reordered, AUTO)).toBe(first);
  });

  it("starts with a fixed header, and input that looks like a comment stays a value", () => {
    const reason = "# not a comment\n# nor this";
    const text = gitlabRenderer.render(noopPlan(reason), AUTO);
    expect(text.startsWith(GENERATED_HEADER)).toBe(true);
    // Only the header sits at the top level; the reason is an indented block scalar.
    expect(text.split("\n").filter((line) => line.startsWith("#"))).toEqual([
      GENERATED_HEADER.trimEnd(),
    ]);
    const vars = render(noopPlan(reason))["noop"]?.["variables"] as Record<string, YamlMapping>;
    expect(vars["NOOP_REASON"]).toEqual({ value: reason, expand: false });
  });

  it("carries any value exactly, only as a variable, never in a script line", () => {
    const builtinScripts = (name: string) => BUILTIN_TEMPLATES.jobs.get(name)?.["script"];
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), fc.string(), (value, id) => {
        const plan = updatePlan([{ name: "site-a", id }]);
        const withValue: Plan = {
          ...plan,
          jobs: plan.jobs.map((job) => ({
            ...job,
            variables: { ...job.variables, EDX_PLATFORM_VERSION: value },
          })),
        };
        const doc = render(withValue);
        const vars = doc["deploy:site-a"]?.["variables"] as Record<string, YamlMapping>;
        expect(vars["EDX_PLATFORM_VERSION"]).toEqual({ value, expand: false });
        expect(vars["DEPLOYMENT_REQUEST_ID"]).toEqual({ value: id, expand: false });
        expect(doc[".grove-deploy"]?.["script"]).toEqual(builtinScripts(".grove-deploy"));
        expect(doc["deploy:site-a"]?.["script"]).toBeUndefined();
      }),
    );
  });
});

describe("summarizePlan", () => {
  it("lists each job, with its wave in a batch, then each skipped instance", () => {
    expect(summarizePlan(batchPlan([["a"], ["b"]]))).toEqual([
      "base-image:1 (wave 0)",
      "build-image:a (wave 1)",
      "deploy:a (wave 1)",
      "wave-gate:2 (wave 2)",
      "build-image:b (wave 2)",
      "deploy:b (wave 2)",
      "skipped site-z: BATCH_UPGRADE_DISABLED is true in instances/site-z/grove.yml",
    ]);
  });

  it("lists plain job names outside batches", () => {
    expect(summarizePlan(updatePlan([{ name: "a" }]))).toEqual(["build-image:a", "deploy:a"]);
  });

  it("cuts long lists so a preview of thousands of instances stays small", () => {
    const names = Array.from({ length: 300 }, (_, i) => `site-${i}`);
    const lines = summarizePlan(batchPlan([names.slice(0, 1), names.slice(1)]));
    // 1 base image + 2 canary jobs + 1 gate + 598 jobs of wave 2 = 602 jobs, one skipped.
    // At most 200 job lines, then one line for the rest.
    expect(lines).toHaveLength(200 + 1 + 1);
    expect(lines[200]).toBe("… and 402 more jobs (see grove-pipelines plan)");
    expect(lines.at(-1)).toMatch(/^skipped site-z: /);
  });
});
