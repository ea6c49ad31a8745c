import yaml from "js-yaml";
import { DUMP_OPTIONS } from "../render/gitlabRenderer.js";

export const GENERATE_JOB = "generate-pipeline";
export const TRIGGER_JOB = "run-pipeline";
export const GENERATED_FILE = "generated-pipeline.yml";
/** Hidden job with the pipeline sources both jobs run for. */
export const RULES_TEMPLATE = ".grove-pipeline-rules";

/**
 * The parent pipeline a cluster repository commits (the same jobs as
 * examples/cluster/.gitlab-ci.yml, which a test keeps equal): one job writes the child pipeline
 * as an artifact, the other runs it and fails when it fails. Built as data and dumped by js-yaml,
 * never pasted together as text.
 */
export function parentPipeline(version: string): Record<string, unknown> {
  return {
    stages: ["generate", "deploy"],
    // Job rules rather than `workflow:` (as in the example), so gitlab-ci-local checks them too.
    [RULES_TEMPLATE]: {
      rules: [
        {
          if: '$CI_PIPELINE_SOURCE == "push" && $CI_OPEN_MERGE_REQUESTS && $CI_COMMIT_BRANCH != $CI_DEFAULT_BRANCH',
          when: "never",
        },
        { if: "$CI_PIPELINE_SOURCE =~ /^(push|schedule|web|api|trigger|merge_request_event)$/" },
      ],
    },
    [GENERATE_JOB]: {
      extends: RULES_TEMPLATE,
      stage: "generate",
      image: "node:20",
      variables: { GIT_DEPTH: "0" },
      script: [
        `command -v grove-pipelines >/dev/null || npm install --global grove-pipelines@${version}`,
        `grove-pipelines generate --output ${GENERATED_FILE}`,
      ],
      artifacts: { paths: [GENERATED_FILE], expire_in: "1 week" },
    },
    [TRIGGER_JOB]: {
      extends: RULES_TEMPLATE,
      stage: "deploy",
      needs: [GENERATE_JOB],
      trigger: {
        include: [{ artifact: GENERATED_FILE, job: GENERATE_JOB }],
        strategy: "depend",
      },
    },
  };
}

const HEADER = `# Parent pipeline of a Grove cluster repository, written by \`grove-pipelines init\`.
#
# ${GENERATE_JOB} reads the newest commit's title (e.g. \`[AutoDeploy][Update] site-a|42\`) and
# the instance configs and writes a child pipeline doing exactly the work asked for;
# ${TRIGGER_JOB} runs it and fails when it fails. Commits deploy only on a deploy branch and in
# pipelines started by a push, a schedule, the web UI, the API or a trigger; any other pipeline
# gets a one-job preview. GIT_DEPTH 0 lets a push of several commits be read as a whole.
`;

/** The parent pipeline as the text `init` writes (or prints to merge). */
export function parentPipelineYaml(version: string): string {
  const body = yaml.dump(parentPipeline(version), DUMP_OPTIONS);
  // A blank line before each top-level key, as people write it.
  return `${HEADER}\n${body.replace(/\n(?=[^\s-])/g, "\n\n")}`;
}
