import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { loadScenario, scenarioNames } from "../support/goldenScenarios.js";
import { terraformPipelineOf, withTerraformInline } from "../support/terraformLock.js";
import { loadYaml11 } from "../support/yaml11Reader.js";

/*
 * Golden files are checked by eye once and then only compared byte for byte, so a wrong file
 * blessed by `npm run golden:update` would stay wrong. These checks read every golden pair and
 * hold it to SPEC.md's rules for the generated pipeline, whatever the bytes are.
 */

interface PlanJob {
  name: string;
  kind: string;
  instance: string | null;
  needs: string[];
  variables: Record<string, string>;
  stage: string;
}
interface PlanJson {
  directive: { kind: string; text?: string };
  jobs: PlanJob[];
}
type Mapping = Record<string, unknown>;

/** Top-level keys of a GitLab CI file that are not jobs. */
const GLOBAL_KEYWORDS = new Set(["default", "include", "stages", "variables", "workflow"]);

function isMapping(v: unknown): v is Mapping {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function mapping(v: unknown, what: string): Mapping {
  if (!isMapping(v)) throw new Error(`${what} is not a mapping`);
  return v;
}

/** `variables:` as the renderer writes them ({value, expand: false}), back to plain values. */
function variableValues(job: Mapping): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(mapping(job.variables ?? {}, "variables"))) {
    const entry = mapping(v, `variable ${key}`);
    expect(entry.expand, `${key} must not be expanded by GitLab`).toBe(false);
    out[key] = entry.value;
  }
  return out;
}

/** Every line of every script of the file, hidden jobs included. */
function scriptLines(doc: Mapping): string[] {
  return Object.values(doc)
    .filter(isMapping)
    .flatMap((job) => [job.before_script, job.script, job.after_script])
    .flatMap((s) => (Array.isArray(s) ? s.map(String) : []));
}

const scenarios = scenarioNames().map((name) => {
  const s = loadScenario(name);
  const doc = mapping(yaml.load(s.expectedPipeline), `${name}/pipeline.yml`);
  const plan = JSON.parse(s.expectedPlan) as PlanJson;
  const visible = Object.keys(doc).filter((k) => !k.startsWith(".") && !GLOBAL_KEYWORDS.has(k));
  const kind = "preview" in doc ? "preview" : "generate-shards" in doc ? "orchestrator" : "plan";
  // The plan's jobs, the Terraform pipeline's included (see withTerraformInline).
  const inline = withTerraformInline(doc);
  const planned = Object.keys(inline).filter((k) => !k.startsWith(".") && !GLOBAL_KEYWORDS.has(k));
  return { name, s, doc, plan, visible, kind, inline, planned };
});

describe.each(scenarios)(
  "golden pipeline $name",
  ({ s, doc, plan, visible, kind, inline, planned }) => {
    it("has at least one job, and every stage it uses is declared", () => {
      expect(visible.length).toBeGreaterThan(0);
      const stages = doc.stages as string[];
      for (const job of visible) expect(stages).toContain(mapping(doc[job], job).stage);
    });

    it("means the same to a YAML 1.1 reader (GitLab's, Grove's) as to us", () => {
      expect(loadYaml11(s.expectedPipeline)).toEqual(doc);
    });

    it("never puts the commit message into a script line", () => {
      const title = s.message.split("\n").find((l) => l.includes("[AutoDeploy]")) ?? s.message;
      for (const line of [...scriptLines(doc), ...scriptLines(inline)]) {
        expect(line).not.toContain("AutoDeploy");
        expect(line).not.toContain(title.trim());
      }
      if (plan.directive.kind === "infrastructure" && plan.directive.text !== undefined) {
        expect(s.expectedPipeline).not.toContain(plan.directive.text);
      }
    });

    if (kind === "plan") {
      it("has exactly the plan's jobs, each extending its template with the plan's variables", () => {
        expect([...planned].sort()).toEqual(plan.jobs.map((j) => j.name).sort());
        const terraform = terraformPipelineOf(doc);
        for (const job of plan.jobs) {
          const rendered = mapping(inline[job.name], job.name);
          const template = `.grove-${job.kind}`;
          // Each file stands alone: the Terraform pipeline has the templates of its own jobs.
          const file = terraform !== null && terraform[job.name] !== undefined ? terraform : doc;
          expect(rendered.extends).toBe(template);
          expect(file, `the file must stand alone: ${template}`).toHaveProperty([template]);
          expect(rendered.stage).toBe(job.stage);
          expect(variableValues(rendered)).toEqual(job.variables);
        }
      });

      it("orders jobs as the plan does (wave gates through their stage)", () => {
        const stages = inline.stages as string[];
        const stageOf = (name: string): number =>
          stages.indexOf(plan.jobs.find((j) => j.name === name)?.stage ?? "");
        for (const job of plan.jobs) {
          const rendered = mapping(inline[job.name], job.name);
          if (job.kind === "wave-gate") {
            // A gate has no `needs`, so GitLab starts it only after every job of every earlier
            // stage succeeded; that must include each job the plan says it needs.
            expect(rendered).not.toHaveProperty(["needs"]);
            for (const need of job.needs) expect(stageOf(need)).toBeLessThan(stageOf(job.name));
          } else {
            expect(rendered.needs).toEqual(job.needs);
          }
        }
      });

      it("serialises instance and Terraform work through resource groups; deploys set environment", () => {
        for (const job of plan.jobs) {
          const rendered = mapping(inline[job.name], job.name);
          if (["deploy", "archive", "delete"].includes(job.kind)) {
            expect(rendered.resource_group).toBe(`instance-${job.instance ?? ""}`);
          }
          // The trigger job of their pipeline holds the Terraform lock; asking again would deadlock.
          if (job.kind.startsWith("terraform-"))
            expect(rendered).not.toHaveProperty("resource_group");
          if (job.kind === "deploy") {
            expect(mapping(rendered.environment, "environment").name).toBe(job.instance);
          }
        }
      });

      it("runs Terraform, when planned, in a pipeline of its own that holds the Terraform lock", () => {
        const terraform = terraformPipelineOf(doc);
        const hasTerraform = plan.jobs.some((j) => j.kind.startsWith("terraform-"));
        expect(terraform !== null).toBe(hasTerraform);
        if (terraform === null) return;
        expect(terraform.default).toEqual(doc.default);
        const variables = variableValues(mapping(doc["terraform-file"], "terraform-file"));
        expect(loadYaml11(String(variables.GROVE_TERRAFORM_PIPELINE))).toEqual(terraform);
        expect(visible.slice(0, 2)).toEqual(["terraform-file", "terraform"]);
        expect(doc.terraform).toEqual({
          stage: "terraform",
          needs: ["terraform-file"],
          resource_group: "terraform",
          trigger: {
            include: [{ artifact: "terraform.yml", job: "terraform-file" }],
            strategy: "depend",
          },
        });
      });
    }

    if (kind === "preview") {
      it("is one preview job that says why and lists the planned jobs", () => {
        expect(visible).toEqual(["preview"]);
        const vars = variableValues(mapping(doc.preview, "preview"));
        expect(vars.NOOP_REASON).toEqual(expect.any(String));
        expect(String(vars.PLAN_SUMMARY).split("\n")).toEqual(plan.jobs.map((j) => j.name));
      });
    }

    if (kind === "orchestrator") {
      it("generates shards in one job, then runs them strictly one after the other", () => {
        const shards = visible.filter((j) => j.startsWith("shard-"));
        expect(shards.length).toBeGreaterThan(1);
        expect(visible).toEqual(["generate-shards", ...shards]);
        shards.forEach((shard, i) => {
          const needs = mapping(doc[shard], shard).needs;
          expect(needs).toEqual(i === 0 ? ["generate-shards"] : ["generate-shards", `shard-${i}`]);
        });
      });
    }
  },
);
