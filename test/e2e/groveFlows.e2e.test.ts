import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { expectExampleRun } from "../support/e2e/expectExampleRun.js";
import { generatedVariable } from "../support/e2e/generatedVariable.js";
import { runExampleCluster } from "../support/e2e/runExampleCluster.js";
import { PROJECT_ROOT } from "../support/e2e/writeCliWrapper.js";

/*
 * Issue 11: Grove's real flows, run for real. The example cluster's parent pipeline runs in
 * gitlab-ci-local with the variables Grove's trigger client (OCIM) sends, as a schedule, with a
 * webhook's push event, and as the merge of a deployment branch; stub `grove`/`terraform` record
 * what ran. The head commit of every run but the merge asks to update demo, so deploy:demo in
 * any of them would be a replay of the head commit. Expected calls are written by hand.
 */

const HEAD = "[AutoDeploy][Update] demo|42";

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** A trigger pipeline of the deploy branch with `variables`, as the trigger API starts it. */
function triggered(variables: Record<string, string>) {
  return runExampleCluster(HEAD, { variables: { CI_PIPELINE_SOURCE: "trigger", ...variables } });
}

describe("the trigger client's requests", () => {
  it("a new-instance request prepares the deployment and runs nothing of the head commit", () => {
    const run = triggered({
      NEW_INSTANCE_TRIGGER: "1",
      INSTANCE_NAME: "new-site",
      DEPLOYMENT_REQUEST_ID: "77",
      // The rest of what the client sends is for the prepare job, not for the generator.
      TUTOR_LMS_HOST: "new-site.example.com",
      TUTOR_SITE_CONFIG: '{"PLATFORM_NAME": "New site"}',
    });
    expectExampleRun(run);
    expect(run.calls).toEqual([
      {
        job: "prepare-deployment:new-site",
        instance: "new-site",
        args: "prepare-deployment new-site 77",
      },
    ]);
  });

  it.each([
    ["ARCHIVE_INSTANCE_TRIGGER", "request-archive"],
    ["DELETE_INSTANCE_TRIGGER", "request-delete"],
  ])("%s runs its own request job", (trigger, job) => {
    const run = triggered({ [trigger]: "1", INSTANCE_NAME: "hooli-edu" });
    expectExampleRun(run);
    expect(run.calls).toEqual([
      { job: `${job}:hooli-edu`, instance: "hooli-edu", args: `${job} hooli-edu` },
    ]);
  });

  it("an abort runs the abort job and starts no deployment", () => {
    const run = triggered({ ABORT_DEPLOYMENT_TRIGGER: "True", PIPELINE_ID: "4242" });
    expectExampleRun(run);
    expect(run.calls).toEqual([
      { job: "abort-deployment", instance: "", args: "abort-deployment 4242" },
    ]);
  });

  it("a malformed request fails the generate job and runs nothing", () => {
    const run = triggered({ NEW_INSTANCE_TRIGGER: "1", INSTANCE_NAME: "new-site" });
    expect(run.calls).toEqual([]);
    expect(run.jobs).toContainEqual(
      expect.objectContaining({ name: "generate-pipeline", status: "fail" }),
    );
    expect(run.stdout).toContain(
      "NEW_INSTANCE_TRIGGER needs the variable DEPLOYMENT_REQUEST_ID, which is not set",
    );
  });
});

describe("schedules", () => {
  it("a schedule without a message of its own runs one noop job, not the head commit", () => {
    const run = runExampleCluster(HEAD, { variables: { CI_PIPELINE_SOURCE: "schedule" } });
    const jobs = expectExampleRun(run);
    expect(run.calls).toEqual([]);
    expect(jobs.map((j) => j.name)).toEqual(["noop"]);
    expect(generatedVariable(run.generated ?? "", "noop", "NOOP_REASON")).toMatch(
      /^This pipeline was not started by a push, so it does not repeat what the head commit asked for/,
    );
  });

  it("a schedule with its own CI_COMMIT_MESSAGE runs that directive only", () => {
    const run = runExampleCluster(HEAD, {
      variables: {
        CI_PIPELINE_SOURCE: "schedule",
        CI_COMMIT_MESSAGE: "[AutoDeploy][Update] acme-university",
      },
    });
    expectExampleRun(run);
    expect(run.calls).toEqual([
      {
        job: "build-image:acme-university",
        instance: "acme-university",
        args: "build-image acme-university",
      },
      {
        job: "deploy:acme-university",
        instance: "acme-university",
        args: "deploy acme-university",
      },
    ]);
  });
});

describe("a fork push through a webhook", () => {
  it("redeploys every instance running the pushed branch, base image first", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "grove-e2e-payload-"));
    dirs.push(dir);
    const payload = path.join(dir, "TRIGGER_PAYLOAD");
    fs.copyFileSync(path.join(PROJECT_ROOT, "test/fixtures/webhooks/github-push.json"), payload);
    const run = triggered({ TRIGGER_PAYLOAD: payload });
    expectExampleRun(run);
    // examples/cluster/README.md: initech-academy alone runs open-craft's opencraft-release/quince.3.
    expect(run.calls).toEqual([
      {
        job: "base-image:open-craft/edx-platform@opencraft-release/quince.3",
        instance: "",
        args: "build-base-image",
      },
      {
        job: "build-image:initech-academy",
        instance: "initech-academy",
        args: "build-image initech-academy",
      },
      {
        job: "deploy:initech-academy",
        instance: "initech-academy",
        args: "deploy initech-academy",
      },
    ]);
  });
});

describe("the merge of a deployment branch", () => {
  const MERGE =
    "Merge branch 'deployment/new-site/77' into 'main'\n\nDeploy new-site\n\nSee merge request grove/cluster!12";

  /** The branch the prepare job pushed, adding the instance, merged as GitLab merges. */
  function mergeDeploymentBranch(repo: string): void {
    const git = (...args: string[]) =>
      execFileSync(
        "git",
        [
          "-c",
          "user.name=grove-e2e",
          "-c",
          "user.email=grove-e2e@example.invalid",
          "-c",
          "commit.gpgsign=false",
          ...args,
        ],
        { cwd: repo, stdio: ["ignore", "pipe", "pipe"] },
      );
    git("checkout", "--quiet", "-b", "deployment/new-site/77");
    fs.mkdirSync(path.join(repo, "instances/new-site"));
    fs.writeFileSync(
      path.join(repo, "instances/new-site/config.yml"),
      "EDX_PLATFORM_REPOSITORY: https://github.com/openedx/edx-platform.git\nEDX_PLATFORM_VERSION: open-release/quince.3\n",
    );
    git("add", ".");
    git("commit", "--quiet", "-m", "Prepare deployment 77 of new-site");
    git("checkout", "--quiet", "main");
    git("merge", "--quiet", "--no-ff", "-m", MERGE, "deployment/new-site/77");
  }

  it("creates the new instance: Terraform, then its image, then its deploy", () => {
    const run = runExampleCluster("Document the cluster", {
      history: mergeDeploymentBranch,
      variables: { CI_COMMIT_MESSAGE: MERGE },
    });
    expectExampleRun(run);
    expect(run.calls.map((c) => c.job)).toEqual([
      "terraform-plan",
      "terraform-apply",
      "build-image:new-site",
      "deploy:new-site",
    ]);
    expect(generatedVariable(run.generated ?? "", "deploy:new-site", "DEPLOYMENT_REQUEST_ID")).toBe(
      "77",
    );
  });
});
