import fs from "node:fs";
import path from "node:path";
import yaml from "js-yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { expectExampleRun } from "../support/e2e/expectExampleRun.js";
import { generatedVariable } from "../support/e2e/generatedVariable.js";
import { makeClusterRepo } from "../support/e2e/makeClusterRepo.js";
import {
  EXAMPLE_CLUSTER,
  GENERATED_FILE,
  GENERATE_JOB,
  PLAN_FILE,
  TRIGGER_JOB,
  runExampleCluster,
} from "../support/e2e/runExampleCluster.js";
import { runGitlabCiLocal } from "../support/e2e/runGitlabCiLocal.js";

/* examples/cluster/.gitlab-ci.yml, the parent pipeline a cluster repository commits. */

const parentFile = z.looseObject({
  [GENERATE_JOB]: z.object({
    image: z.string(),
    script: z.array(z.string()),
    artifacts: z.object({ paths: z.array(z.string()), expose_as: z.string() }),
  }),
  [TRIGGER_JOB]: z.object({
    needs: z.array(z.string()),
    trigger: z.object({
      include: z.array(z.object({ artifact: z.string(), job: z.string() })),
      strategy: z.string(),
    }),
  }),
});

const listed = z.array(z.object({ name: z.string(), when: z.string() }));

describe("the example cluster's parent pipeline", () => {
  const text = fs.readFileSync(path.join(EXAMPLE_CLUSTER, ".gitlab-ci.yml"), "utf8");

  it("generates the file in a job with plain name, keeps it, and triggers it as a child", () => {
    const document = yaml.load(text);
    const parent = parentFile.parse(document);
    const keywords = ["stages", "workflow", "variables", "default", "include"];
    const jobs = Object.keys(parent).filter((k) => !k.startsWith(".") && !keywords.includes(k));
    expect(jobs).toEqual([GENERATE_JOB, TRIGGER_JOB]);
    for (const job of jobs) expect(job).toMatch(/^[A-Za-z0-9_-]+$/);
    const generate = parent[GENERATE_JOB];
    expect(generate.image).toBe("node:20");
    expect(generate.script).toEqual([
      `node .grove/grove-pipelines.cjs generate --output ${GENERATED_FILE} --plan-file ${PLAN_FILE} --shards-dir grove-shards`,
    ]);
    // A sharded batch's files are kept for the orchestrator to fetch.
    expect(generate.artifacts.paths).toEqual([GENERATED_FILE, PLAN_FILE, "grove-shards/"]);
    expect(generate.artifacts.expose_as).toBe("grove-pipelines plan");
    expect(parent[TRIGGER_JOB]).toEqual({
      needs: [GENERATE_JOB],
      trigger: { include: [{ artifact: GENERATED_FILE, job: GENERATE_JOB }], strategy: "depend" },
    });
  });

  describe("as committed (with its image), checked by gitlab-ci-local", () => {
    let repo = "";
    beforeAll(() => {
      repo = makeClusterRepo(EXAMPLE_CLUSTER, "Document the cluster");
    });
    afterAll(() => fs.rmSync(repo, { recursive: true, force: true }));

    /** `when` of each job for a pipeline with these variables; `never` means not created. */
    function whenFor(variables: Record<string, string>): Record<string, string> {
      const args = Object.entries(variables).flatMap(([k, v]) => ["--variable", `${k}=${v}`]);
      const run = runGitlabCiLocal(repo, { extraArgs: ["--list-json", ...args] });
      expect(run.exitCode, run.stderr).toBe(0);
      // Overriding a predefined variable (CI_COMMIT_BRANCH) prints a warning before the JSON.
      const json = run.stdout.slice(run.stdout.search(/^\[/m));
      return Object.fromEntries(listed.parse(JSON.parse(json)).map((j) => [j.name, j.when]));
    }
    const both = (when: string) => ({ [GENERATE_JOB]: when, [TRIGGER_JOB]: when });

    // Pushes run in every other test of this folder.
    it("runs in merge request pipelines", () => {
      const mr = { CI_PIPELINE_SOURCE: "merge_request_event", CI_COMMIT_BRANCH: "" };
      expect(whenFor(mr)).toEqual(both("on_success"));
    });

    it("stays out of other sources, and of a branch push its merge request pipeline covers", () => {
      expect(whenFor({ CI_PIPELINE_SOURCE: "chat" })).toEqual(both("never"));
      const featurePush = {
        CI_PIPELINE_SOURCE: "push",
        CI_COMMIT_BRANCH: "feature",
        CI_OPEN_MERGE_REQUESTS: "grove/cluster!7",
      };
      expect(whenFor(featurePush)).toEqual(both("never"));
    });
  });

  it("keeps the plan as Markdown and prints it in a collapsed log section, previews and runs alike", () => {
    const title = "[AutoDeploy][Update] demo|42";
    const preview = runExampleCluster(title, {
      variables: { CI_PIPELINE_SOURCE: "merge_request_event", CI_COMMIT_BRANCH: "" },
    });
    const real = runExampleCluster(title);
    for (const run of [preview, real]) {
      expectExampleRun(run);
      expect(run.planMarkdown).toContain("## grove-pipelines plan");
      expect(run.planMarkdown).toContain("| `deploy:demo` |");
      expect(run.planMarkdown).toContain("```mermaid");
      // gitlab-ci-local reads GitLab's section markers as GitLab does, and names the section.
      expect(run.stderr).toContain(`${GENERATE_JOB} grove_pipelines_plan_started`);
      expect(run.stderr).toContain(`${GENERATE_JOB} > Directive: update: demo (deployment 42)`);
    }
    expect(real.calls.map((c) => c.job)).toContain("deploy:demo");
    expect(preview.calls).toEqual([]);
  });

  it("gives a merge request pipeline a one-job preview that touches nothing", () => {
    const run = runExampleCluster("[AutoDeploy][Update] demo|42", {
      variables: { CI_PIPELINE_SOURCE: "merge_request_event", CI_COMMIT_BRANCH: "" },
    });
    const jobs = expectExampleRun(run);
    expect(run.calls).toEqual([]);
    expect(jobs.map((j) => j.name)).toEqual(["preview"]);
    expect(generatedVariable(run.generated ?? "", "preview", "PLAN_SUMMARY")).toContain(
      "deploy:demo",
    );
  });
});
