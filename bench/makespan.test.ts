import { describe, expect, it } from "vitest";
import { lowerBound, makespanReport, pipelineJobs, simulate } from "./makespan.mjs";

/** A job entry of a generated file: the kind is read from `extends`. */
const job = (kind: string, stage: string, extra: Record<string, unknown> = {}) => ({
  extends: `.grove-${kind}`,
  stage,
  ...extra,
});

describe("the makespan model of GitLab runners", () => {
  it("runs a job without needs only after every job of the earlier stages", () => {
    const doc = {
      stages: ["a", "b"],
      ".grove-deploy": { script: ["x"] },
      "base-image:x": job("base-image", "a"),
      "deploy:late": job("deploy", "b"),
    };
    const run = simulate(pipelineJobs(doc), 5);
    expect(run.startedAt.get("deploy:late")).toBe(20);
    expect(run.makespan).toBe(25);
  });

  it("runs a job with needs as soon as its needs have finished, even before earlier stages", () => {
    const doc = {
      stages: ["a", "b"],
      "base-image:x": job("base-image", "a"),
      "build-image:y": job("build-image", "a"),
      "deploy:y": job("deploy", "b", { needs: ["build-image:y"] }),
      noop: job("noop", "b", { needs: [] }),
    };
    const run = simulate(pipelineJobs(doc), 5);
    expect(run.startedAt.get("deploy:y")).toBe(10);
    expect(run.startedAt.get("noop")).toBe(0);
    expect(run.makespan).toBe(20);
  });

  it("gives a free runner the job created first: stage order, then file order", () => {
    // One runner: the deploy of stage a goes before the build written earlier in stage b.
    const doc = {
      stages: ["a", "b"],
      "build-image:later": job("build-image", "b", { needs: [] }),
      "deploy:first": job("deploy", "a", { needs: [] }),
    };
    const run = simulate(pipelineJobs(doc), 1);
    expect(run.startedAt.get("deploy:first")).toBe(0);
    expect(run.startedAt.get("build-image:later")).toBe(5);
  });

  it("runs one job of a resource group at a time, other jobs pass it", () => {
    const doc = {
      stages: ["a"],
      "terraform-plan": job("terraform-plan", "a", { needs: [], resource_group: "terraform" }),
      "terraform-apply": job("terraform-apply", "a", { needs: [], resource_group: "terraform" }),
      "deploy:x": job("deploy", "a", { needs: [] }),
    };
    const run = simulate(pipelineJobs(doc), 3);
    expect(run.startedAt.get("terraform-apply")).toBe(3);
    expect(run.startedAt.get("deploy:x")).toBe(0);
    expect(run.makespan).toBe(8);
  });

  it("refuses a file whose jobs can never all start", () => {
    const doc = { stages: ["a"], "deploy:x": job("deploy", "a", { needs: ["build-image:x"] }) };
    expect(() => simulate(pipelineJobs(doc), 1)).toThrow(/not a job/);
  });

  it("bounds a batch by its work over the runners or by its chain of deploy waves", () => {
    const stages = ["base-image", "wave-1-build", "wave-1-deploy", "wave-2-build", "wave-2-deploy"];
    const doc: Record<string, unknown> = {
      stages,
      "base-image:x": job("base-image", "base-image"),
    };
    const members = [["c"], ["d", "e", "f"]];
    members.forEach((names, i) => {
      for (const n of names) {
        doc[`build-image:${n}`] = job("build-image", `wave-${i + 1}-build`, {
          needs: ["base-image:x"],
        });
        doc[`deploy:${n}`] = job("deploy", `wave-${i + 1}-deploy`, { needs: [`build-image:${n}`] });
      }
    });
    const jobs = pipelineJobs(doc);
    // Work: 20 + 4 × 10 + 4 × 5 = 80. Chain with 2 runners: 20 + 10 + 5 + 2 × 5 = 45.
    expect(lowerBound(jobs, 2, stages)).toBe(45);
    expect(lowerBound(jobs, 1, stages)).toBe(80);
    const report = makespanReport(doc, 2);
    // Builds c,d at 20; at 30 deploy c goes first, then build e; f at 35, deploy d at 40, e and f
    // at 45: 50 minutes.
    expect(report).toMatchObject({ makespan: 50, bound: 45 });
    expect(report.ratio).toBeCloseTo(50 / 45);
    // The builds of d and e (not f) start before the canary's deploy ends at 35.
    expect(report.canaryWaste).toBe(20);
  });
});
