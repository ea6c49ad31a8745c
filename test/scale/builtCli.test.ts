import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUILT_CLI, makeScaleCluster, runCli, scaleSettings } from "./scaleCluster.js";
import type { CliResult } from "./scaleCluster.js";
import { testCli } from "../support/testCli.js";
import { PARALLEL_MIN_INSTANCES } from "../../src/repo/readInstancesInParallel.js";

const BATCH = "[AutoDeploy][Batch][UpgradeTo] 1a2b3c4d5e6f7a8b9c0d";

// The built command starts on every pipeline (scripts/build.mjs): it must run its bundles from
// the V8 code caches the build wrote, load zod (the settings schema, a separate file of dist/)
// only when there is a settings file to validate, and node:child_process only when it runs git.
const DIST = path.dirname(BUILT_CLI);
const SCHEMA_CHUNK = path.join(DIST, "settings-schema.cjs");
const CLI_BUNDLE = path.join(DIST, "cli-bundle.js");
const PRELOAD = fileURLToPath(new URL("./recordStartup.cjs", import.meta.url));

interface StartupRecord {
  readonly read: readonly string[];
  readonly scripts: readonly { filename: string; withCache: boolean; cacheRejected: boolean }[];
  readonly builtins: readonly string[];
}

/** Runs the built command with recordStartup.cjs preloaded, and returns what it recorded. */
function runRecorded(cli: string, args: readonly string[]): StartupRecord & CliResult {
  const recordFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "grove-startup-")), "r.json");
  const result = runCli(
    args,
    {
      NODE_OPTIONS: `--require ${PRELOAD}`,
      GROVE_TEST_STARTUP_RECORD: recordFile,
    },
    cli,
  );
  const record = JSON.parse(fs.readFileSync(recordFile, "utf8")) as StartupRecord;
  fs.rmSync(path.dirname(recordFile), { recursive: true, force: true });
  return { ...record, ...result };
}

const generateArgs = (repo: string, out = path.join(repo, "out.yml")) => [
  "generate",
  "--repo",
  repo,
  "--message",
  "Fix a typo",
  "--output",
  out,
];

let bare: string;
let withSettings: string;
beforeAll(() => {
  bare = makeScaleCluster(3, undefined);
  withSettings = makeScaleCluster(3, scaleSettings({ waveSize: 2 }));
});
afterAll(() => {
  fs.rmSync(bare, { recursive: true, force: true });
  fs.rmSync(withSettings, { recursive: true, force: true });
});

describe("the built grove-pipelines", () => {
  it("does not bundle zod into the command itself", () => {
    expect(fs.readFileSync(CLI_BUNDLE, "utf8")).not.toMatch(/ZodError|\$ZodType/);
    expect(fs.readFileSync(SCHEMA_CHUNK, "utf8")).toMatch(/ZodError|\$ZodType/);
  });

  it("loads the settings schema only for a repository that has a settings file", () => {
    const without = runRecorded(BUILT_CLI, generateArgs(bare));
    expect(without.status).toBe(0);
    expect(without.read).not.toContain(SCHEMA_CHUNK);
    const withFile = runRecorded(BUILT_CLI, generateArgs(withSettings));
    expect(withFile.status).toBe(0);
    expect(withFile.read).toContain(SCHEMA_CHUNK);
  });

  it("runs the bundle and the settings schema from code caches that V8 accepts", () => {
    const run = runRecorded(BUILT_CLI, generateArgs(withSettings));
    expect(run.status).toBe(0);
    expect(run.scripts).toEqual([
      { filename: CLI_BUNDLE, withCache: true, cacheRejected: false },
      { filename: SCHEMA_CHUNK, withCache: true, cacheRejected: false },
    ]);
  });

  it("still runs, with the same output, when a code cache is missing or not V8's", () => {
    const expected = runCli(generateArgs(withSettings, path.join(withSettings, "expected.yml")));
    expect(expected.status).toBe(0);
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), "grove-dist-"));
    try {
      fs.cpSync(DIST, copy, { recursive: true });
      const caches = fs.readdirSync(copy).filter((f) => f.endsWith(".v8cache"));
      expect(caches).toHaveLength(2);
      const [bundleCache, schemaCache] = [...caches].sort();
      fs.rmSync(path.join(copy, bundleCache ?? ""));
      fs.writeFileSync(path.join(copy, schemaCache ?? ""), "not a V8 code cache");
      const out = path.join(withSettings, "from-copy.yml");
      const run = runRecorded(path.join(copy, "cli.js"), generateArgs(withSettings, out));
      expect(run.status).toBe(0);
      expect(run.stderr).toContain("from-copy.yml: 1 job(s)");
      expect(run.scripts.map((s) => [s.withCache, s.cacheRejected])).toEqual([
        [false, false],
        [true, true],
      ]);
      expect(fs.readFileSync(out, "utf8")).toBe(
        fs.readFileSync(path.join(withSettings, "expected.yml"), "utf8"),
      );
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });

  it("loads node:child_process only when it runs git", () => {
    const given = runRecorded(BUILT_CLI, generateArgs(bare));
    expect(given.status).toBe(0);
    expect(given.builtins).not.toContain("child_process");
    // Without --message the title comes from `git log` in the repository.
    execFileSync("git", ["init", "--quiet"], { cwd: bare });
    execFileSync("git", ["add", "."], { cwd: bare });
    execFileSync("git", ["commit", "--quiet", "-m", "Fix a typo"], { cwd: bare });
    const fromGit = runRecorded(BUILT_CLI, [
      "generate",
      "--repo",
      bare,
      "--output",
      path.join(bare, "out.yml"),
    ]);
    expect(fromGit.status).toBe(0);
    expect(fromGit.builtins).toContain("child_process");
  });

  it("does not load Node's stream machinery for a commit with no directive", () => {
    // process.stdout and node:tty would load it (about 3 ms of every start); see writeAllSync.ts.
    const run = runRecorded(BUILT_CLI, generateArgs(bare));
    expect(run.status).toBe(0);
    expect(run.stderr).toContain("out.yml: 1 job(s)");
    expect(run.builtins).not.toContain("stream");
    expect(run.builtins).not.toContain("tty");
  });

  it("colours its plan only when standard output is a terminal", () => {
    // It asks node:tty only then (see src/cli/main.ts); `script` gives the command a terminal.
    const args = ["plan", "--repo", bare, "--message", "Fix a typo"];
    const plain = runCli(args);
    expect(plain.status).toBe(0);
    expect(plain.stdout).not.toContain("\u001b[");
    const command = [process.execPath, BUILT_CLI, ...args].map((a) => `'${a}'`).join(" ");
    const onTerminal = execFileSync("script", ["-qec", command, "/dev/null"], {
      encoding: "utf8",
      env: { PATH: process.env["PATH"] ?? "", HOME: os.tmpdir() },
    });
    expect(onTerminal).toContain("\u001b[1mDirective:");
  });

  it("reads a small batch on one thread", () => {
    const run = runRecorded(BUILT_CLI, ["plan", "--repo", bare, "--message", BATCH]);
    expect(run.status).toBe(0);
    expect(run.builtins).not.toContain("worker_threads");
  });

  it("reads a large batch on two threads, and plans exactly what one thread plans", async () => {
    const big = makeScaleCluster(PARALLEL_MIN_INSTANCES + 200, scaleSettings({ waveSize: 40 }));
    try {
      // Broken instances in two places, so their problems must come out in order too.
      const names = fs.readdirSync(path.join(big, "instances")).sort();
      for (const i of [3, PARALLEL_MIN_INSTANCES + 100]) {
        fs.writeFileSync(path.join(big, "instances", names[i] ?? "", "config.yml"), "A: [\n");
      }
      const args = ["plan", "--repo", big, "--json", "--skip-invalid", "--message", BATCH];
      const built = runRecorded(BUILT_CLI, args);
      expect(built.status).toBe(0);
      expect(built.builtins).toContain("worker_threads");
      // In-process, the CLI has no worker file and reads everything on this thread.
      const inProcess = await testCli(args, { cwd: big });
      expect(inProcess.code).toBe(0);
      expect(built.stdout).toBe(inProcess.stdout);
      expect(built.stderr).toBe(inProcess.stderr);
      expect(JSON.parse(built.stdout)).toMatchObject({
        skipped: expect.arrayContaining([expect.objectContaining({ instance: names[3] })]),
      });
      // Megabytes of JSON into a reader that stops after 100 bytes: the command's writes then
      // fail with EPIPE, which ends its output quietly, with its own exit code.
      const quoted = [process.execPath, BUILT_CLI, ...args].map((a) => `'${a}'`).join(" ");
      const piped = spawnSync(
        "bash",
        ["-c", `${quoted} | head -c 100 >/dev/null; exit \${PIPESTATUS[0]}`],
        {
          encoding: "utf8",
        },
      );
      expect(built.stdout.length).toBeGreaterThan(1_000_000);
      expect(piped.status).toBe(0);
      expect(piped.stderr).not.toContain("internal error");
    } finally {
      fs.rmSync(big, { recursive: true, force: true });
    }
  });

  it("still validates a settings file with the schema it loads", () => {
    fs.writeFileSync(path.join(withSettings, "grove-pipelines.yml"), "batch:\n  waveSiz: 3\n");
    const run = runCli([
      "generate",
      "--repo",
      withSettings,
      "--message",
      "Fix a typo",
      "--output",
      path.join(withSettings, "out2.yml"),
    ]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("unknown setting batch.waveSiz (did you mean batch.waveSize?)");
  });
});
