import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseCommitMessage } from "../../src/commit/parseCommitMessage.js";
import type { Result } from "../../src/diagnostic.js";
import type { Plan } from "../../src/plan/plan.js";
import { buildPlan } from "../../src/plan/buildPlan.js";
import { snapshotNeeds } from "../../src/plan/snapshotNeeds.js";
import { loadSettings } from "../../src/repo/loadSettings.js";
import { loadSnapshot } from "../../src/repo/loadSnapshot.js";
import type { Settings } from "../../src/repo/settings.js";
import { renderPipeline } from "../../src/render/renderPipeline.js";
import { runGeneratedPipeline } from "../support/e2e/runGeneratedPipeline.js";

const EXAMPLE = fileURLToPath(new URL("../../../examples/cluster", import.meta.url));

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join("; "));
  return result.value;
}

/** Every stage for real: commit title, settings, snapshot, plan, rendered pipeline. */
function planAndRender(
  title: string,
  image?: string | null,
): { plan: Plan; settings: Settings; yaml: string } {
  const directive = value(parseCommitMessage(title));
  const { settings } = value(loadSettings(EXAMPLE));
  const snapshot = value(loadSnapshot(EXAMPLE, settings, snapshotNeeds([directive])));
  const plan = value(buildPlan(directive, snapshot));
  const options = { manual: settings.manual, image: image === undefined ? settings.image : image };
  return { plan, settings, yaml: value(renderPipeline(plan, options, settings.limits)) };
}

describe("the planner's output for the example cluster, run by gitlab-ci-local", () => {
  it("rolls a batch out wave by wave and stops at the gate after a failed deploy", () => {
    const title = "[AutoDeploy][Batch][Upgrade] *|*";
    const { plan, yaml } = planAndRender(title);
    const waveOf = new Map(plan.jobs.map((j) => [j.name, j.wave ?? 0]));
    const deploysOf = (wave: number) =>
      plan.jobs.filter((j) => j.kind === "deploy" && j.wave === wave).map((j) => j.name);
    const failing = deploysOf(2)[0];
    expect(failing, "the example needs a second wave").toBeDefined();
    expect(deploysOf(3).length, "the example needs a third wave").toBeGreaterThan(0);

    const run = runGeneratedPipeline(yaml, {
      fixture: EXAMPLE,
      commitMessage: title,
      failJobs: failing === undefined ? [] : [failing],
    });
    expect(run.jobs.find((j) => j.name === failing)?.status).toBe("fail");
    const started = run.calls.map((c) => c.job);
    // Waves 0 to 2 ran in full; nothing of a later wave started.
    const upToWave2 = plan.jobs.filter((j) => (j.wave ?? 0) <= 2 && j.kind !== "wave-gate");
    expect([...started].sort()).toEqual(upToWave2.map((j) => j.name).sort());
    expect(started.every((job) => (waveOf.get(job) ?? 99) <= 2)).toBe(true);
  });

  it("creates an instance with Terraform first", () => {
    const title = "[AutoDeploy][Create] demo|req-7";
    expect(planAndRender(title).yaml).toContain("image: registry.example.com/grove/tools:1.4");
    // Without the image: gitlab-ci-local sets CI_PROJECT_DIR to /builds/... for a job with an
    // image even when the shell runs it, and the plan file would go nowhere.
    const { yaml } = planAndRender(title, null);
    const run = runGeneratedPipeline(yaml, { fixture: EXAMPLE, commitMessage: title });
    expect(run.jobs.filter((j) => j.status !== "pass")).toEqual([]);
    expect(run.calls.map((c) => c.job)).toEqual([
      "terraform-plan",
      "terraform-apply",
      "build-image:demo",
      "deploy:demo",
    ]);
  });
});
