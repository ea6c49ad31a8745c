import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { Plan } from "../plan/plan.js";
import { batchPlan, updatePlan } from "../../test/support/samplePlans.js";
import { cellCode, code, formatPlanMarkdown } from "./formatPlanMarkdown.js";
import { testCli } from "../../test/support/testCli.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

describe("formatPlanMarkdown", () => {
  it("has the directive, a job table, the Mermaid graph and the skipped instances", () => {
    const text = formatPlanMarkdown(batchPlan([["a"], ["b"]]), { source: "git log -1" });
    expect(text).toContain("**Directive:** `batch-upgrade: ");
    expect(text).toContain("(from `git log -1`)");
    expect(text).toContain("| Wave | Stage | Job | Instance | Deployment id | Needs |");
    expect(text).toContain("| wave 2 | `wave-2-gate` | `wave-gate:2` | — | — | `deploy:a` |");
    expect(text).toMatch(/\n```mermaid\nflowchart LR\n[\s\S]*\n```\n/);
    expect(text).toContain(
      "| `site-z` | `BATCH_UPGRADE_DISABLED is true in instances/site-z/grove.yml` |",
    );
    expect(text.trimEnd().split("\n").pop()).toBe("**6 job(s), 2 instance(s).**");
  });

  it("leaves the wave column out of plans without waves and shows deployment ids", () => {
    const text = formatPlanMarkdown(updatePlan([{ name: "a", id: "42" }]));
    expect(text).toContain("| Stage | Job | Instance | Deployment id | Needs |");
    expect(text).toContain("| `deploy` | `deploy:a` | `a` | `42` | `build-image:a` |");
    expect(text).not.toContain("Skipped");
  });

  it("folds a long job table and replaces a graph Mermaid would refuse with a pointer", () => {
    const big = batchPlan(
      [0, 1, 2, 3, 4, 5].map((w) => Array.from({ length: 100 }, (_, i) => `w${w}-${i}`)),
    );
    const text = formatPlanMarkdown(big);
    expect(text).toContain(`<details><summary>Jobs (${big.jobs.length})</summary>`);
    expect(text).not.toContain("```mermaid");
    expect(text).toContain("too large to draw here");
  });

  it("keeps values from commits and repositories inert: code spans, escaped table pipes", () => {
    expect(code("a`b``c")).toBe("```a`b``c```");
    expect(code("`x")).toBe("`` `x ``");
    expect(cellCode("repo|version")).toBe("`repo\\|version`");
    const base = updatePlan([{ name: "a" }]);
    const plan: Plan = {
      ...base,
      skipped: [{ instance: "b", reason: "@all see #1 | <b>x</b>" }],
    };
    expect(formatPlanMarkdown(plan)).toContain("| `b` | `@all see #1 \\| <b>x</b>` |");
  });
});

describe("plan --format markdown through the CLI", () => {
  it("prints the summary of the example batch; --json still prints JSON", async () => {
    const message =
      "[AutoDeploy][Batch][Upgrade] https://github.com/openedx/edx-platform.git|open-release/quince.3";
    const base = ["--repo", "examples/cluster", "--message", message];
    const md = await testCli(["plan", "--format", "markdown", ...base], { cwd: ROOT });
    expect(md.code).toBe(0);
    expect(md.stdout).toMatch(/^## grove-pipelines plan\n/);
    expect(md.stdout).toContain("| `hooli-edu` |");
    const json = await testCli(["plan", "--format", "json", ...base], { cwd: ROOT });
    const alias = await testCli(["plan", "--json", ...base], { cwd: ROOT });
    expect(json.code).toBe(0);
    expect(alias.stdout).toBe(json.stdout);
    expect((JSON.parse(json.stdout) as { jobs: unknown[] }).jobs).toHaveLength(8);
  });

  it("rejects an unknown format and --json with another format (exit 2)", async () => {
    const wrong = await testCli(["plan", "--format", "html"], { cwd: ROOT });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain("Allowed choices are text, markdown, json");
    const both = await testCli(["plan", "--json", "--format", "markdown"], { cwd: ROOT });
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("--json asks for JSON but --format asks for markdown");
  });
});
