import type { NamedDirectiveShape } from "../commit/directive.js";
import { DEPLOY } from "../commit/jobKinds.js";
import type { KindTable } from "../commit/kinds.js";
import { InternalError } from "../errors.js";
import type { RepoSnapshot } from "../repo/snapshot.js";
import type { Work } from "./buildPlan.js";
import type { JobEnvironment, PlanJob } from "./plan.js";
import { instanceEnvironment, instanceJobName, VERIFY_STAGE, verifyJob } from "./plan.js";

/*
 * The jobs of named work (Create, Update, Archive, Delete and the kinds a table adds), as the
 * batch's are in planBatch.ts.
 */

const TERRAFORM_APPLY = "terraform-apply";

/**
 * The jobs of non-batch work, stage by stage: Terraform plan and apply, then one stage per job
 * kind of the table's chains, in table order (build-image, deploy, archive, delete), each with
 * the instances in the order they were asked for. An instance's first job waits for
 * terraform-apply when its kind runs Terraform first (a created instance's resources must exist;
 * an updated one's do, as SPEC.md's table says); each later job needs the one before it. With
 * `.grove-verify` in the templates, a verify stage follows the deploy stage, a job per deploy.
 * Jobs that start or stop the instance's environment carry it (its link and tier).
 */
export function planNamed<X extends NamedDirectiveShape, Y extends string>(
  work: Work<Y>,
  snapshot: RepoSnapshot,
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
    const staged: PlanJob<Y>[] = [];
    for (const w of work.named) {
      const chain = w.kind.jobs;
      const at = chain.findIndex((job) => job.kind === stage);
      const spec = chain[at];
      if (spec === undefined) continue;
      const before = chain[at - 1];
      staged.push({
        name: instanceJobName(stage, w.name),
        kind: stage,
        instance: w.name,
        needs:
          before !== undefined
            ? [instanceJobName(before.kind, w.name)]
            : w.kind.terraform
              ? [TERRAFORM_APPLY]
              : [],
        variables: {
          AUTODEPLOY_KIND: w.kind.kind,
          INSTANCE_NAME: w.name,
          ...(w.deploymentId === null ? {} : { DEPLOYMENT_REQUEST_ID: w.deploymentId }),
        },
        stage,
        wave: null,
        ...(spec.environment === null ? {} : { environment: environmentOf(w.name, snapshot) }),
      });
    }
    jobs.push(...staged);
    // Each deploy's check follows in a stage of its own when the templates define one.
    if (stage === DEPLOY.kind && snapshot.verify === true) {
      for (const deploy of staged) jobs.push(verifyJob(deploy, VERIFY_STAGE));
    }
  }
  return jobs;
}

/** The environment of a named instance, which workProblems has found in the snapshot. */
function environmentOf(name: string, snapshot: RepoSnapshot): JobEnvironment {
  const instance = snapshot.instances.get(name);
  if (instance === undefined)
    throw new InternalError(`named instance ${name} is not in the snapshot`);
  return instanceEnvironment(instance, snapshot.settings);
}

function noInstance(
  kind: "terraform-plan" | "terraform-apply",
  variables: Record<string, string>,
): Omit<PlanJob, "needs"> {
  return { name: kind, kind, instance: null, variables, stage: kind, wave: null };
}
