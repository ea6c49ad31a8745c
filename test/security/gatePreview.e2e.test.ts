import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runGeneratedPipeline, TRIGGER_JOB } from "../support/e2e/runGeneratedPipeline.js";
import { copyCluster } from "./support/clusterRepo.js";
import { removeTempDirs } from "../support/tempTree.js";
import { testCli } from "../support/testCli.js";

afterAll(removeTempDirs);

describe("a merge request's preview pipeline, run by gitlab-ci-local", () => {
  it("prints why it does not deploy and what would run after merge, and touches nothing", async () => {
    const cluster = copyCluster("preview-e2e");
    // No `image:` in the generated file: gitlab-ci-local gives a job with an image a
    // CI_PROJECT_DIR under /builds that does not exist when the shell runs it (no Docker here).
    const settings = path.join(cluster, "grove-pipelines.yml");
    const text = fs.readFileSync(settings, "utf8");
    expect(text).toMatch(/^image: .*\n/m);
    fs.writeFileSync(settings, text.replace(/^image: .*\n/m, ""));

    const title = "[AutoDeploy][Update] demo|42,hooli-edu";
    const output = path.join(cluster, "preview.yml");
    const generated = await testCli(["generate", "--repo", cluster, "--output", output], {
      env: {
        GITLAB_CI: "true",
        CI_PIPELINE_SOURCE: "merge_request_event",
        CI_DEFAULT_BRANCH: "main",
        CI_MERGE_REQUEST_TITLE: title,
        CI_COMMIT_MESSAGE: title,
      },
    });
    expect(generated.code).toBe(0);

    const run = runGeneratedPipeline(cluster, fs.readFileSync(output, "utf8"), {
      commitMessage: title,
    });
    expect(run.jobs.map((j) => [j.name, j.status])).toEqual([
      ["preview", "pass"],
      [TRIGGER_JOB, "pass"],
    ]);
    // gitlab-ci-local prefixes each line a job prints with the job's name and `>`.
    const printed = run.stdout
      .split("\n")
      .map((line) => /^.*preview > (.*)$/.exec(line)?.[1])
      .filter((line): line is string => line !== undefined);
    expect(printed).toContain(
      "pipelines started by 'merge_request_event' do not deploy (only push, schedule, web, api, trigger, pipeline do)",
    );
    for (const job of [
      "build-image:demo",
      "build-image:hooli-edu",
      "deploy:demo",
      "deploy:hooli-edu",
    ]) {
      expect(printed).toContain(job);
    }
    // The stubbed grove and terraform were never called.
    expect(run.calls).toEqual([]);
  });
});
