import { jobSpec, NAMED_KINDS } from "../commit/kinds.js";
import type { AnyKindTable } from "../commit/kinds.js";
import type { AnyPlanJob, Plan } from "../plan/plan.js";
import type { JobShape } from "./checkLimits.js";
import { literalVariables, mappingOf } from "./yamlValue.js";
import type { YamlMapping, YamlValue } from "./yamlValue.js";

/*
 * Terraform under one lock from plan to apply. A job's `resource_group` is held only while that
 * job runs, so another pipeline's Terraform could run between our plan and our apply, and the
 * apply would then carry out a plan made against a state that has since changed. A trigger job
 * with `resource_group: terraform` and `strategy: depend` holds the group until the pipeline it
 * starts has finished, so the plan and apply jobs run in a pipeline of their own (the Terraform
 * pipeline), started by such a trigger job.
 *
 * Its jobs must not ask for the group themselves: the trigger holds it, so they would wait for
 * it for ever. GitLab includes a downstream pipeline's file from a job of the same pipeline, so
 * a small job writes the file (rendered by us, passed as a literal variable, written by a fixed
 * script line) and keeps it as an artifact. A sharded batch's orchestrator triggers the Terraform
 * pipeline itself (renderOrchestrator.ts): from a shard it would be one level deeper than GitLab
 * allows.
 */

/** The Terraform pipeline's file, an artifact of the job that writes it. */
export const TERRAFORM_FILE = "terraform.yml";
/** The trigger job that holds the lock while the Terraform pipeline runs. */
export const TERRAFORM_TRIGGER_JOB = "terraform";
/** The job that writes TERRAFORM_FILE in a generated pipeline. */
export const TERRAFORM_WRITER_JOB = "terraform-file";
/** The writer job's variable that holds the Terraform pipeline's text. */
export const TERRAFORM_PIPELINE_VARIABLE = "GROVE_TERRAFORM_PIPELINE";
/** The lock itself: the resource group every Terraform pipeline is started under. */
export const TERRAFORM_RESOURCE_GROUP = "terraform";

const WRITER_STAGE = TERRAFORM_WRITER_JOB;
const TRIGGER_STAGE = TERRAFORM_TRIGGER_JOB;

export interface StagesAndJobs<J extends AnyPlanJob> {
  readonly stages: readonly string[];
  readonly jobs: readonly J[];
}

/** A pipeline's jobs split into the Terraform pipeline's and the others. */
export interface TerraformSplit<J extends AnyPlanJob> {
  readonly terraform: StagesAndJobs<J>;
  readonly rest: StagesAndJobs<J>;
}

/** Whether a job runs in the Terraform pipeline: its kind's spec names the Terraform lock. */
export function isTerraformJob(job: AnyPlanJob, kinds: AnyKindTable = NAMED_KINDS): boolean {
  return jobSpec(job.kind, kinds).resourceGroup === "terraform";
}

/**
 * The Terraform jobs, and the others with their needs on Terraform jobs replaced by `replacement`
 * (once) or dropped when it is null; null when there is no Terraform job.
 */
function separate<J extends AnyPlanJob>(
  { stages, jobs }: StagesAndJobs<J>,
  replacement: string | null,
  kinds: AnyKindTable,
): TerraformSplit<J> | null {
  const terraform = jobs.filter((job) => isTerraformJob(job, kinds));
  if (terraform.length === 0) return null;
  const names = new Set(terraform.map((job) => job.name));
  const rest = jobs
    .filter((job) => !names.has(job.name))
    .map((job): J => {
      if (!job.needs.some((need) => names.has(need))) return job;
      const kept = job.needs.filter((need) => !names.has(need));
      return { ...job, needs: replacement === null ? kept : [replacement, ...kept] };
    });
  return {
    terraform: { stages: stagesIn(stages, terraform), jobs: terraform },
    rest: { stages: stagesIn(stages, rest), jobs: rest },
  };
}

/** The stages of `stages` that some job of `jobs` is in, in their order. */
function stagesIn(stages: readonly string[], jobs: readonly AnyPlanJob[]): string[] {
  const used = new Set(jobs.map((job) => job.stage));
  return stages.filter((stage) => used.has(stage));
}

/**
 * A generated pipeline's jobs when it has Terraform work: the Terraform pipeline's, and the
 * others, which wait for the trigger job instead of the apply; the writer and trigger stages
 * come first. Null when there is no Terraform work.
 */
export function lockedPipeline<J extends AnyPlanJob>(
  pipeline: StagesAndJobs<J>,
  kinds: AnyKindTable = NAMED_KINDS,
): TerraformSplit<J> | null {
  const split = separate(pipeline, TERRAFORM_TRIGGER_JOB, kinds);
  if (split === null) return null;
  const stages = [WRITER_STAGE, TRIGGER_STAGE, ...split.rest.stages];
  return { terraform: split.terraform, rest: { stages, jobs: split.rest.jobs } };
}

/**
 * The first shard of a sharded batch without its Terraform work, which the orchestrator runs
 * before it (needs on it dropped, as a shard drops needs on other shards' jobs), and that work
 * as a plan of its own; `terraform` is null when the shard has none.
 */
export function terraformOutOfShard(shard: Plan): { shard: Plan; terraform: Plan | null } {
  const split = separate(shard, null, NAMED_KINDS);
  if (split === null) return { shard, terraform: null };
  return {
    shard: { ...shard, ...split.rest },
    terraform: { ...shard, ...split.terraform, skipped: [] },
  };
}

/**
 * The writer and trigger jobs of a generated pipeline whose Terraform pipeline is
 * `terraformFile`. The writer needs neither the repository nor artifacts, so it runs in the
 * light image when there is one.
 */
export function terraformLockJobs(
  terraformFile: string,
  lightImage: string | null | undefined,
): [string, YamlMapping][] {
  const writer: [string, YamlValue][] = [["stage", WRITER_STAGE]];
  if (lightImage !== undefined && lightImage !== null) writer.push(["image", lightImage]);
  writer.push(
    ["needs", []],
    [
      "variables",
      literalVariables({ GIT_STRATEGY: "none", [TERRAFORM_PIPELINE_VARIABLE]: terraformFile }),
    ],
    // printf '%s' writes the value exactly: no escape in it is interpreted.
    ["script", [`printf '%s' "$${TERRAFORM_PIPELINE_VARIABLE}" > ${TERRAFORM_FILE}`]],
    ["artifacts", { paths: [TERRAFORM_FILE], expire_in: "1 week" }],
  );
  return [
    [TERRAFORM_WRITER_JOB, mappingOf(writer)],
    [TERRAFORM_TRIGGER_JOB, terraformTrigger(TRIGGER_STAGE, TERRAFORM_WRITER_JOB)],
  ];
}

/** The shapes of `terraformLockJobs`, for `checkLimits`. */
export function terraformLockShapes(): JobShape[] {
  return [
    { name: TERRAFORM_WRITER_JOB, needs: [] },
    { name: TERRAFORM_TRIGGER_JOB, needs: [TERRAFORM_WRITER_JOB] },
  ];
}

/**
 * The trigger job that runs the Terraform pipeline written by the job `fileJob` and holds the
 * Terraform lock until that pipeline has finished (`strategy: depend`): a manual apply keeps it
 * held until a person starts the apply.
 */
export function terraformTrigger(
  stage: string,
  fileJob: string,
  artifact: string = TERRAFORM_FILE,
): YamlMapping {
  return {
    stage,
    needs: [fileJob],
    resource_group: TERRAFORM_RESOURCE_GROUP,
    trigger: { include: [{ artifact, job: fileJob }], strategy: "depend" },
  };
}
