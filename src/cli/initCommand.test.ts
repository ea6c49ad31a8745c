import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import yaml from "js-yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listPipelineJobs } from "../../test/support/e2e/listPipelineJobs.js";
import { makeClusterRepo } from "../../test/support/e2e/makeClusterRepo.js";
import { parentPipeline, parentPipelineYaml } from "./parentPipeline.js";
import { testCli } from "../../test/support/testCli.js";
import { VERSION } from "./version.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const EXAMPLE = fileURLToPath(new URL("../../examples/cluster", import.meta.url));

let tmp = "";
let repo = "";
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "grove-init-"));
  // A cluster repository as people have it before adopting grove-pipelines: no .gitlab-ci.yml.
  const copy = path.join(tmp, "cluster");
  fs.cpSync(EXAMPLE, copy, { recursive: true });
  fs.rmSync(path.join(copy, ".gitlab-ci.yml"), { force: true });
  repo = makeClusterRepo(copy, "Initial cluster");
});
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.rmSync(repo, { recursive: true, force: true });
});

const ciFile = (): string => path.join(repo, ".gitlab-ci.yml");

describe("init", () => {
  it("writes the parent pipeline into a repository that has none", async () => {
    const r = await testCli(["init", "--repo", repo], { cwd: ROOT });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("wrote ");
    expect(r.stderr).toContain("jobs generate-pipeline and run-pipeline");
    const text = fs.readFileSync(ciFile(), "utf8");
    expect(text).toBe(parentPipelineYaml(VERSION));
    expect(yaml.load(text)).toEqual(parentPipeline(VERSION));
    expect(text).toContain(`npm install --global grove-pipelines@${VERSION}`);
  });

  it("writes a file gitlab-ci-local accepts: the generator, then the trigger that needs it", () => {
    execFileSync("git", ["add", ".gitlab-ci.yml"], { cwd: repo });
    const listed = listPipelineJobs(repo, ".gitlab-ci.yml");
    expect(listed.valid, listed.valid ? "" : listed.stderr).toBe(true);
    if (!listed.valid) return;
    expect(listed.jobs.map((j) => [j.name, j.stage, j.needs])).toEqual([
      ["generate-pipeline", "generate", null],
      ["run-pipeline", "deploy", ["generate-pipeline"]],
    ]);
  });

  it("never overwrites: says the jobs are there already", async () => {
    const before = fs.readFileSync(ciFile(), "utf8");
    const r = await testCli(["init"], { cwd: repo });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      ".gitlab-ci.yml already has the jobs generate-pipeline and run-pipeline; nothing to do\n",
    );
    expect(fs.readFileSync(ciFile(), "utf8")).toBe(before);
  });

  it("prints the snippet to merge into someone else's .gitlab-ci.yml, and leaves it alone", async () => {
    const own = "stages: [test]\nunit:\n  stage: test\n  script: [make test]\n";
    fs.writeFileSync(ciFile(), own);
    const r = await testCli(["init", "--repo", repo], { cwd: ROOT });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/\.gitlab-ci\.yml exists and was not changed; merge these/);
    expect(r.stdout).toBe(parentPipelineYaml(VERSION));
    expect(fs.readFileSync(ciFile(), "utf8")).toBe(own);
  });

  it("a --repo that is not a folder is a command-line error (exit 2)", async () => {
    const r = await testCli(["init", "--repo", path.join(tmp, "missing")], { cwd: ROOT });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: --repo .*missing is not a folder$/m);
  });
});

describe("examples/cluster/.gitlab-ci.yml", () => {
  it("has the same stages, rules and jobs init writes", () => {
    const example = yaml.load(
      fs.readFileSync(path.join(EXAMPLE, ".gitlab-ci.yml"), "utf8"),
    ) as Record<string, unknown>;
    const written = parentPipeline(VERSION);
    for (const key of Object.keys(written)) expect(example[key], key).toEqual(written[key]);
  });
});
