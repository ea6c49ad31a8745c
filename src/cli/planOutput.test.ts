import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { JobKind, Plan } from "../plan/plan.js";
import { batchPlan, JOB_KINDS, noopPlan, updatePlan } from "../../test/support/samplePlans.js";
import { testCli } from "../../test/support/testCli.js";
import { cellCode, code, formatPlanMarkdown } from "./planMarkdown.js";
import { formatPlanText, MAX_LISTED_JOBS } from "./planOutput.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const ESC = "\u001b[";
const QUINCE =
  "[AutoDeploy][Batch][Upgrade] https://github.com/openedx/edx-platform.git|open-release/quince.3";

describe("formatPlanText", () => {
  it("shows verify jobs in their wave, whose heading says the checks must pass", async () => {
    const repo = `${ROOT}test/fixtures/clusters/verify`;
    const message = "[AutoDeploy][Batch][Upgrade] https://github.com/openedx/edx-platform.git|*";
    const run = await testCli(["plan", "--repo", repo, "--message", message]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^Wave 2 \(after wave 1 has deployed and passed its checks\)\nwave-2-gate +wave-gate:2 +- +- +deploy:alpha, verify:alpha$/m,
    );
    expect(run.stdout).toMatch(/^wave-3-verify +verify:echo +echo +- +deploy:echo$/m);
  });

  it("puts a batch under one heading per wave, in pipeline order, with aligned columns", () => {
    const lines = formatPlanText(batchPlan([["a"], ["b", "c"]])).split("\n");
    const at = (text: string): number => lines.indexOf(text);
    expect(at("Base images")).toBeGreaterThan(0);
    expect(at("Wave 1")).toBeGreaterThan(at("Base images"));
    expect(at("Wave 2 (after wave 1 has deployed)")).toBeGreaterThan(at("Wave 1"));
    const rows = lines.filter((l) => /^(base-image|wave-\d-)/.test(l));
    expect(rows.map((r) => r.split(/ {2,}/)[0])).toEqual([
      "base-image",
      "wave-1-build",
      "wave-1-deploy",
      "wave-2-gate",
      "wave-2-build",
      "wave-2-build",
      "wave-2-deploy",
      "wave-2-deploy",
    ]);
    // Every row starts its JOB column where the header does.
    const column = lines.find((l) => l.startsWith("STAGE"))?.indexOf("JOB");
    for (const row of rows) expect(row.slice(0, column).trimEnd()).not.toContain("  ");
    expect(lines).toContain("Skipped (1):");
    expect(lines).toContain(
      "  site-z: BATCH_UPGRADE_DISABLED is true in instances/site-z/grove.yml",
    );
  });

  it("separates the stages of a plan without waves by a blank line", () => {
    const text = formatPlanText(updatePlan([{ name: "a", id: "42" }, { name: "b" }]));
    expect(text).toMatch(
      /^build-image +build-image:b +b +- +-\n\ndeploy +deploy:a +a +42 +build-image:a$/m,
    );
    expect(text).toContain("4 job(s), 2 instance(s).");
  });

  it("says why there is nothing to do", () => {
    expect(formatPlanText(noopPlan("the title is not a directive"))).toContain(
      "Nothing to do: the title is not a directive",
    );
  });

  it("uses colour only when asked, and keeps the text otherwise identical", () => {
    const plan = batchPlan([["a"], ["b"]]);
    const plain = formatPlanText(plan);
    const coloured = formatPlanText(plan, { color: true });
    expect(plain).not.toContain(ESC);
    expect(coloured).toContain(`${ESC}32mdeploy:a${ESC}39m`);
    expect(coloured.replace(new RegExp(`${ESC.replace("[", "\\[")}\\d+m`, "g"), "")).toBe(plain);
  });

  it("colours each job kind as its look in the kinds table says", () => {
    const colours: Record<JobKind, number> = {
      noop: 2,
      "terraform-plan": 35,
      "terraform-apply": 35,
      "base-image": 35,
      "build-image": 36,
      deploy: 32,
      verify: 33,
      archive: 31,
      delete: 31,
      "wave-gate": 2,
      "prepare-deployment": 36,
      "request-archive": 31,
      "request-delete": 31,
      "abort-deployment": 2,
    };
    const [first] = updatePlan([{ name: "a" }]).jobs;
    if (first === undefined) throw new Error("updatePlan has jobs");
    for (const kind of JOB_KINDS) {
      const job = { ...first, kind, name: `${kind}:a`, stage: kind, needs: [] };
      const plan = { ...noopPlan("x"), jobs: [job], stages: [kind] };
      expect(formatPlanText(plan, { color: true })).toContain(`${ESC}${colours[kind]}m${kind}:a`);
    }
  });

  it("never lets a job name write escape codes, even with colour on", () => {
    const plan = updatePlan([{ name: "a" }]);
    const [first] = plan.jobs;
    if (first === undefined) throw new Error("sample plan has no job");
    const evil = { ...plan, jobs: [{ ...first, name: "x\u001b[2Jy\u202ez" }] };
    const text = formatPlanText(evil, { color: true });
    expect(text).toContain("x\\x1b[2Jy\\u202ez");
    expect(text).not.toContain("\u001b[2J");
  });
});

describe("plan through the CLI: colour", () => {
  const plan = (env: Record<string, string>, tty: boolean) =>
    testCli(["plan", "--repo", "examples/cluster", "--message", QUINCE], {
      cwd: ROOT,
      env,
      tty,
    });

  it("is coloured on a terminal", async () => {
    const r = await plan({}, true);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(ESC);
  });

  it("is plain when NO_COLOR is set, or when standard output is not a terminal", async () => {
    expect((await plan({ NO_COLOR: "1" }, true)).stdout).not.toContain(ESC);
    expect((await plan({}, false)).stdout).not.toContain(ESC);
    // NO_COLOR's own rule: an empty value does not count.
    expect((await plan({ NO_COLOR: "" }, true)).stdout).toContain(ESC);
  });

  it("groups the example batch by wave with the skipped instances and their reasons", async () => {
    const r = await plan({}, false);
    expect(r.stdout).toMatch(
      /^Wave 2 \(after wave 1 has deployed\)\nwave-2-gate +wave-gate:2 +- +- +deploy:demo$/m,
    );
    expect(r.stdout).toMatch(
      /^wave-2-build +build-image:acme-staging +acme-staging +- +base-image:/m,
    );
    expect(r.stdout).toContain(
      "  hooli-edu: BATCH_UPGRADE_DISABLED is true in instances/hooli-edu/grove.yml",
    );
  });
});

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

describe("a plan of more than MAX_LISTED_JOBS jobs", () => {
  const names = Array.from({ length: 501 }, (_, i) => `s${String(i).padStart(3, "0")}`);
  const plan = batchPlan([names.slice(0, 1), names.slice(1, 251), names.slice(251)]);

  it("is a table of stages as text: how many jobs, the first and the last", () => {
    expect(plan.jobs.length).toBeGreaterThan(MAX_LISTED_JOBS);
    const text = formatPlanText(plan);
    expect(text).toContain(
      `${plan.jobs.length} jobs are too many to list one by one: one line per stage (\`plan --format json\` lists every job).`,
    );
    const lines = text.split("\n");
    expect(lines).toContain("STAGE          JOBS  FIRST JOB         LAST JOB");
    expect(lines).toContain("wave-2-build   250   build-image:s001  build-image:s250");
    expect(lines).toContain("Wave 3 (after wave 2 has deployed)");
    expect(lines).toContain("wave-3-deploy  250   deploy:s251       deploy:s500");
    expect(text).not.toContain("deploy:s100 ");
    expect(text).toContain(`${plan.jobs.length} job(s), 501 instance(s).`);
  });

  it("is a table of stages in Markdown", () => {
    const markdown = formatPlanMarkdown(plan);
    expect(markdown).toContain("| Wave | Stage | Jobs | First job | Last job |");
    expect(markdown).toContain(
      "| wave 2 | `wave-2-build` | 250 | `build-image:s001` | `build-image:s250` |",
    );
    expect(markdown).not.toContain("`deploy:s100`");
  });

  it("at MAX_LISTED_JOBS jobs or fewer, every job is listed", () => {
    const fewer = updatePlan(names.slice(0, MAX_LISTED_JOBS / 2).map((name) => ({ name })));
    expect(fewer.jobs).toHaveLength(MAX_LISTED_JOBS);
    expect(formatPlanText(fewer)).toMatch(/^deploy +deploy:s100 +s100 /m);
    expect(formatPlanMarkdown(fewer)).toContain("`deploy:s100`");
  });
});
