import { instanceJobName } from "./jobNames.js";
import type { PlanJob } from "./plan.js";
import type { DeployWork, RemovalWork, Work } from "./work.js";

const TERRAFORM_APPLY = "terraform-apply";

/**
 * The jobs of non-batch work, stage by stage: Terraform plan and apply, builds, deploys,
 * archives, deletes. A created instance's build waits for terraform-apply (its resources must
 * exist first); an updated instance's does not, as SPEC.md's table says.
 */
export function planNamed(work: Work): PlanJob[] {
  const jobs: PlanJob[] = [];
  if (work.terraform !== null) {
    const variables = { AUTODEPLOY_KIND: work.terraform };
    jobs.push(
      { ...noInstance("terraform-plan", variables), needs: [] },
      { ...noInstance(TERRAFORM_APPLY, variables), needs: ["terraform-plan"] },
    );
  }
  for (const d of work.deploys) {
    jobs.push({
      ...instanceJob("build-image", d.name, deployVariables(d)),
      needs: d.kind === "create" ? [TERRAFORM_APPLY] : [],
    });
  }
  for (const d of work.deploys) {
    jobs.push({
      ...instanceJob("deploy", d.name, deployVariables(d)),
      needs: [instanceJobName("build-image", d.name)],
    });
  }
  for (const kind of ["archive", "delete"] as const) {
    for (const r of work.removals.filter((x) => x.kind === kind)) {
      jobs.push({ ...instanceJob(kind, r.name, removalVariables(r)), needs: [] });
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

function instanceJob(
  kind: "build-image" | "deploy" | "archive" | "delete",
  instance: string,
  variables: Record<string, string>,
): Omit<PlanJob, "needs"> {
  return {
    name: instanceJobName(kind, instance),
    kind,
    instance,
    variables,
    stage: kind,
    wave: null,
  };
}

function deployVariables(d: DeployWork): Record<string, string> {
  return {
    AUTODEPLOY_KIND: d.kind,
    INSTANCE_NAME: d.name,
    ...(d.deploymentId === null ? {} : { DEPLOYMENT_REQUEST_ID: d.deploymentId }),
  };
}

function removalVariables(r: RemovalWork): Record<string, string> {
  return { AUTODEPLOY_KIND: r.kind, INSTANCE_NAME: r.name };
}
