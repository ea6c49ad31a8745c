/**
 * When may a directive run? Anyone who can land a commit title on a deploy branch decides what the
 * cluster does, so inside GitLab CI a directive is carried out only for pipelines of a deploy
 * branch started by one of the trusted sources. Everywhere else (merge requests, other branches,
 * tags) the generator writes a preview instead. What a trusted source other than a push may run
 * is decided before this (cli/carriedDirective.ts): only what it carries itself, never what its
 * head commit asked for.
 */
const TRUSTED_SOURCES: readonly string[] = [
  "push",
  "schedule",
  "web",
  "api",
  "trigger",
  "pipeline",
];

export type GateDecision =
  { readonly run: true } | { readonly run: false; readonly reason: string };

export interface GateInput {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Settings `deployBranches`; null means the project's default branch. */
  readonly deployBranches: readonly string[] | null;
  /**
   * A shard of an orchestrated batch runs in a child pipeline (source `parent_pipeline`) that only
   * exists because its parent passed this gate; the branch rule still applies.
   */
  readonly shard?: boolean;
}

export function decideGate(input: GateInput): GateDecision {
  const { env } = input;
  if (env.GITLAB_CI !== "true") return { run: true };
  const source = env.CI_PIPELINE_SOURCE ?? "";
  const sourceOk =
    TRUSTED_SOURCES.includes(source) || (input.shard === true && source === "parent_pipeline");
  if (!sourceOk) {
    return {
      run: false,
      reason: `pipelines started by '${source || "unknown"}' do not deploy (only ${TRUSTED_SOURCES.join(", ")} do)`,
    };
  }
  // GitLab never sets both, so a tag beside a branch means CI_COMMIT_BRANCH came in as a pipeline
  // variable (a web or API run): a tag pipeline previews, whatever it claims its branch is.
  const tag = env.CI_COMMIT_TAG;
  if (tag !== undefined && tag !== "") {
    return {
      run: false,
      reason: `this pipeline is for the tag '${tag}', and tags do not deploy`,
    };
  }
  const branch = env.CI_COMMIT_BRANCH;
  if (branch === undefined || branch === "") {
    return {
      run: false,
      reason: "this pipeline is not for a branch (a tag or a merge request), so it does not deploy",
    };
  }
  const defaultBranch = env.CI_DEFAULT_BRANCH;
  const allowed = input.deployBranches ?? (defaultBranch === undefined ? [] : [defaultBranch]);
  if (!allowed.includes(branch)) {
    const which =
      input.deployBranches === null
        ? `only the default branch${defaultBranch === undefined ? "" : ` '${defaultBranch}'`} deploys`
        : `deployBranches allows only ${allowed.map((b) => `'${b}'`).join(", ")}`;
    return { run: false, reason: `branch '${branch}' does not deploy: ${which}` };
  }
  return { run: true };
}
