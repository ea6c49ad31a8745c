import type { NamedDirectiveShape } from "../commit/directive.js";
import type { KindTable } from "../commit/kinds.js";
import { instanceJobName } from "./jobNames.js";
import type { PlanJob } from "./plan.js";
import type { NamedWork, Work } from "./work.js";

const TERRAFORM_APPLY = "terraform-apply";

/**
 * The jobs of non-batch work, stage by stage: Terraform plan and apply, then one stage per job
 * kind of the table's chains, in table order (build-image, deploy, archive, delete), each with
 * the instances in the order they were asked for. An instance's first job waits for
 * terraform-apply when its kind runs Terraform first (a created instance's resources must exist;
 * an updated one's do, as SPEC.md's table says); each later job needs the one before it.
 */
export function planNamed<X extends NamedDirectiveShape, Y extends string>(
  work: Work<Y>,
  kinds: KindTable<X, Y>,
): PlanJob<Y>[] {
  const jobs: PlanJob<Y>[] = [];
  if (work.terraform !== null) {
    const variables = { AUTODEPLOY_KIND: work.terraform };
    jobs.push(
      { ...noInstance("terraform-plan", variables), needs: [] },
      { ...noInstance(TERRAFORM_APPLY, variables), needs: ["terraform-plan"] },
    );
  }
  const stages = new Set(kinds.flatMap((kind) => kind.jobs.map((job) => job.kind)));
  for (const stage of stages) {
    for (const w of work.named) {
      const chain = w.kind.jobs;
      const at = chain.findIndex((job) => job.kind === stage);
      if (at < 0) continue;
      const before = chain[at - 1];
      jobs.push({
        name: instanceJobName(stage, w.name),
        kind: stage,
        instance: w.name,
        needs:
          before !== undefined
            ? [instanceJobName(before.kind, w.name)]
            : w.kind.terraform
              ? [TERRAFORM_APPLY]
              : [],
        variables: variablesOf(w),
        stage,
        wave: null,
      });
    }
  }
  return jobs;
}

function noInstance(
  kind: "terraform-plan" | "terraform-apply",
  variables: Record<string, string>,
): Omit<PlanJob, "needs"> {
  return { name: kind, kind, instance: null, variables, stage: kind, wave: null };
}

function variablesOf(w: NamedWork<string>): Record<string, string> {
  return {
    AUTODEPLOY_KIND: w.kind.kind,
    INSTANCE_NAME: w.name,
    ...(w.deploymentId === null ? {} : { DEPLOYMENT_REQUEST_ID: w.deploymentId }),
  };
}
