import { describe, expect, it } from "vitest";
import { runExampleCluster } from "../support/e2e/runExampleCluster.js";

describe("probe", () => {
  it("schedule", () => {
    const run = runExampleCluster("[AutoDeploy][Update] demo|42", {
      variables: { CI_PIPELINE_SOURCE: "schedule" },
    });
    console.log(JSON.stringify(run.calls), run.jobs, run.generated?.slice(0, 2000));
    expect(run.exitCode).toBe(0);
  });
});
