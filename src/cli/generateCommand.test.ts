import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import yaml from "js-yaml";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testCli } from "../../test/support/testCli.js";

/* `generate`: the output file is written whole or not at all, and one line says what it holds. */

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const EXAMPLE = path.join(ROOT, "examples/cluster");
const SHARDED = path.join(ROOT, "test/fixtures/clusters/sharded");
const UPDATE = "[AutoDeploy][Update] demo|42,acme-university|deploy-7f3a";
const GOLDEN = fs.readFileSync(
  path.join(ROOT, "test/fixtures/update-with-ids/pipeline.yml"),
  "utf8",
);

let dir = "";
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "grove-generate-"));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const generate = (argv: readonly string[], env: Record<string, string> = {}) =>
  testCli(["generate", ...argv], { cwd: dir, env });

describe("generate --output", () => {
  it("writes the whole pipeline, leaves no temporary file and prints a one-line summary", async () => {
    const r = await generate(["--repo", EXAMPLE, "--message", UPDATE, "--output", "out.yml"]);
    expect(r).toEqual({ code: 0, stdout: "", stderr: "wrote out.yml: 4 job(s)\n" });
    expect(fs.readFileSync(path.join(dir, "out.yml"), "utf8")).toBe(GOLDEN);
    expect(fs.readdirSync(dir)).toEqual(["out.yml"]);
  });

  it("writes generated-pipeline.yml in the current folder by default", async () => {
    const r = await generate(["--repo", EXAMPLE, "--message", UPDATE]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("wrote generated-pipeline.yml: 4 job(s)\n");
    expect(fs.readFileSync(path.join(dir, "generated-pipeline.yml"), "utf8")).toBe(GOLDEN);
  });

  it("replaces the old file by renaming a new one over it, never by rewriting it in place", async () => {
    const out = path.join(dir, "out.yml");
    const old = "# the previous pipeline, much longer than nothing\n".repeat(500);
    fs.writeFileSync(out, old);
    // A second name for the old file's contents: an in-place write would change it too, while a
    // rename leaves it alone, so a reader that opened the old file never sees half a pipeline.
    fs.linkSync(out, path.join(dir, "reader-view"));
    const r = await generate(["--repo", EXAMPLE, "--message", UPDATE, "--output", out]);
    expect(r.code).toBe(0);
    expect(fs.readFileSync(out, "utf8")).toBe(GOLDEN);
    expect(fs.readFileSync(path.join(dir, "reader-view"), "utf8")).toBe(old);
    expect(fs.readdirSync(dir).sort()).toEqual(["out.yml", "reader-view"]);
  });

  it("leaves an existing file untouched when the input is invalid (exit 1)", async () => {
    fs.writeFileSync(path.join(dir, "out.yml"), "previous\n");
    const r = await generate([
      "--repo",
      EXAMPLE,
      "--message",
      "[AutoDeploy][Update] dmeo",
      "--output",
      "out.yml",
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: .*did you mean 'demo'\?\n$/);
    expect(fs.readFileSync(path.join(dir, "out.yml"), "utf8")).toBe("previous\n");
    expect(fs.readdirSync(dir)).toEqual(["out.yml"]);
  });

  it("exits 2 with one line when the output cannot be written, leaving no temporary file", async () => {
    fs.mkdirSync(path.join(dir, "taken"));
    const r = await generate(["--repo", EXAMPLE, "--message", UPDATE, "--output", "taken"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: cannot write .*taken: E[A-Z]+\n$/);
    expect(fs.readdirSync(dir)).toEqual(["taken"]);

    const missing = await generate([
      "--repo",
      EXAMPLE,
      "--message",
      UPDATE,
      "--output",
      "no/such/dir.yml",
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^error: cannot write .*dir\.yml: ENOENT\n$/);
  });
});

describe("generate summaries", () => {
  it("says when the file is only a preview, and why", async () => {
    const env = { GITLAB_CI: "true", CI_PIPELINE_SOURCE: "merge_request_event" };
    const r = await generate(["--repo", EXAMPLE, "--message", UPDATE, "--output", "p.yml"], env);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      "wrote p.yml: a preview only (pipelines started by 'merge_request_event' do not deploy (only push, schedule, web, api, trigger, pipeline do))\n",
    );
    expect(fs.readFileSync(path.join(dir, "p.yml"), "utf8")).toMatch(/^preview:$/m);
  });

  it("says when a batch became an orchestrator of shards", async () => {
    const r = await generate([
      "--repo",
      SHARDED,
      "--message",
      "[AutoDeploy][Batch][Upgrade] *|*",
      "--output",
      "o.yml",
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("wrote o.yml: an orchestrator running 2 shards of 16 jobs\n");
  });

  it("--shard K writes that shard from the directives the orchestrator pinned", async () => {
    const env = { GROVE_PIPELINES_DIRECTIVES: "[AutoDeploy][Batch][Upgrade] *|*" };
    const r = await generate(["--repo", SHARDED, "--shard", "2", "--output", "shard-2.yml"], env);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^wrote shard-2\.yml: [^\n]+\n$/);
    const shard = fs.readFileSync(path.join(dir, "shard-2.yml"), "utf8");
    const jobs = Object.keys(yaml.load(shard) as object).filter((k) => k.includes(":"));
    // Shard 2 of 2 holds waves 3 and 4: everything after the canary and the first wave of two.
    expect(jobs.sort()).toEqual([
      "build-image:site-4",
      "build-image:site-5",
      "build-image:site-6",
      "deploy:site-4",
      "deploy:site-5",
      "deploy:site-6",
      "wave-gate:3",
      "wave-gate:4",
    ]);
  });

  it("--shard K without the pinned directives is a command-line error (exit 2)", async () => {
    const r = await generate(["--repo", SHARDED, "--shard", "1", "--output", "s.yml"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: --shard needs the directives in GROVE_PIPELINES_DIRECTIVES/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it.each(["0", "abc", "-1"])(
    "--shard %s is a command-line error (exit 2), not a crash",
    async (k) => {
      const r = await generate(["--repo", SHARDED, "--shard", k, "--output", "s.yml"]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`--shard takes a positive whole number`);
      expect(r.stderr).not.toMatch(/internal error/);
    },
  );
});
