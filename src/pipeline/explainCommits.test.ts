import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { explainCommits } from "./explainCommits.js";
import { planCommits } from "./planCommits.js";

const EXAMPLE = fileURLToPath(new URL("../../examples/cluster", import.meta.url));
const flag = (message: string) => [{ sha: null, message }];

describe("explainCommits", () => {
  it("reads an instance no directive names, to tell 'not named' from 'not there'", () => {
    const r = explainCommits(EXAMPLE, flag("[AutoDeploy][Update] stark-labs"), "demo");
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.included).toBe(false);
    expect(r.value.jobs).toEqual([]);
    expect(r.value.planErrors).toEqual([]);
    expect(r.value.commits).toEqual([
      expect.objectContaining({ sha: "", included: false, directive: expect.anything() }),
    ]);
  });

  it("keeps the warnings of a plan that fails, as plan does", () => {
    const push = [
      { sha: "aaaaaaaa11111111", message: "[AutoDeploy][Update] demo|1" },
      { sha: "bbbbbbbb22222222", message: "[AutoDeploy][Update] demo|2" },
      { sha: "cccccccc33333333", message: "[AutoDeploy][Delete] demo" },
    ];
    const r = explainCommits(EXAMPLE, push, "demo");
    expect(r.ok ? r.value.planErrors.map((d) => d.code) : null).toContain("conflicting-directives");
    expect(r.warnings.map((d) => d.code)).toEqual(["deployment-id-replaced"]);
  });

  it("gives the plan's own jobs for an instance in the plan", () => {
    const r = explainCommits(EXAMPLE, flag("[AutoDeploy][Update] demo"), "demo");
    expect(r.ok ? r.value.jobs?.map((j) => j.name) : null).toEqual([
      "build-image:demo",
      "deploy:demo",
    ]);
    expect(r.ok && r.value.included).toBe(true);
  });

  it("fails for a name that is not an instance, with the closest names", () => {
    const r = explainCommits(EXAMPLE, flag("[AutoDeploy][Update] demo"), "dmeo");
    expect(r.ok ? null : r.diagnostics[0]?.message).toMatch(/^unknown instance 'dmeo'.*'demo'/);
  });

  it("keeps explaining when the plan fails, with exactly the errors planCommits gives", () => {
    const message = flag("[AutoDeploy][Update] demo,nosuch");
    const r = explainCommits(EXAMPLE, message, "demo");
    const planned = planCommits(EXAMPLE, message);
    expect(r.ok).toBe(true);
    if (!r.ok || planned.ok) return;
    expect(r.value.jobs).toBeNull();
    expect(r.value.planErrors).toEqual(planned.diagnostics);
    expect(r.value.planErrors[0]).toMatchObject({ code: "unknown-instance", column: 27 });
  });

  it("fails as planCommits does when a title does not parse", () => {
    const message = flag("[AutoDeploy][Upd] demo");
    const r = explainCommits(EXAMPLE, message, "demo");
    expect(r).toEqual(planCommits(EXAMPLE, message));
    expect(r.ok).toBe(false);
  });
});
