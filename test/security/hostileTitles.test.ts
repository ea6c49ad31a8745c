import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CliBundle } from "./support/bundleCli.js";
import { bundleCli } from "./support/bundleCli.js";
import { copyCluster } from "./support/clusterRepo.js";
import { makeTempDir, removeTempDirs } from "../support/tempTree.js";
import type { DriverCase, DriverResult } from "./support/driverCase.js";
import { inspectPipeline } from "./support/inspectPipeline.js";
import { runDriver, spawnCli } from "./support/spawnCli.js";
import type { HostileTitle } from "./hostileCorpus.js";
import { HOSTILE_TITLES } from "./hostileCorpus.js";

/*
 * Issue 4, point 3: hostile commit titles through the real CLI, `plan` and `generate`, on the
 * example cluster. Each gives exit 1 with one-line reasons, or a correct `none`/plan; never a
 * stack trace, a hang, or a pipeline touching an instance the title did not name. All inputs run
 * in one CLI process (the driver), killed if it hangs; a few also run as the real command.
 */

/** A line of a JavaScript stack trace, e.g. `    at parse (file.js:1:2)`. */
const STACK_LINE = /^\s+at .*(:\d+:\d+\)?|\(native\)|<anonymous>\)?)$/m;
/** Whether text holds a character a terminal would act on (the CLI prints those escaped). */
function hasControl(text: string): boolean {
  return [...text].some((ch) => {
    const c = ch.codePointAt(0) ?? 0;
    return (
      (c < 0x20 && c !== 0x09) ||
      (c >= 0x7f && c <= 0x9f) ||
      (c >= 0x200b && c <= 0x200f) ||
      (c >= 0x202a && c <= 0x202e) ||
      (c >= 0x2066 && c <= 0x2069) ||
      c === 0xfeff
    );
  });
}

let bundle: CliBundle;
let cluster: string;
let outputs: string;
const results = new Map<
  HostileTitle,
  { plan: DriverResult; generate: DriverResult; output: string }
>();

function gitlabPush(message: string): Record<string, string> {
  return {
    GITLAB_CI: "true",
    CI_PIPELINE_SOURCE: "push",
    CI_DEFAULT_BRANCH: "main",
    CI_COMMIT_BRANCH: "main",
    CI_COMMIT_BEFORE_SHA: "0".repeat(40),
    CI_COMMIT_MESSAGE: message,
  };
}

beforeAll(() => {
  bundle = bundleCli();
  cluster = copyCluster("hostile");
  outputs = makeTempDir("hostile-out");
  const cases: DriverCase[] = [];
  HOSTILE_TITLES.forEach((entry, i) => {
    // plan reads the title from standard input, generate from CI_COMMIT_MESSAGE as in GitLab.
    cases.push({
      argv: ["plan", "--repo", cluster, "--json", "--message-file", "-"],
      env: {},
      cwd: cluster,
      stdin: entry.title,
    });
    cases.push({
      argv: ["generate", "--repo", cluster, "--output", path.join(outputs, `${i}.yml`)],
      env: gitlabPush(entry.title),
      cwd: cluster,
    });
  });
  const ran = runDriver(bundle, cases, 150_000, (k) => {
    const entry = HOSTILE_TITLES[Math.floor(k / 2)];
    return `${k % 2 === 0 ? "plan" : "generate"} of "${entry?.category}: ${entry?.name}"`;
  });
  HOSTILE_TITLES.forEach((entry, i) => {
    const plan = ran[2 * i];
    const generate = ran[2 * i + 1];
    if (plan === undefined || generate === undefined)
      throw new Error(`no result for ${entry.name}`);
    results.set(entry, { plan, generate, output: path.join(outputs, `${i}.yml`) });
  });
}, 180_000);

afterAll(() => {
  removeTempDirs();
  if (bundle !== undefined) fs.rmSync(bundle.dir, { recursive: true, force: true });
});

function expectOneLineReasons(stderr: string): string[] {
  const lines = stderr.split("\n").filter((l) => l !== "");
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) {
    expect(line).toMatch(/^(error|warning): /);
    expect(hasControl(line)).toBe(false);
  }
  return lines.filter((l) => l.startsWith("error: "));
}

/** The first line of the title as git and the grammar see it, for the script scan. */
function titleLine(title: string): string {
  return title.split(/\r\n|\r|\n/).find((l) => l.trim() !== "") ?? "";
}

describe.each(HOSTILE_TITLES.map((e) => [`${e.category}: ${e.name}`, e] as const))(
  "hostile title %s",
  (_, entry) => {
    it("exits as expected, with no stack trace and no internal error", () => {
      const { plan, generate } = results.get(entry) ?? expect.unreachable();
      for (const r of [plan, generate]) {
        expect(r.stderr).not.toMatch(STACK_LINE);
        expect(r.stderr).not.toContain("internal error");
        expect(r.code).toBe(entry.expected.exit);
      }
    });

    if (entry.expected.exit === 1) {
      const wanted = entry.expected.error;
      it("gives one-line reasons, the first saying what is wrong, and writes no pipeline", () => {
        const { plan, generate, output } = results.get(entry) ?? expect.unreachable();
        // plan --json prints its failure as JSON (no plan), and the same problems as lines.
        expect(JSON.parse(plan.stdout)).toMatchObject({ formatVersion: 1, ok: false });
        const errors = expectOneLineReasons(plan.stderr);
        expect(errors[0]).toMatch(wanted);
        expect(expectOneLineReasons(generate.stderr)).toEqual(errors);
        expect(fs.existsSync(output)).toBe(false);
      });
      return;
    }

    const { kind, instances } = entry.expected;
    it("plans and generates jobs for exactly the instances it names", () => {
      const { plan, generate, output } = results.get(entry) ?? expect.unreachable();
      const planned = JSON.parse(plan.stdout) as {
        directive: { kind: string };
        jobs: { name: string; instance: string | null }[];
      };
      expect(planned.directive.kind).toBe(kind);
      const plannedInstances = new Set(planned.jobs.flatMap((j) => j.instance ?? []));
      expect([...plannedInstances].sort()).toEqual([...instances].sort());
      if (kind === "none") expect(planned.jobs.map((j) => j.name)).toEqual(["noop"]);

      expect(generate.stderr).toMatch(/^wrote /m);
      const facts = inspectPipeline(fs.readFileSync(output, "utf8"));
      expect(facts.jobs.map((j) => [j.name, j.instance])).toEqual(
        planned.jobs.map((j) => [j.name, j.instance]),
      );
      expect(facts.jobs.every((j) => j.literalVariables)).toBe(true);
    });

    it("keeps the title out of every script line, and hostile text out of the file", () => {
      const { output } = results.get(entry) ?? expect.unreachable();
      const text = fs.readFileSync(output, "utf8");
      const { scriptLines } = inspectPipeline(text);
      expect(scriptLines.length).toBeGreaterThan(0);
      const title = titleLine(entry.title).trim();
      if (title.length >= 4) {
        for (const line of scriptLines) expect(line).not.toContain(title);
      }
      if (entry.marker !== undefined) expect(text).not.toContain(entry.marker);
    });
  },
);

describe("hostile titles through the real command (a process of its own, bounded)", () => {
  const spawn = (argv: readonly string[], env: Record<string, string> = {}) =>
    spawnCli(bundle, [...argv, "--repo", cluster], { env, cwd: cluster, timeoutMs: 30_000 });

  it.each([
    [
      "a 100 KB title in CI_COMMIT_MESSAGE",
      ["plan"],
      `[AutoDeploy][Update] ${"a".repeat(100_000)}`,
      1,
    ],
    ["an empty CI_COMMIT_MESSAGE", ["plan"], "", 0],
    ["a white-space-only CI_COMMIT_MESSAGE", ["generate", "--output", "real.yml"], " \t ", 0],
  ] as const)("%s", (_, argv, message, exit) => {
    const run = spawn(argv, { CI_COMMIT_MESSAGE: message });
    expect(run.signal).toBeNull();
    expect(run.status).toBe(exit);
    expect(run.stderr).not.toMatch(STACK_LINE);
    if (exit === 1) expectOneLineReasons(run.stderr);
  });

  it("fails a 10,000-entry list in --message readably: 200 problems, then a count", () => {
    const many = Array.from({ length: 10_000 }, (_, i) => `x${i}`).join(",");
    const run = spawn(["plan", "--message", `[AutoDeploy][Update] ${many}`]);
    expect(run.signal).toBeNull();
    expect(run.status).toBe(1);
    const lines = expectOneLineReasons(run.stderr);
    expect(lines).toHaveLength(201);
    expect(lines[0]).toMatch(/^error: (column \d+: )?unknown instance 'x0'/);
    expect(lines[200]).toBe("error: 9800 more problems not shown (10000 in all)");
  });

  it("reads a NUL byte from --message-file as an error, not a crash", () => {
    const file = path.join(outputs, "nul.txt");
    fs.writeFileSync(file, "[AutoDeploy][Update] demo\u0000hooli-edu\n");
    const run = spawn(["plan", "--message-file", file]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /^error: column 26: instance name 'demo\\u\{0\}hooli-edu' contains U\+0000/,
    );
  });
});
