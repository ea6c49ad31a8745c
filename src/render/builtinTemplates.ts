import type { TemplateSet } from "./templateSet.js";
import type { YamlMapping } from "./yamlValue.js";

/**
 * The templates that ship with the package; `templates/grove-templates.yml` holds the same jobs
 * for users to copy and edit (a test keeps the two equal). Scripts only call Grove's CLI and read
 * job variables: the values themselves travel as variables, never inside a script line.
 *
 * The Terraform plan is written to `$CI_PROJECT_DIR/tfplan` (absolute, because Grove may run
 * Terraform from another folder) and reaches the apply job as an artifact of the job it needs,
 * so apply carries out exactly what was planned.
 */
const entries: readonly (readonly [string, YamlMapping])[] = [
  [
    ".grove-terraform-plan",
    {
      script: ['grove terraform plan -out="$CI_PROJECT_DIR/tfplan"'],
      // A plan file can hold secrets: keep it no longer than a pipeline plausibly waits.
      artifacts: { paths: ["tfplan"], expire_in: "1 day" },
    },
  ],
  [".grove-terraform-apply", { script: ['grove terraform apply "$CI_PROJECT_DIR/tfplan"'] }],
  [".grove-base-image", { script: ["grove build-base-image"] }],
  [".grove-build-image", { script: ['grove build-image "$INSTANCE_NAME"'] }],
  [".grove-deploy", { script: ['grove deploy "$INSTANCE_NAME"'] }],
  [".grove-archive", { script: ['grove archive "$INSTANCE_NAME"'] }],
  [".grove-delete", { script: ['grove delete "$INSTANCE_NAME"'] }],
  [
    ".grove-noop",
    {
      script: [
        'echo "$NOOP_REASON"',
        // PLAN_SUMMARY is set only on the preview job, which lists the jobs that would run.
        `if [ -n "\${PLAN_SUMMARY:-}" ]; then printf '%s\\n' "$PLAN_SUMMARY"; fi`,
      ],
    },
  ],
  [
    ".grove-wave-gate",
    { script: ['echo "Every job of the earlier stages succeeded, so wave $WAVE may start."'] },
  ],
];

export const BUILTIN_TEMPLATES: TemplateSet = { jobs: new Map(entries) };
