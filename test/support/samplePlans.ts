import type { Directive } from "../../src/commit/directive.js";
import { jobSpecs, NAMED_KINDS } from "../../src/commit/kinds.js";
import type { JobKind, Plan, PlanJob } from "../../src/plan/plan.js";

/**
 * Hand-made plans for unit tests of the renderers and the plan's printed forms, shaped like the
 * planner's (SPEC.md, "The plan") but written independently of it, so a renderer is tested in
 * isolation. End-to-end tests run the planner's own plans instead (test/e2e).
 */

/** Every job kind of the product's table, for tests that cover each. */
export const JOB_KINDS: readonly JobKind[] = jobSpecs(NAMED_KINDS).map((spec) => spec.kind);

function job(
  kind: JobKind,
  instance: string | null,
  fields: { needs?: readonly string[]; stage?: string; wave?: number | null; name?: string },
  variables: Record<string, string> = {},
): PlanJob {
  return {
    name: fields.name ?? (instance === null ? kind : `${kind}:${instance}`),
    kind,
    instance,
    needs: fields.needs ?? [],
    variables: instance === null ? variables : { INSTANCE_NAME: instance, ...variables },
    stage: fields.stage ?? kind,
    wave: fields.wave ?? null,
  };
}

/** `[AutoDeploy][Update] <name>|<id>,...`: build then deploy each instance. */
export function updatePlan(instances: readonly { name: string; id?: string }[]): Plan {
  const directive: Directive = {
    kind: "update",
    instances: instances.map((i) => ({ name: i.name, deploymentId: i.id ?? null })),
    legacy: false,
  };
  const jobs = instances.flatMap((i) => {
    const vars = {
      AUTODEPLOY_KIND: "update",
      ...(i.id === undefined ? {} : { DEPLOYMENT_REQUEST_ID: i.id }),
    };
    return [
      job("build-image", i.name, {}, vars),
      job("deploy", i.name, { needs: [`build-image:${i.name}`] }, vars),
    ];
  });
  return { directive, jobs, skipped: [], stages: ["build-image", "deploy"] };
}

/** `[AutoDeploy][Create] <names>`: Terraform plan and apply, then build and deploy each. */
export function createPlan(names: readonly string[]): Plan {
  const kind = { AUTODEPLOY_KIND: "create" };
  const jobs = [
    job("terraform-plan", null, {}, kind),
    job("terraform-apply", null, { needs: ["terraform-plan"] }, kind),
    ...names.flatMap((name) => [
      job("build-image", name, { needs: ["terraform-apply"] }, kind),
      job("deploy", name, { needs: [`build-image:${name}`] }, kind),
    ]),
  ];
  return {
    directive: {
      kind: "create",
      instances: names.map((name) => ({ name, deploymentId: null })),
      legacy: false,
    },
    jobs,
    skipped: [],
    stages: ["terraform-plan", "terraform-apply", "build-image", "deploy"],
  };
}

/** `[AutoDeploy][Archive]` or `[Delete]` of the named instances. */
export function removalPlan(kind: "archive" | "delete", names: readonly string[]): Plan {
  return {
    directive: { kind, instances: names.map((name) => ({ name })) },
    jobs: names.map((name) => job(kind, name, {}, { AUTODEPLOY_KIND: kind })),
    skipped: [],
    stages: [kind],
  };
}

export function noopPlan(reason: string): Plan {
  return {
    directive: { kind: "none" },
    jobs: [job("noop", null, {}, { NOOP_REASON: reason })],
    skipped: [],
    stages: ["noop"],
  };
}

/**
 * A batch upgrade of one repository|version pair: its base image (wave 0), then each wave's
 * builds and deploys; every wave after the first starts with a gate that needs all deploys of
 * the wave before (the gate is rendered without needs).
 */
export function batchPlan(waves: readonly (readonly string[])[]): Plan {
  const repository = "https://github.com/openedx/edx-platform.git";
  const version = "open-release/quince.3";
  const pair = {
    AUTODEPLOY_KIND: "batch-upgrade",
    EDX_PLATFORM_REPOSITORY: repository,
    EDX_PLATFORM_VERSION: version,
  };
  const base = "base-image:1";
  const jobs: PlanJob[] = [
    job("base-image", null, { name: base, stage: "base-image", wave: 0 }, pair),
  ];
  const stages = ["base-image"];
  waves.forEach((names, index) => {
    const wave = index + 1;
    const gate = `wave-gate:${wave}`;
    if (wave > 1) {
      const previous = waves[index - 1] ?? [];
      stages.push(`wave-${wave}-gate`);
      jobs.push(
        job("wave-gate", null, {
          name: gate,
          stage: `wave-${wave}-gate`,
          wave,
          needs: previous.map((name) => `deploy:${name}`),
        }),
      );
    }
    stages.push(`wave-${wave}-build`, `wave-${wave}-deploy`);
    for (const name of names) {
      const needs = wave > 1 ? [base, gate] : [base];
      jobs.push(job("build-image", name, { stage: `wave-${wave}-build`, wave, needs }, pair));
    }
    for (const name of names) {
      const needs = [`build-image:${name}`];
      jobs.push(job("deploy", name, { stage: `wave-${wave}-deploy`, wave, needs }, pair));
    }
  });
  return {
    directive: { kind: "batch-upgrade", targets: [{ repository, version }] },
    jobs,
    skipped: [
      {
        instance: "site-z",
        reason: "BATCH_UPGRADE_DISABLED is true in instances/site-z/grove.yml",
      },
    ],
    stages,
  };
}
