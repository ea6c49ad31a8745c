import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import yaml from "js-yaml";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testCli } from "../../test/support/testCli.js";

/*
 * `generate --shards-dir DIR`: the parent's generate job writes a sharded batch's every shard
 * file itself, and the orchestrator only fetches them, so the batch is read and planned once.
 */

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const SHARDED = path.join(ROOT, "test/fixtures/clusters/sharded");
const EXAMPLE = path.join(ROOT, "examples/cluster");
const BATCH = "[AutoDeploy][Batch][Upgrade] *|*";
/** What GitLab sets in the parent's generate job. */
const JOB = { CI_PIPELINE_ID: "90210", CI_JOB_NAME: "generate-pipeline" };

let dir = "";
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "grove-shards-dir-"));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const generate = (argv: readonly string[], env: Record<string, string> = JOB) =>
  testCli(["generate", "--repo", SHARDED, "--message", BATCH, ...argv], { cwd: dir, env });
const read = (file: string) => fs.readFileSync(path.join(dir, file), "utf8");
type Doc = Record<string, Record<string, unknown>>;

describe("generate --shards-dir", () => {
  it("writes every shard file beside an orchestrator that fetches them from this job", async () => {
    const r = await generate(["--output", "o.yml", "--shards-dir", "grove-shards"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe(
      "wrote grove-shards/shard-1.yml to shard-2.yml: 2 shard(s)\n" +
        "wrote o.yml: an orchestrator running 2 shards of 16 jobs\n",
    );
    const doc = yaml.load(read("o.yml")) as Doc;
    expect(doc["shard-files"]?.["needs"]).toEqual([
      { pipeline: "90210", job: "generate-pipeline" },
    ]);
    expect(doc["shard-2"]?.["trigger"]).toEqual({
      include: [{ artifact: "grove-shards/shard-2.yml", job: "shard-files" }],
      strategy: "depend",
    });
    // No job of the orchestrator runs the generator again.
    expect(read("o.yml")).not.toMatch(/grove-pipelines(\.cjs)? generate/);
  });

  it("writes each shard as the orchestrator's own generator would (--all-shards)", async () => {
    const kept = await generate(["--output", "o.yml", "--shards-dir", "kept"]);
    expect(kept.code, kept.stderr).toBe(0);
    const env = { GROVE_PIPELINES_DIRECTIVES: BATCH };
    const all = await testCli(["generate", "--repo", SHARDED, "--all-shards", "all"], {
      cwd: dir,
      env,
    });
    expect(all.code, all.stderr).toBe(0);
    expect(fs.readdirSync(path.join(dir, "kept"))).toEqual(["shard-1.yml", "shard-2.yml"]);
    for (const k of [1, 2]) {
      expect(read(`kept/shard-${k}.yml`)).toBe(read(`all/shard-${k}.yml`));
    }
  });

  it("runs the fetching job in the settings' lightImage when there is one", async () => {
    const repo = path.join(dir, "cluster");
    fs.cpSync(SHARDED, repo, { recursive: true });
    fs.appendFileSync(path.join(repo, "grove-pipelines.yml"), "lightImage: alpine:3.20\n");
    const r = await testCli(
      ["generate", "--repo", repo, "--message", BATCH, "--output", "o.yml", "--shards-dir", "s"],
      { cwd: dir, env: JOB },
    );
    expect(r.code, r.stderr).toBe(0);
    expect((yaml.load(read("o.yml")) as Doc)["shard-files"]?.["image"]).toBe("alpine:3.20");
  });

  it("writes no shard files for a plan that fits one pipeline", async () => {
    const r = await testCli(
      ["generate", "--repo", EXAMPLE, "--message", BATCH, "--output", "o.yml", "--shards-dir", "s"],
      { cwd: dir, env: JOB },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(fs.readdirSync(dir)).toEqual(["o.yml"]);
  });

  it("outside a GitLab job, a sharded batch is an error naming the variables (exit 1)", async () => {
    const r = await generate(["--output", "o.yml", "--shards-dir", "s"], {});
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      "error: this batch runs as 2 shards, whose files the orchestrator fetches from the GitLab job that wrote them to s, but CI_PIPELINE_ID and CI_JOB_NAME are not set: run it in the parent pipeline's generate job, or write the shard files with --all-shards DIR\n",
    );
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it.each(["/tmp/x", "../up", "a/../../b", "with space", "$(id)", "."])(
    "--shards-dir %s is a command-line error (exit 2)",
    async (bad) => {
      const r = await generate(["--output", "o.yml", "--shards-dir", bad]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("--shards-dir takes a folder inside the project");
      expect(fs.readdirSync(dir)).toEqual([]);
    },
  );

  it("a CI_PIPELINE_ID that is not an id is an error (exit 2), never written into YAML", async () => {
    const env = { ...JOB, CI_PIPELINE_ID: "1\njob: x" };
    const r = await generate(["--output", "o.yml", "--shards-dir", "s"], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("CI_PIPELINE_ID must be a pipeline id (digits)");
  });

  it.each([
    ["--shard", "1"],
    ["--all-shards", "x"],
  ])("--shards-dir with %s is a command-line error (exit 2)", async (flag, value) => {
    const r = await generate(["--shards-dir", "s", flag, value]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("cannot be used with option");
  });
});
