import { emitYaml } from "../render/emitYaml.js";
import { generatorScript, NPM_REGISTRY, VENDORED_COMMAND } from "../render/renderOrchestrator.js";
import type { GeneratorSource } from "../render/renderOrchestrator.js";
import type { YamlMapping } from "../render/yamlValue.js";

export const GENERATE_JOB = "generate-pipeline";
export const TRIGGER_JOB = "run-pipeline";
export const GENERATED_FILE = "generated-pipeline.yml";
/** The plan as Markdown, exposed in merge requests (artifacts:expose_as). */
export const PLAN_FILE = "plan.md";
/** Where the generate job keeps a sharded batch's shard files, for the orchestrator to fetch. */
export const SHARDS_DIR = "grove-shards";
/** Hidden job with the pipeline sources both jobs run for. */
export const RULES_TEMPLATE = ".grove-pipeline-rules";

/**
 * The parent pipeline a cluster repository commits (the vendored one is
 * examples/cluster/.gitlab-ci.yml, which a test keeps equal): one job writes the child pipeline
 * as an artifact, the other runs it and fails when it fails. The generate job runs grove-pipelines
 * as `source` says, in `image` (settings `generatorImage`); for a batch too big for one pipeline
 * it also keeps every shard file (`--shards-dir`), which the orchestrator fetches, so the batch is
 * read and planned once. Built as data and written by emitYaml, never pasted together as text.
 */
export function parentPipeline(source: GeneratorSource, image: string): YamlMapping {
  // With a registry, generate is told which one: a shard generator job (of a parent pipeline
  // written before --shards-dir) installs it from there too.
  const from = source.kind === "registry" ? ["--registry", source.registry] : [];
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
      image,
      variables: { GIT_DEPTH: "0" },
      script: generatorScript(source, [
        [
          "generate",
          ...from,
          "--output",
          GENERATED_FILE,
          "--plan-file",
          PLAN_FILE,
          "--shards-dir",
          SHARDS_DIR,
        ],
      ]),
      // The plan is linked from the merge request's widget, for previews and real runs alike.
      // A batch too big for one pipeline has its shard files here too.
      artifacts: {
        paths: [GENERATED_FILE, PLAN_FILE, `${SHARDS_DIR}/`],
        expose_as: "grove-pipelines plan",
        expire_in: "1 week",
      },
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

/** Where the generate job gets grove-pipelines, in words (the file's header, init's message). */
export function describeSource(source: GeneratorSource): string {
  if (source.kind === "vendored") return `runs ${VENDORED_COMMAND} (vendored) with node`;
  const where =
    source.registry === "npm"
      ? NPM_REGISTRY
      : source.registry === "gitlab"
        ? "this GitLab project's package registry"
        : source.registry;
  return `installs grove-pipelines@${source.version} from ${where}`;
}

function header(source: GeneratorSource): string {
  const again = source.kind === "vendored" ? "init --vendor" : `init --registry ${source.registry}`;
  return `# Parent pipeline of a Grove cluster repository, written by \`grove-pipelines init\`.
#
# ${GENERATE_JOB} reads the newest commit's title (e.g. \`[AutoDeploy][Update] site-a|42\`) and
# the instance configs and writes a child pipeline doing exactly the work asked for;
# ${TRIGGER_JOB} runs it and fails when it fails. Commits deploy only on a deploy branch and in
# pipelines started by a push, a schedule, the web UI, the API or a trigger; any other pipeline
# gets a one-job preview. Only a push reads its commit titles: any other pipeline runs only what
# it carries itself (a CI_COMMIT_MESSAGE of its own, the trigger client's variables, a webhook's
# TRIGGER_PAYLOAD). GIT_DEPTH 0 lets a push of several commits be read as a whole. The plan is in
# a collapsed section of the ${GENERATE_JOB} log, and in ${PLAN_FILE}, which merge requests link to.
#
# ${GENERATE_JOB} ${describeSource(source)}. A batch too big for one
# pipeline is planned once, here: the child pipeline is then an orchestrator that fetches the
# shard files ${GENERATE_JOB} kept in ${SHARDS_DIR}/ and runs them one after the other. To upgrade,
# run a newer grove-pipelines' \`${again}\`; its CHANGELOG.md says what changes in the generated
# pipelines.
`;
}

/** The parent pipeline as the text `init` writes (or prints to merge). */
export function parentPipelineYaml(source: GeneratorSource, image: string): string {
  const body = emitYaml(parentPipeline(source, image));
  // A blank line before each top-level key, as people write it.
  return `${header(source)}\n${body.replace(/\n(?=[^\s-])/g, "\n\n")}`;
}
