import { describe, expect, it } from "vitest";
import { expectExampleRun } from "./expectExampleRun.js";
import type { ListedJob } from "./listPipelineJobs.js";
import type { JobResult } from "./parseJobResults.js";
import type { ExampleClusterRun } from "./runExampleCluster.js";

const listedJob = (name: string): ListedJob => ({
  name,
  stage: "deploy",
  when: "on_success",
  allowFailure: false,
  needs: null,
});
const child = (name: string, status: JobResult["status"] = "pass"): JobResult => ({
  name,
  status,
  triggeredBy: status === "pass" ? "run-pipeline" : null,
});
const PARENT: JobResult[] = [
  { name: "generate-pipeline", status: "pass", triggeredBy: null },
  { name: "run-pipeline", status: "pass", triggeredBy: null },
];

function run(jobs: JobResult[], listed: ExampleClusterRun["listed"]): ExampleClusterRun {
  return {
    exitCode: 0,
    jobs,
    calls: [],
    generated: "",
    listed,
    planMarkdown: null,
    stdout: "",
    stderr: "",
  };
}
const valid = (...names: string[]) => ({ valid: true as const, jobs: names.map(listedJob) });

describe("expectExampleRun", () => {
  it("passes when every job of the file ran and passed, and returns them", () => {
    const r = run([child("deploy:a"), ...PARENT], valid("deploy:a"));
    expect(expectExampleRun(r).map((j) => j.name)).toEqual(["deploy:a"]);
  });

  it("fails on a failed job, a job of the file that never ran, or an invalid file", () => {
    expect(() =>
      expectExampleRun(run([child("deploy:a", "fail"), ...PARENT], valid("deploy:a"))),
    ).toThrow();
    expect(() => expectExampleRun(run([child("a"), ...PARENT], valid("a", "b")))).toThrow();
    expect(() => expectExampleRun(run(PARENT, { valid: false, stderr: "bad" }))).toThrow(/bad/);
    expect(() => expectExampleRun(run(PARENT, null))).toThrow(/wrote no pipeline/);
  });

  it("fails when the parent's own jobs are missing or gitlab-ci-local failed", () => {
    expect(() => expectExampleRun(run([child("deploy:a")], valid("deploy:a")))).toThrow();
    const failed = { ...run([child("deploy:a"), ...PARENT], valid("deploy:a")), exitCode: 1 };
    expect(() => expectExampleRun(failed)).toThrow();
  });
});
