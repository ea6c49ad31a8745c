import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { clusterHistory, commit, git, merge } from "./support/clusterRepo.js";
import { makeTempDir, removeTempDirs } from "../support/tempTree.js";
import { inspectPipeline } from "./support/inspectPipeline.js";
import { testCli } from "../support/testCli.js";

/*
 * Issue 4, point 2: a push of several commits loses nothing. Every test builds a real git history
 * in a temp folder and runs the real CLI with the variables GitLab gives a push pipeline of the
 * default branch.
 */

afterAll(removeTempDirs);

const ZEROS = "0".repeat(40);

function pushEnv(dir: string, before: string): Record<string, string> {
  const head = git(dir, ["rev-parse", "HEAD"]);
  return {
    GITLAB_CI: "true",
    CI_PIPELINE_SOURCE: "push",
    CI_DEFAULT_BRANCH: "main",
    CI_COMMIT_BRANCH: "main",
    CI_COMMIT_BEFORE_SHA: before,
    CI_COMMIT_SHA: head,
    // GitLab sets it to the newest commit's message; the push's other commits are only in git.
    CI_COMMIT_MESSAGE: git(dir, ["log", "-1", "--format=%B"]),
  };
}

interface PlannedJob {
  name: string;
  instance: string | null;
  variables: Record<string, string>;
}

interface Outcome {
  code: number;
  stderr: string;
  planText: string;
  jobs: PlannedJob[];
}

/**
 * `plan --json`, `plan` and `generate` on the same push; when they succeed, checks that the
 * generated pipeline has exactly the planned jobs, instances and variables.
 */
async function planAndGenerate(
  dir: string,
  env: Record<string, string>,
  extra: readonly string[] = [],
): Promise<Outcome> {
  const json = await testCli(["plan", "--repo", dir, "--json", ...extra], { env });
  const text = await testCli(["plan", "--repo", dir, ...extra], { env });
  const output = path.join(makeTempDir("multi-out"), "pipeline.yml");
  const generated = await testCli(["generate", "--repo", dir, "--output", output, ...extra], {
    env,
  });
  expect([text.code, generated.code]).toEqual([json.code, json.code]);
  expect(generated.stderr.split("\n").filter((l) => l.startsWith("error:"))).toEqual(
    json.stderr.split("\n").filter((l) => l.startsWith("error:")),
  );
  if (json.code !== 0) {
    expect(fs.existsSync(output)).toBe(false);
    return { code: json.code, stderr: json.stderr, planText: text.stdout, jobs: [] };
  }
  const plan = JSON.parse(json.stdout) as { jobs: PlannedJob[] };
  const facts = inspectPipeline(fs.readFileSync(output, "utf8"));
  expect(facts.jobs.map((j) => [j.name, j.instance, j.variables])).toEqual(
    plan.jobs.map((j) => [j.name, j.instance, j.variables]),
  );
  return { code: 0, stderr: json.stderr, planText: text.stdout, jobs: plan.jobs };
}

const names = (o: Outcome): string[] => o.jobs.map((j) => j.name);
const short = (sha: string): string => sha.slice(0, 8);

describe("a push of several commits", () => {
  it("plans every first-parent commit since the push's previous tip, merge commits included", async () => {
    const { dir, base } = clusterHistory("multi-merge");
    const create = commit(dir, "[AutoDeploy][Create] demo|req-1");
    commit(dir, "Document the demo instance");
    git(dir, ["checkout", "--quiet", "-b", "feature"]);
    // On the merged branch only: not on main's first-parent chain, so not planned.
    commit(dir, "[AutoDeploy][Archive] hooli-edu");
    git(dir, ["checkout", "--quiet", "main"]);
    const update = commit(dir, "[AutoDeploy][Update] acme-staging|7");
    // GitLab's merge commit: the merge request's title is the first line after the first.
    const merged = merge(
      dir,
      "feature",
      "Merge branch 'feature' into 'main'\n\n[AutoDeploy][Delete] stark-labs\n\nSee merge request grove/cluster!12",
    );

    const outcome = await planAndGenerate(dir, pushEnv(dir, base));
    expect(outcome.code).toBe(0);
    expect(names(outcome)).toEqual([
      "terraform-plan",
      "terraform-apply",
      "build-image:demo",
      "build-image:acme-staging",
      "deploy:demo",
      "deploy:acme-staging",
      "delete:stark-labs",
    ]);
    expect(outcome.jobs.find((j) => j.name === "deploy:demo")?.variables).toMatchObject({
      AUTODEPLOY_KIND: "create",
      DEPLOYMENT_REQUEST_ID: "req-1",
    });
    expect(outcome.jobs.find((j) => j.name === "deploy:acme-staging")?.variables).toMatchObject({
      DEPLOYMENT_REQUEST_ID: "7",
    });
    // plan says where each part came from.
    expect(outcome.planText).toContain(`(from 4 commit(s) pushed since ${short(base)})`);
    for (const sha of [create, update, merged]) expect(outcome.planText).toContain(short(sha));
  });

  it("creates an instance asked to be created and then updated, once", async () => {
    const { dir, base } = clusterHistory("multi-create-update");
    const create = commit(dir, "[AutoDeploy][Create] demo|1");
    const update = commit(dir, "[AutoDeploy][Update] demo|2");
    const outcome = await planAndGenerate(dir, pushEnv(dir, base));
    expect(names(outcome)).toEqual([
      "terraform-plan",
      "terraform-apply",
      "build-image:demo",
      "deploy:demo",
    ]);
    for (const job of outcome.jobs.filter((j) => j.instance === "demo")) {
      expect(job.variables).toMatchObject({ AUTODEPLOY_KIND: "create", INSTANCE_NAME: "demo" });
    }
    // The later request's id is reported; the dropped one is not silent.
    expect(
      outcome.jobs.find((j) => j.name === "deploy:demo")?.variables.DEPLOYMENT_REQUEST_ID,
    ).toBe("2");
    expect(outcome.stderr).toMatch(/^warning: .*demo.*DEPLOYMENT_REQUEST_ID 1.*2/m);
    expect(outcome.stderr).toContain(short(create));
    expect(outcome.stderr).toContain(short(update));
  });

  it.each(["Archive", "Delete"])(
    "merges two %s requests for one instance into one job",
    async (tag) => {
      const { dir, base } = clusterHistory(`multi-${tag}`);
      commit(dir, `[AutoDeploy][${tag}] stark-labs`);
      commit(dir, "Unrelated change");
      commit(dir, `[AutoDeploy][${tag}] hooli-edu,stark-labs`);
      const kind = tag.toLowerCase();
      const outcome = await planAndGenerate(dir, pushEnv(dir, base));
      expect(outcome.code).toBe(0);
      expect(names(outcome).sort()).toEqual([`${kind}:hooli-edu`, `${kind}:stark-labs`]);
    },
  );

  it("fails an update and an archive of one instance, naming both commits", async () => {
    const { dir, base } = clusterHistory("multi-update-archive");
    const update = commit(dir, "[AutoDeploy][Update] demo");
    const archive = commit(dir, "[AutoDeploy][Archive] demo");
    const outcome = await planAndGenerate(dir, pushEnv(dir, base));
    expect(outcome.code).toBe(1);
    const errors = outcome.stderr.split("\n").filter((l) => l.startsWith("error:"));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain("'demo'");
    expect(errors[0]).toContain(short(update));
    expect(errors[0]).toContain(short(archive));
  });

  it("fails an archive and a delete of one instance, naming both commits", async () => {
    const { dir, base } = clusterHistory("multi-archive-delete");
    const archive = commit(dir, "[AutoDeploy][Archive] stark-labs");
    const remove = commit(dir, "[AutoDeploy][Delete] stark-labs");
    const outcome = await planAndGenerate(dir, pushEnv(dir, base));
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toMatch(new RegExp(`${short(archive)}.*${short(remove)}`));
  });

  it("fails a batch together with an archive of an instance the batch selects, naming both", async () => {
    const { dir, base } = clusterHistory("multi-batch-archive");
    const batch = commit(dir, "[AutoDeploy][Batch][Upgrade] *|open-release/quince.3");
    const archive = commit(dir, "[AutoDeploy][Archive] acme-university");
    const outcome = await planAndGenerate(dir, pushEnv(dir, base));
    expect(outcome.code).toBe(1);
    const errors = outcome.stderr.split("\n").filter((l) => l.startsWith("error:"));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain("'acme-university'");
    expect(errors[0]).toContain(short(batch));
    expect(errors[0]).toContain(short(archive));
  });

  it("lets a batch and an archive of an instance the batch leaves out run together", async () => {
    const { dir, base } = clusterHistory("multi-batch-other");
    commit(dir, "[AutoDeploy][Batch][Upgrade] *|open-release/quince.3");
    // hooli-edu runs quince.3 but has BATCH_UPGRADE_DISABLED: the batch does not select it.
    commit(dir, "[AutoDeploy][Archive] hooli-edu");
    const outcome = await planAndGenerate(dir, pushEnv(dir, base));
    expect(outcome.code).toBe(0);
    expect(names(outcome)).toContain("archive:hooli-edu");
    expect(names(outcome)).toContain("deploy:demo");
    expect(names(outcome)).not.toContain("deploy:hooli-edu");
  });

  it("fails when an older commit of the push has a broken directive, naming that commit", async () => {
    const { dir, base } = clusterHistory("multi-typo");
    const typo = commit(dir, "[AutoDeploy][Updaet] demo");
    commit(dir, "[AutoDeploy][Update] acme-staging");
    const outcome = await planAndGenerate(dir, pushEnv(dir, base));
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toMatch(new RegExp(`^error: column \\d+: commit ${short(typo)}: `, "m"));
  });
});

describe("when only the newest commit is planned", () => {
  async function headOnly(dir: string, env: Record<string, string>, extra: string[] = []) {
    const outcome = await planAndGenerate(dir, env, extra);
    expect(outcome.code).toBe(0);
    expect(names(outcome)).toEqual(["build-image:acme-staging", "deploy:acme-staging"]);
    expect(outcome.planText).not.toContain("pushed since");
  }

  it("plans only HEAD with --single-commit", async () => {
    const { dir, base } = clusterHistory("single-flag");
    commit(dir, "[AutoDeploy][Update] demo");
    commit(dir, "[AutoDeploy][Update] acme-staging");
    await headOnly(dir, pushEnv(dir, base), ["--single-commit"]);
  });

  it("plans only HEAD when the previous tip is all zeros (a new branch)", async () => {
    const { dir } = clusterHistory("single-zeros");
    commit(dir, "[AutoDeploy][Update] demo");
    commit(dir, "[AutoDeploy][Update] acme-staging");
    await headOnly(dir, pushEnv(dir, ZEROS));
  });

  it("plans only HEAD after a force push: the previous tip is not an ancestor", async () => {
    const { dir, base } = clusterHistory("single-force");
    const replaced = commit(dir, "[AutoDeploy][Update] demo");
    git(dir, ["reset", "--quiet", "--hard", base]);
    commit(dir, "Rewritten history");
    commit(dir, "[AutoDeploy][Update] acme-staging");
    expect(git(dir, ["cat-file", "-t", replaced])).toBe("commit");
    await headOnly(dir, pushEnv(dir, replaced));
  });

  it("plans only HEAD when the previous tip is unknown to a full clone", async () => {
    const { dir } = clusterHistory("single-unknown");
    commit(dir, "[AutoDeploy][Update] demo");
    commit(dir, "[AutoDeploy][Update] acme-staging");
    await headOnly(dir, pushEnv(dir, "1234567890abcdef1234567890abcdef12345678"));
  });

  /** The jobs `plan --json` lists for a pipeline with `env`. */
  async function plannedJobs(dir: string, env: Record<string, string>): Promise<string[]> {
    // Only the plan matters here: an MR pipeline's generate writes a preview of it.
    const plan = await testCli(["plan", "--repo", dir, "--json"], { env });
    expect(plan.code).toBe(0);
    return (JSON.parse(plan.stdout) as { jobs: { name: string }[] }).jobs.map((j) => j.name);
  }

  it("plans only the title in a merge_request_event pipeline, whatever CI_COMMIT_BEFORE_SHA says", async () => {
    const { dir, base } = clusterHistory("single-merge_request_event");
    commit(dir, "[AutoDeploy][Update] demo");
    commit(dir, "[AutoDeploy][Update] acme-staging");
    const env = { ...pushEnv(dir, base), CI_PIPELINE_SOURCE: "merge_request_event" };
    expect(await plannedJobs(dir, env)).toEqual([
      "build-image:acme-staging",
      "deploy:acme-staging",
    ]);
  });

  // Issue 11, point 1: only a push replays what its commits asked for.
  it.each(["web", "schedule"])(
    "plans neither HEAD nor the pushed commits in a %s pipeline, only a message of its own",
    async (source) => {
      const { dir, base } = clusterHistory(`single-${source}`);
      commit(dir, "[AutoDeploy][Update] demo");
      commit(dir, "[AutoDeploy][Update] acme-staging");
      const env = { ...pushEnv(dir, base), CI_PIPELINE_SOURCE: source };
      expect(await plannedJobs(dir, env)).toEqual(["noop"]);
      const own = { ...env, CI_COMMIT_MESSAGE: "[AutoDeploy][Update] demo" };
      expect(await plannedJobs(dir, own)).toEqual(["build-image:demo", "deploy:demo"]);
    },
  );
});

describe("a push planned from a shallow clone (GitLab's GIT_DEPTH)", () => {
  function shallowClone(origin: string, depth: number): string {
    const dir = path.join(makeTempDir("shallow"), "clone");
    git(origin, ["clone", "--quiet", `--depth=${depth}`, `file://${origin}`, dir]);
    expect(git(dir, ["rev-parse", "--is-shallow-repository"])).toBe("true");
    return dir;
  }

  it("fails rather than drop pushed commits the clone does not have", async () => {
    const { dir: origin, base } = clusterHistory("shallow-origin");
    commit(origin, "[AutoDeploy][Update] demo");
    commit(origin, "[AutoDeploy][Update] acme-staging");
    const clone = shallowClone(origin, 1);
    const outcome = await planAndGenerate(clone, pushEnv(clone, base));
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toBe(
      `error: CI_COMMIT_BEFORE_SHA ${base} is not in this shallow clone, so the commits this push brought cannot all be read; give the generator job the whole history (GIT_DEPTH: 0) or, after a force push, run it with --single-commit\n`,
    );
    const single = await planAndGenerate(clone, pushEnv(clone, base), ["--single-commit"]);
    expect(names(single)).toEqual(["build-image:acme-staging", "deploy:acme-staging"]);
  });

  it("plans every pushed commit when the clone is deep enough", async () => {
    const { dir: origin, base } = clusterHistory("shallow-deep-origin");
    commit(origin, "[AutoDeploy][Update] demo");
    commit(origin, "[AutoDeploy][Update] acme-staging");
    const clone = shallowClone(origin, 3);
    const outcome = await planAndGenerate(clone, pushEnv(clone, base));
    expect(names(outcome)).toEqual([
      "build-image:demo",
      "build-image:acme-staging",
      "deploy:demo",
      "deploy:acme-staging",
    ]);
  });
});
