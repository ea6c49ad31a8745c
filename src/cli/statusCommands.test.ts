import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeDemoHistory, STATUS_GOLDEN_DIR } from "../../test/support/demoHistory.js";
import { makeTempDir, removeTempDirs } from "../../test/support/tempTree.js";
import { STACK_LINE, testCli } from "../../test/support/testCli.js";

/*
 * `status` and `history` through the CLI, on the demo history of scripts/demo-history.sh (the one
 * the README shows): whole `--json` outputs are golden (npm run golden:update regenerates them).
 */

let repo = "";
beforeAll(() => {
  repo = makeDemoHistory();
});
afterAll(removeTempDirs);

const golden = (file: string) => readFileSync(path.join(STATUS_GOLDEN_DIR, file), "utf8");

describe("status", () => {
  it("prints the golden status --json of the demo history", async () => {
    const run = await testCli(["status", "--repo", repo, "--json"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(golden("status.json"));
  });

  it("gives each instance the state its history says", async () => {
    const run = await testCli(["status", "--repo", repo, "--json"]);
    const body = JSON.parse(run.stdout) as {
      formatVersion: number;
      instances: { name: string; state: string; outOfSync: boolean; lastRequest: unknown }[];
    };
    expect(body.formatVersion).toBe(1);
    const states = Object.fromEntries(body.instances.map((i) => [i.name, i.state]));
    // site-a: deployed by the merged merge request; site-b: changed after the batch upgrade (the
    // mistyped [Updte] does not count); site-c: archived; site-d: added, never deployed.
    expect(states).toEqual({
      "site-a": "in-sync",
      "site-b": "out-of-sync",
      "site-c": "in-sync",
      "site-d": "never-deployed",
    });
    const b = body.instances.find((i) => i.name === "site-b");
    expect(b?.outOfSync).toBe(true);
    expect(b?.lastRequest).toMatchObject({
      kind: "batch-upgrade",
      batch: true,
      deploymentId: null,
    });
  });

  it("prints a table for people, with what was not counted and what it cannot know", async () => {
    const run = await testCli(["status"], { cwd: repo });
    expect(run.code).toBe(0);
    const lines = run.stdout.split("\n");
    expect(lines[0]).toMatch(/^INSTANCE +STATE +LAST REQUEST +CHANGED SINCE$/);
    expect(lines.find((l) => l.startsWith("site-a"))).toMatch(/in-sync .* update id 104/);
    expect(lines.find((l) => l.startsWith("site-b"))).toMatch(/out-of-sync .*\(batch\) +1 commit/);
    expect(lines.find((l) => l.startsWith("site-d"))).toMatch(/never-deployed +- +1 commit/);
    expect(run.stdout).toContain("4 instances: 2 in sync, 1 out of sync, 1 never deployed");
    expect(run.stdout).toMatch(/Not counted:\n {2}- [0-9a-f]{8}: its directive is invalid/);
    expect(run.stdout).toContain("What this cannot know:");
    expect(run.stdout).toContain("not in git");
  });

  it("prints a Markdown table whose values are code spans", async () => {
    const run = await testCli(["status", "--repo", repo, "--format", "markdown"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("| Instance | State | Last request | Changed since |");
    expect(run.stdout).toMatch(
      /\| `site-b` \| out-of-sync \| `2026-03-05T10:00:00\+00:00 [0-9a-f]{8} batch-upgrade \(batch\)` \|/,
    );
  });

  it("reads the branch --ref names, not the checked-out one", async () => {
    const head = await testCli(["status", "--repo", repo, "--json", "--ref", "HEAD~1"]);
    const body = JSON.parse(head.stdout) as { instances: { name: string; state: string }[] };
    // Before the archive, site-c's last request was its create, and nothing changed since.
    expect(body.instances.map((i) => i.name)).toEqual(["site-a", "site-b", "site-c", "site-d"]);
    const byRef = await testCli(["status", "--repo", repo, "--json", "--ref", "theme-site-a"]);
    const branch = JSON.parse(byRef.stdout) as { instances: { name: string; state: string }[] };
    expect(branch.instances.find((i) => i.name === "site-a")?.state).toBe("out-of-sync");
  });

  it("rejects a revision that names no commit (exit 1, one line)", async () => {
    const run = await testCli(["status", "--repo", repo, "--ref", "no-such-branch"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`error: no-such-branch names no commit in the repository at ${repo}\n`);
  });

  it("says a folder that is not a git repository is one, without a stack trace", async () => {
    const run = await testCli(["status", "--repo", makeTempDir("not-git")]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: .*not a git repository/);
    expect(run.stderr).not.toMatch(STACK_LINE);
  });

  it("refuses --json with --format markdown (exit 2)", async () => {
    const run = await testCli(["status", "--repo", repo, "--json", "--format", "markdown"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--json asks for JSON but --format asks for markdown");
  });
});

describe("README.md", () => {
  it("shows status and history of the demo history exactly as the CLI prints them", async () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    const block = (marker: string) =>
      new RegExp(`<!-- ${marker} -->\n\`\`\`text\n([\\s\\S]*?)\`\`\`\n`).exec(readme)?.[1];
    const status = await testCli(["status"], { cwd: repo });
    expect(block("status of the demo history")).toBe(status.stdout);
    const history = await testCli(["history", "site-b"], { cwd: repo });
    expect(block("history site-b of the demo history")).toBe(history.stdout);
  });
});

describe("history", () => {
  it("prints the golden history --json of site-b, newest request first", async () => {
    const run = await testCli(["history", "site-b", "--repo", repo, "--json"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(golden("history-site-b.json"));
    const body = JSON.parse(run.stdout) as { requests: { kind: string; date: string }[] };
    expect(body.requests.map((r) => r.kind)).toEqual(["batch-upgrade", "create"]);
  });

  it("colours only at a terminal, and keeps the colour codes whole", async () => {
    const tty = await testCli(["history", "site-b", "--repo", repo], { tty: true });
    expect(tty.stdout.startsWith("\u001b[1msite-b\u001b[22m: out of sync")).toBe(true);
    const status = await testCli(["status", "--repo", repo], { tty: true });
    expect(status.stdout.startsWith("\u001b[1mINSTANCE")).toBe(true);
  });

  it("lists a merge request's directive with its deployment id", async () => {
    const run = await testCli(["history", "site-a", "--repo", repo]);
    expect(run.code).toBe(0);
    const rows = run.stdout.split("\n").filter((l) => l.startsWith("2026-"));
    expect(rows.map((r) => r.split(/ {2,}/).slice(2).join(" "))).toEqual([
      "update 104 no",
      "batch-upgrade - yes",
      "create 101 no",
    ]);
    const merge = execFileSync("git", ["-C", repo, "log", "-1", "--format=%H", "HEAD~3"], {
      encoding: "utf8",
    });
    expect(rows[0]).toContain(merge.slice(0, 8));
  });

  it("knows an instance that is gone from the tree but in the history", async () => {
    const gone = makeDemoHistory();
    execFileSync("git", ["-C", gone, "rm", "-q", "-r", "instances/site-c"]);
    execFileSync("git", [
      "-C",
      gone,
      "-c",
      "user.name=t",
      "-c",
      "user.email=t@example.com",
      "commit",
      "-q",
      "-m",
      "Remove site-c",
    ]);
    const run = await testCli(["history", "site-c", "--repo", gone, "--json"]);
    expect(run.code).toBe(0);
    const body = JSON.parse(run.stdout) as { requests: { kind: string }[]; state: string };
    expect(body.requests.map((r) => r.kind)).toEqual(["archive", "create"]);
    const status = await testCli(["status", "--repo", gone, "--json"]);
    expect(status.stdout).not.toContain('"name": "site-c"');
  });

  it("rejects an instance the history never knew, with the closest names (exit 1)", async () => {
    const run = await testCli(["history", "site-bb", "--repo", repo]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: unknown instance site-bb: .*did you mean 'site-b'/);
  });
});
