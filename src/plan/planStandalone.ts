import type { RequestDirective, Target } from "../commit/directive.js";
import { InternalError } from "../errors.js";
import { normalizeRepository } from "./matchTarget.js";
import type { PlanJob } from "./plan.js";
import { BASE_IMAGE_STAGE, baseImageJobNames, baseImageKeyId, instanceJobName } from "./plan.js";

/**
 * Jobs that stand alone, needing no other job and no instance's configuration: the one job of a
 * trigger client's request, and the base images `[AutoDeploy][Build][Image]` asks for.
 */

/** The job kind each request runs (kinds.ts's job vocabulary). */
const REQUEST_JOB = {
  "new-instance-request": "prepare-deployment",
  "archive-request": "request-archive",
  "delete-request": "request-delete",
  "abort-deployment": "abort-deployment",
} as const;

/** The one job of a trigger client's request, with the validated values as its variables. */
export function requestJob(request: RequestDirective): PlanJob {
  const kind = REQUEST_JOB[request.kind];
  const base = { kind, needs: [], stage: kind, wave: null };
  switch (request.kind) {
    case "new-instance-request":
      return {
        ...base,
        name: instanceJobName(kind, request.instance),
        instance: request.instance,
        variables: {
          AUTODEPLOY_KIND: request.kind,
          INSTANCE_NAME: request.instance,
          DEPLOYMENT_REQUEST_ID: request.deploymentId,
        },
      };
    case "archive-request":
    case "delete-request":
      return {
        ...base,
        name: instanceJobName(kind, request.instance),
        instance: request.instance,
        variables: { AUTODEPLOY_KIND: request.kind, INSTANCE_NAME: request.instance },
      };
    case "abort-deployment":
      return {
        ...base,
        name: kind,
        instance: null,
        variables: { AUTODEPLOY_KIND: request.kind, PIPELINE_ID: request.pipelineId },
      };
  }
}

/**
 * One base-image job per distinct repository and version (repositories compared normalised, the
 * first spelling kept), in the order the targets were given. `skip` names base-image jobs another
 * part of the plan already has (a batch in the same push building the same image).
 */
export function baseImageJobs(
  targets: readonly Target[],
  skip: ReadonlySet<string> = new Set(),
): PlanJob[] {
  const images = new Map<string, { target: Target; key: { repository: string; ref: string } }>();
  for (const target of targets) {
    const key = { repository: normalizeRepository(target.repository), ref: target.version };
    const id = baseImageKeyId(key);
    if (!images.has(id)) images.set(id, { target, key });
  }
  const names = baseImageJobNames([...images.values()].map((i) => i.key));
  const jobs: PlanJob[] = [];
  for (const [id, { target }] of images) {
    const name = names.get(id);
    if (name === undefined) throw new InternalError(`no job name for base image ${id}`);
    if (skip.has(name)) continue;
    jobs.push({
      name,
      kind: "base-image",
      instance: null,
      needs: [],
      variables: {
        AUTODEPLOY_KIND: "build-base-image",
        EDX_PLATFORM_REPOSITORY: target.repository,
        EDX_PLATFORM_VERSION: target.version,
      },
      stage: BASE_IMAGE_STAGE,
      wave: null,
    });
  }
  return jobs;
}
