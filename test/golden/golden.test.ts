import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { taggedKinds } from "../../src/commit/kinds.js";
import { testCli } from "../support/testCli.js";
import { loadScenario, PROJECT_ROOT, scenarioNames } from "../support/goldenScenarios.js";
import type { Scenario } from "../support/goldenScenarios.js";

/*
 * The golden files are the contract: `plan --json` and `generate` must print them byte for byte.
 * The CLI runs in-process here (the same code the bundle is built from; src/cli/main.test.ts
 * checks the bundle against one scenario).
 */

const UPDATE_HINT =
  "the CLI output differs from the golden file: if the change is intended, run `npm run golden:update` and review the diff (git diff test/fixtures)";

const names = scenarioNames();
let outDir = "";

beforeAll(() => {
  outDir = fs.mkdtempSync(path.join(os.tmpdir(), "grove-golden-"));
});
afterAll(() => {
  fs.rmSync(outDir, { recursive: true, force: true });
});

function source(s: Scenario): string[] {
  return ["--repo", s.repo, "--message-file", s.messageFile];
}

describe.each(names)("golden scenario %s", (name) => {
  const scenario = loadScenario(name);

  it("plan --json prints plan.json", async () => {
    const r = await testCli(["plan", "--json", ...source(scenario)], {
      cwd: PROJECT_ROOT,
      env: scenario.env,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout, UPDATE_HINT).toBe(scenario.expectedPlan);
  });

  it("generate writes pipeline.yml and ends with a one-line summary", async () => {
    const output = path.join(outDir, `${name}.yml`);
    const r = await testCli(["generate", ...source(scenario), "--output", output], {
      cwd: PROJECT_ROOT,
      env: scenario.env,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(fs.readFileSync(output, "utf8"), UPDATE_HINT).toBe(scenario.expectedPipeline);
    expect(r.stdout).toBe("");
    // Warnings (e.g. a title that only contains [AutoDeploy]) come first; the summary is last.
    expect(r.stderr).toMatch(/(^|\n)wrote [^\n]+\n$/);
  });

  it("plan.json's directive is what lint --json prints for the message", async () => {
    const lint = await testCli(["lint", "--json", "--message-file", scenario.messageFile], {
      cwd: PROJECT_ROOT,
    });
    expect(lint.code).toBe(0);
    const linted = JSON.parse(lint.stdout) as { valid: boolean; directive: unknown };
    const planned = JSON.parse(scenario.expectedPlan) as { directive: unknown };
    expect(linted.valid).toBe(true);
    expect(planned.directive).toEqual(linted.directive);
  });
});

interface PlanJson {
  directive: { kind: string; legacy?: boolean; targets?: { repository: string }[] };
  jobs: { kind: string }[];
  skipped: unknown[];
}

describe("the golden scenarios", () => {
  const plans = new Map(
    names.map((n) => [n, JSON.parse(loadScenario(n).expectedPlan) as PlanJson] as const),
  );
  const some = (test: (p: PlanJson) => boolean): string[] =>
    [...plans].filter(([, p]) => test(p)).map(([n]) => n);

  it("cover every directive kind", () => {
    for (const kind of ["none", ...taggedKinds().map((k) => k.kind)]) {
      expect(
        some((p) => p.directive.kind === kind),
        kind,
      ).not.toEqual([]);
    }
  });

  it("cover ids and no ids, legacy create and legacy update", () => {
    for (const kind of ["create", "update"]) {
      expect(some((p) => p.directive.kind === kind && p.directive.legacy === true)).not.toEqual([]);
    }
    const updates = names.filter((n) => plans.get(n)?.directive.kind === "update");
    const withIds = updates.filter((n) => /"deploymentId": "/.test(loadScenario(n).expectedPlan));
    const withoutIds = updates.filter((n) =>
      /"deploymentId": null/.test(loadScenario(n).expectedPlan),
    );
    expect(withIds).not.toEqual([]);
    expect(withoutIds).not.toEqual([]);
  });

  it("cover wildcard and git@ batch targets, UpgradeTo for all and for targets", () => {
    const targets = (p: PlanJson): string[] => (p.directive.targets ?? []).map((t) => t.repository);
    expect(some((p) => targets(p).some((r) => r.includes("*")))).not.toEqual([]);
    expect(some((p) => targets(p).some((r) => r.startsWith("git@")))).not.toEqual([]);
    const upgradeTo = (p: PlanJson): boolean => p.directive.kind === "batch-upgrade-to";
    expect(some((p) => upgradeTo(p) && targets(p).length === 0)).not.toEqual([]);
    expect(some((p) => upgradeTo(p) && targets(p).length > 0)).not.toEqual([]);
  });

  it("cover a batch whose instances are all disabled: one noop job and a skipped list", () => {
    const allDisabled = some(
      (p) =>
        p.directive.kind === "batch-upgrade" &&
        p.jobs.length === 1 &&
        p.jobs[0]?.kind === "noop" &&
        p.skipped.length > 0,
    );
    expect(allDisabled).not.toEqual([]);
  });
});
