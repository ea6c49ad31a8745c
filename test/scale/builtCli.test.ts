import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUILT_CLI, makeScaleCluster, runCli, scaleSettings } from "./scaleCluster.js";

// The built command starts on every pipeline; it must load zod (the settings schema, a separate
// file of dist/) only when there is a settings file to validate, and node:child_process only
// when it runs git (scripts/build.mjs).
const SCHEMA_CHUNK = path.join(path.dirname(BUILT_CLI), "settings-schema.cjs");
// Node's module loader logs each CommonJS file it loads to stderr under NODE_DEBUG=module.
const loadsSchema = (stderr: string) => stderr.includes(`load "${SCHEMA_CHUNK}"`);

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
    expect(fs.readFileSync(BUILT_CLI, "utf8")).not.toMatch(/ZodError|\$ZodType/);
    expect(fs.readFileSync(SCHEMA_CHUNK, "utf8")).toMatch(/ZodError|\$ZodType/);
  });

  it("loads the settings schema only for a repository that has a settings file", () => {
    const args = (repo: string) => [
      "generate",
      "--repo",
      repo,
      "--message",
      "Fix a typo",
      "--output",
      path.join(repo, "out.yml"),
    ];
    const without = runCli(args(bare), { NODE_DEBUG: "module" });
    expect(without.status).toBe(0);
    expect(loadsSchema(without.stderr)).toBe(false);
    const withFile = runCli(args(withSettings), { NODE_DEBUG: "module" });
    expect(withFile.status).toBe(0);
    expect(loadsSchema(withFile.stderr)).toBe(true);
  });

  it("loads node:child_process only when it runs git", () => {
    const loadsChildProcess = (stderr: string) => stderr.includes("node:child_process");
    const out = path.join(bare, "out.yml");
    const given = runCli(["generate", "--repo", bare, "--message", "Fix a typo", "--output", out], {
      NODE_DEBUG: "module",
    });
    expect(given.status).toBe(0);
    expect(loadsChildProcess(given.stderr)).toBe(false);
    // Without --message the title comes from `git log` in the repository.
    execFileSync("git", ["init", "--quiet"], { cwd: bare });
    execFileSync("git", ["add", "."], { cwd: bare });
    execFileSync("git", ["commit", "--quiet", "-m", "Fix a typo"], { cwd: bare });
    const fromGit = runCli(["generate", "--repo", bare, "--output", out], { NODE_DEBUG: "module" });
    expect(fromGit.status).toBe(0);
    expect(loadsChildProcess(fromGit.stderr)).toBe(true);
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
