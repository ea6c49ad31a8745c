import yaml from "js-yaml";
import {
  TERRAFORM_PIPELINE_VARIABLE,
  TERRAFORM_TRIGGER_JOB,
  TERRAFORM_WRITER_JOB,
} from "../../src/render/terraformLock.js";

/*
 * A generated pipeline with Terraform work runs its Terraform jobs in a pipeline of their own,
 * carried as the text of a variable of the writer job (src/render/terraformLock.ts). Tests that
 * hold a file to the plan read it through `withTerraformInline`: the jobs as the plan has them.
 */

type Mapping = Record<string, unknown>;

function isMapping(v: unknown): v is Mapping {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The text of the Terraform pipeline a generated pipeline carries; null when it has none. */
export function terraformPipelineText(doc: Mapping): string | null {
  const writer = doc[TERRAFORM_WRITER_JOB];
  if (!isMapping(writer) || !isMapping(writer.variables)) return null;
  const variable = writer.variables[TERRAFORM_PIPELINE_VARIABLE];
  return isMapping(variable) && typeof variable.value === "string" ? variable.value : null;
}

/** The Terraform pipeline a generated pipeline carries, parsed; null when it has none. */
export function terraformPipelineOf(doc: Mapping): Mapping | null {
  const text = terraformPipelineText(doc);
  if (text === null) return null;
  const inner = yaml.load(text);
  if (!isMapping(inner)) throw new Error("the Terraform pipeline is not a YAML mapping");
  return inner;
}

/**
 * The pipeline with its Terraform pipeline's jobs in place of the writer and trigger jobs (and
 * their templates with the others), needs on the trigger as needs on the Terraform apply; the
 * document itself when it has no Terraform pipeline.
 */
export function withTerraformInline(doc: Mapping): Mapping {
  const inner = terraformPipelineOf(doc);
  if (inner === null) return doc;
  const stages = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);
  const lockStages = new Set([TERRAFORM_WRITER_JOB, TERRAFORM_TRIGGER_JOB]);
  const out: Mapping = {
    stages: [...stages(inner.stages), ...stages(doc.stages).filter((s) => !lockStages.has(s))],
  };
  for (const [key, value] of Object.entries(doc)) {
    if (key === "stages") continue;
    if (key === TERRAFORM_TRIGGER_JOB) continue;
    if (key === TERRAFORM_WRITER_JOB) {
      for (const [k, v] of Object.entries(inner)) if (k !== "stages" && k !== "default") out[k] = v;
      continue;
    }
    out[key] = isMapping(value) && Array.isArray(value.needs) ? withApplyNeeds(value) : value;
  }
  return out;
}

function withApplyNeeds(job: Mapping): Mapping {
  const needs = (job.needs as unknown[]).map((n) =>
    n === TERRAFORM_TRIGGER_JOB ? "terraform-apply" : n,
  );
  return { ...job, needs };
}
