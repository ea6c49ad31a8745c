import { describe, expect, it } from "vitest";
import { decideGate } from "./decideGate.js";

const ci = (env: Record<string, string>) => ({
  GITLAB_CI: "true",
  CI_DEFAULT_BRANCH: "main",
  ...env,
});

describe("decideGate", () => {
  it("always runs outside GitLab CI", () => {
    expect(decideGate({ env: {}, deployBranches: null })).toEqual({ run: true });
  });

  it.each(["push", "schedule", "web", "api", "trigger", "pipeline"])(
    "runs a %s pipeline of the default branch",
    (source) => {
      const env = ci({ CI_PIPELINE_SOURCE: source, CI_COMMIT_BRANCH: "main" });
      expect(decideGate({ env, deployBranches: null })).toEqual({ run: true });
    },
  );

  it.each(["merge_request_event", "external_pull_request_event", "chat", "parent_pipeline", ""])(
    "previews a %s pipeline",
    (source) => {
      const env = ci({ CI_PIPELINE_SOURCE: source, CI_COMMIT_BRANCH: "main" });
      const decision = decideGate({ env, deployBranches: null });
      expect(decision.run).toBe(false);
      expect(!decision.run && decision.reason).toMatch(/do not deploy/);
    },
  );

  it("previews a pipeline of another branch", () => {
    const env = ci({ CI_PIPELINE_SOURCE: "push", CI_COMMIT_BRANCH: "feature" });
    const decision = decideGate({ env, deployBranches: null });
    expect(decision).toEqual({
      run: false,
      reason: "branch 'feature' does not deploy: only the default branch 'main' deploys",
    });
  });

  it("previews a tag pipeline, which has no branch", () => {
    const env = ci({ CI_PIPELINE_SOURCE: "push", CI_COMMIT_TAG: "v1" });
    expect(decideGate({ env, deployBranches: null }).run).toBe(false);
  });

  it.each(["push", "web", "api", "trigger", "schedule"])(
    "previews a %s pipeline of a tag even when it names a deploy branch",
    (source) => {
      const env = ci({ CI_PIPELINE_SOURCE: source, CI_COMMIT_TAG: "v1", CI_COMMIT_BRANCH: "main" });
      expect(decideGate({ env, deployBranches: null })).toEqual({
        run: false,
        reason: "this pipeline is for the tag 'v1', and tags do not deploy",
      });
    },
  );

  it("uses deployBranches instead of the default branch when set", () => {
    const env = ci({ CI_PIPELINE_SOURCE: "push", CI_COMMIT_BRANCH: "production" });
    expect(decideGate({ env, deployBranches: ["production"] })).toEqual({ run: true });
    const onMain = ci({ CI_PIPELINE_SOURCE: "push", CI_COMMIT_BRANCH: "main" });
    expect(decideGate({ env: onMain, deployBranches: ["production"] })).toEqual({
      run: false,
      reason: "branch 'main' does not deploy: deployBranches allows only 'production'",
    });
  });

  it("lets a shard run in its parent's child pipeline, on a deploy branch only", () => {
    const env = ci({ CI_PIPELINE_SOURCE: "parent_pipeline", CI_COMMIT_BRANCH: "main" });
    expect(decideGate({ env, deployBranches: null, shard: true })).toEqual({ run: true });
    const other = ci({ CI_PIPELINE_SOURCE: "parent_pipeline", CI_COMMIT_BRANCH: "x" });
    expect(decideGate({ env: other, deployBranches: null, shard: true }).run).toBe(false);
  });

  it("previews when no default branch is known and no deployBranches are set", () => {
    const env = { GITLAB_CI: "true", CI_PIPELINE_SOURCE: "push", CI_COMMIT_BRANCH: "main" };
    expect(decideGate({ env, deployBranches: null }).run).toBe(false);
  });
});
