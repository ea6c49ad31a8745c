import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTempDir, removeTempDirs, writeTree } from "../tempTree.js";
import { listPipelineJobs } from "./listPipelineJobs.js";
import { makeClusterRepo } from "./makeClusterRepo.js";

// Hand-written files: what the product generates is checked in test/e2e/gitlabValidation.
const VALID = [
  "stages: [build, deploy]",
  "build:",
  "  stage: build",
  "  script: [echo build]",
  "deploy:",
  "  stage: deploy",
  "  needs: [build]",
  "  when: manual",
  "  script: [echo deploy]",
  "",
].join("\n");
const INVALID =
  "stages: [a]\njob:\n  stage: a\n  script: [echo]\n  environment: {name: x, action: bogus}\n";

let repo = "";
beforeAll(() => {
  const cluster = writeTree(makeTempDir("list-jobs"), { "instances/a/config.yml": "{}\n" });
  repo = makeClusterRepo(cluster, "Pipelines to check", {
    "valid.yml": VALID,
    "invalid.yml": INVALID,
  });
});
afterAll(() => {
  fs.rmSync(repo, { recursive: true, force: true });
  removeTempDirs();
});

describe("listPipelineJobs", () => {
  it("lists the jobs of a valid file: stage, when, allow_failure and needs (null when absent)", () => {
    expect(listPipelineJobs(repo, "valid.yml")).toEqual({
      valid: true,
      jobs: [
        { name: "build", stage: "build", when: "on_success", allowFailure: false, needs: null },
        { name: "deploy", stage: "deploy", when: "manual", allowFailure: false, needs: ["build"] },
      ],
    });
  });

  it("rejects a file GitLab's schema rejects, saying why", () => {
    const listed = listPipelineJobs(repo, "invalid.yml");
    expect(listed.valid).toBe(false);
    if (!listed.valid) expect(listed.stderr).toContain("action");
  });
});
