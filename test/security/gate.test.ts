import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyCluster } from "./support/clusterRepo.js";
import { removeTempDirs } from "../support/tempTree.js";
import { inspectPipeline } from "./support/inspectPipeline.js";
import type { PipelineFacts } from "./support/inspectPipeline.js";
import { testCli } from "../support/testCli.js";

/*
 * Issue 4, point 1: inside GitLab CI a directive runs only for a deploy branch's pipeline started
 * by a trusted source; everywhere else `generate` writes a one-job preview of the plan. Each test
 * drives the real CLI with the environment GitLab gives such a pipeline.
 */

const UPDATE = "[AutoDeploy][Update] demo|42,hooli-edu";
const BATCH = "[AutoDeploy][Batch][Upgrade] https://github.com/openedx/edx-platform.git|*";

let cluster: string;
beforeAll(() => {
  cluster = copyCluster("gate");
});
afterAll(removeTempDirs);

/** GitLab's variables for a pipeline; the example cluster's settings say deployBranches: [main]. */
function gitlab(env: Record<string, string>): Record<string, string> {
  return { GITLAB_CI: "true", CI_DEFAULT_BRANCH: "main", CI_COMMIT_MESSAGE: UPDATE, ...env };
}

let outputs = 0;
async function generate(
  env: Record<string, string>,
  repo = cluster,
  extra: readonly string[] = [],
): Promise<{ code: number; stderr: string; facts: PipelineFacts; yaml: string }> {
  const output = path.join(repo, `out-${++outputs}.yml`);
  const run = await testCli(["generate", "--repo", repo, "--output", output, ...extra], { env });
  expect(run.stderr).not.toMatch(/^error:/m);
  expect(run.code).toBe(0);
  const yaml = fs.readFileSync(output, "utf8");
  return { code: run.code, stderr: run.stderr, facts: inspectPipeline(yaml), yaml };
}

/** What `plan --json` says the message does, as the preview's summary lines should show it. */
async function planSummary(message: string, repo = cluster): Promise<string[]> {
  const run = await testCli(["plan", "--repo", repo, "--json", "--message", message]);
  expect(run.code).toBe(0);
  const plan = JSON.parse(run.stdout) as {
    jobs: { name: string; wave: number | null }[];
    skipped: { instance: string; reason: string }[];
  };
  return [
    ...plan.jobs.map((j) => (j.wave === null ? j.name : `${j.name} (wave ${j.wave})`)),
    ...plan.skipped.map((s) => `skipped ${s.instance}: ${s.reason}`),
  ];
}

async function planJobNames(message: string, repo = cluster): Promise<string[]> {
  const run = await testCli(["plan", "--repo", repo, "--json", "--message", message]);
  expect(run.code).toBe(0);
  return (JSON.parse(run.stdout) as { jobs: { name: string }[] }).jobs.map((j) => j.name);
}

/** The preview's one job, its reason and its summary lines; fails when it is not a preview. */
function preview(facts: PipelineFacts): { reason: string; summary: string[] } {
  expect(facts.jobs.map((j) => j.name)).toEqual(["preview"]);
  const [job] = facts.jobs;
  expect(job?.instance).toBeNull();
  expect(job?.literalVariables).toBe(true);
  return {
    reason: job?.variables.NOOP_REASON ?? "",
    summary: (job?.variables.PLAN_SUMMARY ?? "").split("\n"),
  };
}

describe("generate in GitLab CI writes a preview where a directive may not run", () => {
  it("previews a merge request pipeline: the plan, and why it does not run here", async () => {
    const { facts, stderr } = await generate(
      gitlab({ CI_PIPELINE_SOURCE: "merge_request_event", CI_MERGE_REQUEST_TITLE: UPDATE }),
    );
    const { reason, summary } = preview(facts);
    expect(reason).toMatch(/merge_request_event/);
    expect(reason).toMatch(/do not deploy/);
    expect(summary).toEqual(await planSummary(UPDATE));
    expect(summary).toEqual([
      "build-image:demo",
      "build-image:hooli-edu",
      "deploy:demo",
      "deploy:hooli-edu",
    ]);
    expect(stderr).toMatch(/a preview only/);
  });

  it("previews a push to another branch, naming the branches that deploy", async () => {
    const { facts } = await generate(
      gitlab({ CI_PIPELINE_SOURCE: "push", CI_COMMIT_BRANCH: "feature/x" }),
    );
    const { reason, summary } = preview(facts);
    expect(reason).toBe("branch 'feature/x' does not deploy: deployBranches allows only 'main'");
    expect(summary).toEqual(await planSummary(UPDATE));
  });

  it("previews a web pipeline of a tag that was given CI_COMMIT_BRANCH as a variable", async () => {
    const { facts } = await generate(
      gitlab({
        CI_PIPELINE_SOURCE: "web",
        CI_COMMIT_TAG: "v1.0",
        CI_COMMIT_BRANCH: "main",
        CI_COMMIT_MESSAGE: UPDATE,
      }),
    );
    expect(preview(facts).reason).toBe(
      "this pipeline is for the tag 'v1.0', and tags do not deploy",
    );
  });

  it("previews a tag pipeline, which has no branch", async () => {
    const { facts } = await generate(
      gitlab({
        CI_PIPELINE_SOURCE: "push",
        CI_COMMIT_TAG: "v1.0",
        CI_COMMIT_REF_NAME: "main",
        CI_COMMIT_MESSAGE: BATCH,
      }),
    );
    const { reason, summary } = preview(facts);
    expect(reason).toBe("this pipeline is for the tag 'v1.0', and tags do not deploy");
    // A batch preview lists the waves and the instances the batch leaves out, with reasons.
    expect(summary).toEqual(await planSummary(BATCH));
    expect(summary).toContain(
      "skipped hooli-edu: BATCH_UPGRADE_DISABLED is true in instances/hooli-edu/grove.yml",
    );
  });

  it.each(["external_pull_request_event", "chat", "parent_pipeline", "webide", ""])(
    "previews a pipeline of the deploy branch started by '%s'",
    async (source) => {
      const { facts } = await generate(
        gitlab({ CI_PIPELINE_SOURCE: source, CI_COMMIT_BRANCH: "main" }),
      );
      expect(preview(facts).reason).toMatch(/do not deploy \(only push, schedule, web, api/);
    },
  );

  it("previews when the pipeline source is not given at all", async () => {
    const env = gitlab({ CI_COMMIT_BRANCH: "main" });
    expect(preview((await generate(env)).facts).reason).toMatch(/'unknown' do not deploy/);
  });
});

describe("generate in GitLab CI writes the real pipeline where a directive may run", () => {
  it.each(["push", "schedule", "web", "api", "trigger", "pipeline"])(
    "runs a %s pipeline of the deploy branch",
    async (source) => {
      const { facts } = await generate(
        gitlab({ CI_PIPELINE_SOURCE: source, CI_COMMIT_BRANCH: "main" }),
      );
      expect(facts.jobs.map((j) => j.name)).toEqual(await planJobNames(UPDATE));
      expect(facts.jobs.map((j) => j.instance)).toEqual(["demo", "hooli-edu", "demo", "hooli-edu"]);
    },
  );

  it("runs a periodic rebuild: a schedule that overrides CI_COMMIT_MESSAGE", async () => {
    const { facts } = await generate(
      gitlab({
        CI_PIPELINE_SOURCE: "schedule",
        CI_COMMIT_BRANCH: "main",
        // GitLab gives schedules no previous commit: all zeros.
        CI_COMMIT_BEFORE_SHA: "0".repeat(40),
        CI_COMMIT_MESSAGE: BATCH,
      }),
    );
    expect(facts.jobs.map((j) => j.name)).toEqual(await planJobNames(BATCH));
    expect(facts.jobs.some((j) => j.name === "deploy:demo")).toBe(true);
  });

  it("runs outside GitLab CI (GITLAB_CI unset): a person at a terminal decides", async () => {
    const { facts } = await generate({ CI_COMMIT_MESSAGE: UPDATE });
    expect(facts.jobs.map((j) => j.name)).toEqual(await planJobNames(UPDATE));
  });
});

describe("deployBranches", () => {
  it("decides instead of the default branch when the settings set it", async () => {
    // The example cluster deploys from main; here GitLab's default branch is another one.
    const onDefault = await generate(
      gitlab({ CI_DEFAULT_BRANCH: "trunk", CI_PIPELINE_SOURCE: "push", CI_COMMIT_BRANCH: "trunk" }),
    );
    expect(preview(onDefault.facts).reason).toBe(
      "branch 'trunk' does not deploy: deployBranches allows only 'main'",
    );
    const onMain = await generate(
      gitlab({ CI_DEFAULT_BRANCH: "trunk", CI_PIPELINE_SOURCE: "push", CI_COMMIT_BRANCH: "main" }),
    );
    expect(onMain.facts.jobs.map((j) => j.name)).toEqual(await planJobNames(UPDATE));
  });

  it("may list several branches", async () => {
    const repo = copyCluster("gate-branches");
    const settings = path.join(repo, "grove-pipelines.yml");
    const text = fs.readFileSync(settings, "utf8");
    fs.writeFileSync(
      settings,
      text.replace("deployBranches: [main]", "deployBranches: [main, release/2024]"),
    );
    for (const branch of ["main", "release/2024"]) {
      const env = gitlab({ CI_PIPELINE_SOURCE: "push", CI_COMMIT_BRANCH: branch });
      const { facts } = await generate(env, repo);
      expect(facts.jobs.map((j) => j.name)).toEqual(await planJobNames(UPDATE, repo));
    }
    const other = await generate(
      gitlab({ CI_PIPELINE_SOURCE: "push", CI_COMMIT_BRANCH: "release" }),
      repo,
    );
    expect(preview(other.facts).reason).toBe(
      "branch 'release' does not deploy: deployBranches allows only 'main', 'release/2024'",
    );
  });

  it("defaults to GitLab's default branch when the settings leave it out", async () => {
    const repo = copyCluster("gate-default");
    const settings = path.join(repo, "grove-pipelines.yml");
    const text = fs.readFileSync(settings, "utf8");
    expect(text).toContain("deployBranches: [main]\n");
    fs.writeFileSync(settings, text.replace("deployBranches: [main]\n", ""));
    const env = { CI_DEFAULT_BRANCH: "trunk", CI_PIPELINE_SOURCE: "push" };
    const onTrunk = await generate(gitlab({ ...env, CI_COMMIT_BRANCH: "trunk" }), repo);
    expect(onTrunk.facts.jobs.map((j) => j.name)).toEqual(await planJobNames(UPDATE, repo));
    const onMain = await generate(gitlab({ ...env, CI_COMMIT_BRANCH: "main" }), repo);
    expect(preview(onMain.facts).reason).toBe(
      "branch 'main' does not deploy: only the default branch 'trunk' deploys",
    );
  });
});

describe("a merge request's preview shows what merging it would do", () => {
  // GitLab's merge commit carries the merge request title on its first line after
  // "Merge branch ...", and a squash commit is titled with it too: that title is what deploys.
  it("plans the merge request title, not the branch's newest commit", async () => {
    const env = gitlab({
      CI_PIPELINE_SOURCE: "merge_request_event",
      CI_MERGE_REQUEST_TITLE: "[AutoDeploy][Archive] stark-labs",
      CI_COMMIT_MESSAGE: UPDATE,
    });
    expect(preview((await generate(env)).facts).summary).toEqual(["archive:stark-labs"]);
    const plan = await testCli(["plan", "--repo", cluster], { env });
    expect(plan.stdout).toMatch(/^Directive: archive: stark-labs {2}\(from CI_MERGE_REQUEST_TITLE/);
  });

  it("previews nothing to do when only a commit of the branch carries a directive", async () => {
    const env = gitlab({
      CI_PIPELINE_SOURCE: "merge_request_event",
      CI_MERGE_REQUEST_TITLE: "Tidy the demo's config",
      CI_COMMIT_MESSAGE: UPDATE,
    });
    expect(preview((await generate(env)).facts).summary).toEqual(["noop"]);
  });

  it("plans the branch's newest commit with --single-commit", async () => {
    const env = gitlab({
      CI_PIPELINE_SOURCE: "merge_request_event",
      CI_MERGE_REQUEST_TITLE: "Tidy the demo's config",
      CI_COMMIT_MESSAGE: UPDATE,
    });
    const { facts } = await generate(env, cluster, ["--single-commit"]);
    expect(preview(facts).summary).toEqual(await planSummary(UPDATE));
  });

  it("fails a merge request whose title is a broken directive, as the merge would", async () => {
    const env = gitlab({
      CI_PIPELINE_SOURCE: "merge_request_event",
      CI_MERGE_REQUEST_TITLE: "[AutoDeploy][Updaet] demo",
    });
    const output = path.join(cluster, "broken-title.yml");
    const run = await testCli(["generate", "--repo", cluster, "--output", output], { env });
    expect(fs.existsSync(output)).toBe(false);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: column \d+: .*Updaet/m);
  });
});
