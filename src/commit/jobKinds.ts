import type { YamlMapping } from "../render/yamlValue.js";

/**
 * The kinds of job a plan has, and how the renderer writes each: its template, what it shares
 * with other pipelines, which environment it starts or stops, and what makes it wait for a
 * person. The named kinds' rows (kinds.ts) chain them; a new kind's job is one more spec here (or
 * inline in its row) with its built-in template.
 */

/** A key of `manual:` in grove-pipelines.yml: jobs it names wait for a person. */
export type ManualSetting = "terraformApply" | "deploy" | "archive" | "delete";

/** How `plan` (and the graphs) draw a job: its colour and shape. */
export type JobLook =
  "noop" | "terraform" | "base-image" | "build" | "deploy" | "verify" | "removal" | "gate";

/** One kind of job, and how the renderer writes it. */
export interface JobSpec<J extends string = string> {
  /** The job kind: a job of an instance is named `<kind>:<instance>`; every job extends `.grove-<kind>`. */
  readonly kind: J;
  /**
   * The hidden template job the package ships. A user's template file must define the required
   * ones (the eight SPEC.md names); any other falls back to this one, so a template file written
   * before a kind was added keeps working. Null for a kind with no built-in template: its jobs
   * exist only when the cluster's template file defines it (`.grove-verify`).
   */
  readonly template: YamlMapping | null;
  readonly required: boolean;
  /**
   * What the job shares with other pipelines: `instance` (its `resource_group` is
   * `instance-<name>`: jobs that change a running instance), `terraform` (it runs in the
   * Terraform pipeline, whose trigger job holds the `terraform` group from plan to apply; see
   * render/terraformLock.ts), or nothing.
   */
  readonly resourceGroup: "instance" | "terraform" | null;
  /**
   * The instance's GitLab environment: started (deployed), stopped, or verified (GitLab's action
   * for a check after a deployment: the job sees the environment's variables and URL, and it is
   * no deployment of its own), or not touched.
   */
  readonly environment: "start" | "stop" | "verify" | null;
  /** The `manual:` setting that makes the job wait for a person. */
  readonly manual: ManualSetting | null;
  readonly look: JobLook;
  /**
   * False for a job whose script needs neither the repository nor artifacts (wave gates, noop,
   * the preview): its built-in template skips the clone (`GIT_STRATEGY: none`) and it runs in
   * the settings' `lightImage` when there is one.
   */
  readonly repository?: false;
}

/*
 * Built-in templates: scripts only call Grove's CLI and read job variables; the values themselves
 * travel as variables, never inside a script line. The Terraform plan is written to
 * `$CI_PROJECT_DIR/tfplan` (absolute, because Grove may run Terraform from another folder) and
 * reaches the apply job as an artifact of the job it needs, so apply carries out exactly what
 * was planned; no other pipeline's Terraform runs in between (render/terraformLock.ts).
 */
const instanceScript = (command: string): YamlMapping => ({
  script: [`grove ${command} "$INSTANCE_NAME"`],
});
const NO_RENDERING = { resourceGroup: null, environment: null, manual: null } as const;

const TERRAFORM_PLAN: JobSpec<"terraform-plan"> = {
  kind: "terraform-plan",
  template: {
    script: ['grove terraform plan -out="$CI_PROJECT_DIR/tfplan"'],
    // A plan file can hold secrets: keep it no longer than a pipeline plausibly waits.
    artifacts: { paths: ["tfplan"], expire_in: "1 day" },
  },
  required: true,
  resourceGroup: "terraform",
  environment: null,
  manual: null,
  look: "terraform",
};
const TERRAFORM_APPLY: JobSpec<"terraform-apply"> = {
  kind: "terraform-apply",
  template: { script: ['grove terraform apply "$CI_PROJECT_DIR/tfplan"'] },
  required: true,
  resourceGroup: "terraform",
  environment: null,
  manual: "terraformApply",
  look: "terraform",
};
const BASE_IMAGE: JobSpec<"base-image"> = {
  kind: "base-image",
  template: { script: ["grove build-base-image"] },
  required: true,
  ...NO_RENDERING,
  look: "base-image",
};
export const BUILD_IMAGE: JobSpec<"build-image"> = {
  kind: "build-image",
  template: instanceScript("build-image"),
  required: true,
  ...NO_RENDERING,
  look: "build",
};
export const DEPLOY: JobSpec<"deploy"> = {
  kind: "deploy",
  template: instanceScript("deploy"),
  required: true,
  resourceGroup: "instance",
  environment: "start",
  manual: "deploy",
  look: "deploy",
};
/**
 * Archive and delete stop the instance serving, so its GitLab environment stops with it; each
 * waits for a person when its `manual:` setting says so (delete does by default).
 */
const removal = <J extends "archive" | "delete">(kind: J): JobSpec<J> => ({
  kind,
  template: instanceScript(kind),
  required: true,
  resourceGroup: "instance",
  environment: "stop",
  manual: kind,
  look: "removal",
});
/** A job that needs no repository: the runner neither clones nor fetches it. */
const NO_CLONE = { GIT_STRATEGY: "none" } as const;
const NOOP: JobSpec<"noop"> = {
  kind: "noop",
  template: {
    variables: NO_CLONE,
    script: [
      'echo "$NOOP_REASON"',
      // PLAN_SUMMARY is set only on the preview job, which lists the jobs that would run.
      `if [ -n "\${PLAN_SUMMARY:-}" ]; then printf '%s\\n' "$PLAN_SUMMARY"; fi`,
    ],
  },
  required: true,
  ...NO_RENDERING,
  look: "noop",
  repository: false,
};
/** Our addition to SPEC's vocabulary, so a user's template file may leave it out. */
const WAVE_GATE: JobSpec<"wave-gate"> = {
  kind: "wave-gate",
  template: {
    variables: NO_CLONE,
    script: ['echo "Every job of the earlier stages succeeded, so wave $WAVE may start."'],
  },
  required: false,
  ...NO_RENDERING,
  look: "gate",
  repository: false,
};

/**
 * A check of a deployed instance, after its deploy; in a batch the next wave waits for it. Only
 * the cluster knows how to check its instances, so there is no built-in template: the jobs exist
 * only when the template file defines `.grove-verify`. It reads, it does not change the instance,
 * so it holds no resource group and another pipeline's deploy of the instance need not wait; it
 * verifies the instance's environment, so its script finds the URL in CI_ENVIRONMENT_URL.
 */
export const VERIFY: JobSpec<"verify"> = {
  kind: "verify",
  template: null,
  required: false,
  resourceGroup: null,
  environment: "verify",
  manual: null,
  look: "verify",
};

export const ARCHIVE = removal("archive");
export const DELETE = removal("delete");

/**
 * The jobs of the trigger client's requests (commit/triggerRequest.ts), one per pipeline. They
 * came after SPEC's eight, so a template file may leave them out and get these built-in ones,
 * whose scripts read only the validated variables. Preparing a deployment writes the instance's
 * configuration, and requesting an archive or a deletion opens its merge request: each holds the
 * instance's resource group, so it never overlaps a deploy of that instance.
 */
const request = <J extends string>(kind: J, argument: string, look: JobLook): JobSpec<J> => ({
  kind,
  template: { script: [`grove ${kind} "$${argument}"`] },
  required: false,
  resourceGroup: argument === "INSTANCE_NAME" ? "instance" : null,
  environment: null,
  manual: null,
  look,
});
const PREPARE_DEPLOYMENT: JobSpec<"prepare-deployment"> = {
  ...request("prepare-deployment", "INSTANCE_NAME", "build"),
  template: { script: ['grove prepare-deployment "$INSTANCE_NAME" "$DEPLOYMENT_REQUEST_ID"'] },
};

/** Jobs of no named kind, before and after the named kinds' jobs in the order of templates. */
export const JOBS_BEFORE = [TERRAFORM_PLAN, TERRAFORM_APPLY, BASE_IMAGE] as const;
export const JOBS_AFTER = [
  VERIFY,
  NOOP,
  WAVE_GATE,
  PREPARE_DEPLOYMENT,
  request("request-archive", "INSTANCE_NAME", "removal"),
  request("request-delete", "INSTANCE_NAME", "removal"),
  request("abort-deployment", "PIPELINE_ID", "noop"),
] as const;
export type FixedJobKind =
  (typeof JOBS_BEFORE)[number]["kind"] | (typeof JOBS_AFTER)[number]["kind"];
