import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import yaml from "js-yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listPipelineJobs } from "../../test/support/e2e/listPipelineJobs.js";
import { makeClusterRepo } from "../../test/support/e2e/makeClusterRepo.js";
import { testCli } from "../../test/support/testCli.js";
import type { GeneratorSource } from "../render/renderOrchestrator.js";
import { VERSION } from "../version.js";
import { UsageError } from "./io.js";
import { hookScript, SCHEMA_FILE } from "./developerSetup.js";
import { settingsJsonSchema } from "../repo/settingsJsonSchema.js";
import { initCommand, vendoredText } from "./initCommand.js";
import { parentPipeline, parentPipelineYaml } from "./parentPipeline.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const EXAMPLE = fileURLToPath(new URL("../../examples/cluster", import.meta.url));
/** The single-file command `npm run build` writes, and the built command beside it. */
const COMMAND = path.join(ROOT, "dist", "grove-pipelines.cjs");
const BUILT_CLI = path.join(ROOT, "dist", "cli.js");
const NPM: GeneratorSource = { kind: "registry", registry: "npm", version: VERSION };
const VENDORED: GeneratorSource = { kind: "vendored" };

let tmp = "";
let repo = "";
/** A cluster repository as people have it before adopting grove-pipelines: no .gitlab-ci.yml. */
function freshCluster(name: string): string {
  const copy = path.join(tmp, name);
  fs.cpSync(EXAMPLE, copy, { recursive: true });
  fs.rmSync(path.join(copy, ".gitlab-ci.yml"), { force: true });
  return copy;
}
beforeAll(() => {
  if (!fs.existsSync(COMMAND)) throw new Error(`${COMMAND} is missing: run npm run build first`);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "grove-init-"));
  repo = makeClusterRepo(freshCluster("cluster"), "Initial cluster");
});
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.rmSync(repo, { recursive: true, force: true });
});

const ciFile = (dir = repo): string => path.join(dir, ".gitlab-ci.yml");
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** The built command in a real process: `init --vendor` copies the file beside it. */
function builtInit(args: readonly string[], cwd: string) {
  return spawnSync(process.execPath, [BUILT_CLI, "init", ...args], {
    cwd,
    encoding: "utf8",
    env: { PATH: process.env["PATH"] ?? "" },
  });
}

describe("init --registry", () => {
  it("writes a parent pipeline that installs this version from the registry, and says so", async () => {
    const r = await testCli(["init", "--repo", repo, "--registry", "npm"], { cwd: ROOT });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(
      "jobs generate-pipeline and run-pipeline; generate-pipeline installs grove-pipelines@0.1.0 from https://registry.npmjs.org/ in node:20",
    );
    const text = fs.readFileSync(ciFile(), "utf8");
    expect(text).toBe(parentPipelineYaml(NPM, "node:20"));
    expect(yaml.load(text)).toEqual(parentPipeline(NPM, "node:20"));
    const job = parentPipeline(NPM, "node:20")["generate-pipeline"] as { script: string[] };
    expect(job.script).toEqual([
      `npm install --global --no-audit --no-fund --registry=https://registry.npmjs.org/ grove-pipelines@${VERSION}`,
      "grove-pipelines generate --registry npm --output generated-pipeline.yml --plan-file plan.md --shards-dir grove-shards",
    ]);
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
    const r = await testCli(["init", "--registry", "npm"], { cwd: repo });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(
      /^\.gitlab-ci\.yml already has the jobs generate-pipeline and run-pipeline; /,
    );
    expect(fs.readFileSync(ciFile(), "utf8")).toBe(before);
  });

  it("prints the jobs to merge when the generate job differs (another registry), changing nothing", async () => {
    const before = fs.readFileSync(ciFile(), "utf8");
    const r = await testCli(["init", "--registry", "gitlab"], { cwd: repo });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("exists and was not changed; merge these stages and jobs");
    expect(r.stderr).toContain("from this GitLab project's package registry");
    expect(r.stdout).toBe(
      parentPipelineYaml({ kind: "registry", registry: "gitlab", version: VERSION }, "node:20"),
    );
    expect(fs.readFileSync(ciFile(), "utf8")).toBe(before);
  });

  it("prints the snippet to merge into someone else's .gitlab-ci.yml, and leaves it alone", async () => {
    const own = "stages: [test]\nunit:\n  stage: test\n  script: [make test]\n";
    fs.writeFileSync(ciFile(), own);
    const r = await testCli(["init", "--repo", repo, "--registry", "npm"], { cwd: ROOT });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/\.gitlab-ci\.yml exists and was not changed; merge these/);
    expect(r.stdout).toBe(parentPipelineYaml(NPM, "node:20"));
    expect(fs.readFileSync(ciFile(), "utf8")).toBe(own);
  });

  it("runs the generate job in the settings' generatorImage", async () => {
    const dir = freshCluster("own-image");
    fs.appendFileSync(path.join(dir, "grove-pipelines.yml"), "generatorImage: node:22-bookworm\n");
    const r = await testCli(["init", "--registry", "https://npm.example.com/"], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const written = yaml.load(fs.readFileSync(ciFile(dir), "utf8")) as Record<string, unknown>;
    expect(written["generate-pipeline"]).toMatchObject({ image: "node:22-bookworm" });
  });

  it("reports settings it cannot read (exit 1) and writes nothing", async () => {
    const dir = freshCluster("bad-settings");
    fs.appendFileSync(path.join(dir, "grove-pipelines.yml"), "generatorImage: 3\n");
    const r = await testCli(["init", "--registry", "npm"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/generatorImage/);
    expect(fs.existsSync(ciFile(dir))).toBe(false);
  });
});

describe("init: the command line", () => {
  it.each([
    [[], /say how the pipeline gets grove-pipelines: --vendor .* or --registry/],
    [["--vendor", "--registry", "npm"], /pick one/],
    [["--registry", "registry.npmjs.org"], /--registry takes npm, gitlab or the http\(s\) URL/],
  ])("init %j is a command-line error (exit 2)", async (args, message) => {
    const dir = freshCluster(`usage-${args.length}`);
    const r = await testCli(["init", ...args], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(fs.readdirSync(dir)).not.toContain(".gitlab-ci.yml");
  });

  it("a --repo that is not a folder is a command-line error (exit 2)", async () => {
    const r = await testCli(["init", "--repo", path.join(tmp, "missing"), "--vendor"], {
      cwd: ROOT,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: --repo .*missing is not a folder$/m);
  });
});

describe("init --vendor", () => {
  const command = () => fs.readFileSync(COMMAND, "utf8");

  it("replaces a vendored copy that is a FIFO instead of blocking on it (issue 14, point 5)", () => {
    const dir = freshCluster("vendored-fifo");
    fs.mkdirSync(path.join(dir, ".grove"));
    execFileSync("mkfifo", [path.join(dir, ".grove", "grove-pipelines.cjs")]);
    const r = spawnSync(process.execPath, [BUILT_CLI, "init", "--vendor"], {
      cwd: dir,
      encoding: "utf8",
      timeout: 20_000,
      env: { PATH: process.env["PATH"] ?? "" },
    });
    expect(r.signal).toBeNull();
    expect(r.status, r.stderr).toBe(0);
    expect(fs.statSync(path.join(dir, ".grove", "grove-pipelines.cjs")).isFile()).toBe(true);
  });

  it("copies the single-file command with its version and checksum, and a pipeline that runs it", () => {
    const dir = freshCluster("vendored");
    const r = builtInit(["--vendor"], dir);
    expect(r.status, r.stderr).toBe(0);
    const vendored = fs.readFileSync(path.join(dir, ".grove", "grove-pipelines.cjs"), "utf8");
    expect(vendored).toBe(vendoredText(command(), VERSION));
    const lines = vendored.split("\n");
    expect(lines[1]).toMatch(new RegExp(`^// grove-pipelines ${VERSION}, vendored by `));
    expect(lines[2]).toContain(`sha256 ${sha256(command())}.`);
    // Without the two comment lines it is the package's file, as the header says.
    expect([lines[0], ...lines.slice(3)].join("\n")).toBe(command());
    expect(r.stderr).toBe(
      [
        `wrote .grove/grove-pipelines.cjs: grove-pipelines ${VERSION}, sha256 ${sha256(command())}`,
        "added the editor line to grove-pipelines.yml: editors check it against the settings' JSON Schema",
        "wrote .gitlab-ci.yml: jobs generate-pipeline and run-pipeline; generate-pipeline runs .grove/grove-pipelines.cjs (vendored) with node in node:20",
        "commit .grove/grove-pipelines.cjs and .grove/grove-pipelines.schema.json and grove-pipelines.yml and .gitlab-ci.yml to adopt grove-pipelines",
        "",
      ].join("\n"),
    );
    expect(fs.readFileSync(ciFile(dir), "utf8")).toBe(parentPipelineYaml(VENDORED, "node:20"));
    // The copy runs alone, with node.
    const version = spawnSync(process.execPath, [".grove/grove-pipelines.cjs", "--version"], {
      cwd: dir,
      encoding: "utf8",
    });
    expect(version.stdout).toBe(`${VERSION}\n`);

    // Run again, from the vendored copy itself: the same bytes, the pipeline left alone.
    const again = spawnSync(process.execPath, [".grove/grove-pipelines.cjs", "init", "--vendor"], {
      cwd: dir,
      encoding: "utf8",
    });
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).toContain(`replacing ${VERSION}`);
    expect(again.stderr).toContain(".gitlab-ci.yml already has the jobs");
    expect(fs.readFileSync(path.join(dir, ".grove", "grove-pipelines.cjs"), "utf8")).toBe(vendored);
  });

  it("refuses to vendor a copy that was changed after it was vendored", () => {
    const dir = freshCluster("tampered");
    const changed = path.join(tmp, "changed.cjs");
    fs.writeFileSync(changed, vendoredText(command(), VERSION).replace("use strict", "use sloppy"));
    const io = {
      stdout: () => undefined,
      stderr: () => undefined,
      env: {},
      cwd: dir,
      readStdin: () => "",
      stdoutIsTTY: false,
    };
    expect(() => initCommand(io, { vendor: true, commandFile: changed })).toThrow(UsageError);
    expect(() => initCommand(io, { vendor: true, commandFile: changed })).toThrow(
      /changed\.cjs was changed after it was vendored \(its checksum differs\)/,
    );
    expect(fs.existsSync(path.join(dir, ".grove"))).toBe(false);
  });

  it("exits 74 naming the path and the cause when it cannot write the copy", () => {
    const dir = freshCluster("blocked");
    fs.writeFileSync(path.join(dir, ".grove"), "a file where the folder should be\n");
    const r = builtInit(["--vendor"], dir);
    expect(r.status).toBe(74);
    expect(r.stderr).toMatch(/^error: cannot write \.grove: [a-z ]+ \(E[A-Z]+\)\n$/);
    expect(fs.existsSync(ciFile(dir))).toBe(false);
  });
});

describe("examples/cluster/.gitlab-ci.yml", () => {
  it("has the same stages, rules and jobs init --vendor writes", () => {
    const example = yaml.load(
      fs.readFileSync(path.join(EXAMPLE, ".gitlab-ci.yml"), "utf8"),
    ) as Record<string, unknown>;
    const written = parentPipeline(VENDORED, "node:20");
    for (const key of Object.keys(written)) expect(example[key], key).toEqual(written[key]);
  });
});

describe("init: the settings' editor line and the commit-msg hook", () => {
  function gitRepo(label: string): string {
    const dir = freshCluster(label);
    execFileSync("git", ["init", "-q", "-b", "main"], { cwd: dir });
    return dir;
  }

  it("puts the schema line on top of grove-pipelines.yml once, and creates the file when missing", () => {
    const dir = freshCluster("schema-line");
    const before = fs.readFileSync(path.join(dir, "grove-pipelines.yml"), "utf8");
    expect(builtInit(["--vendor"], dir).status).toBe(0);
    const after = fs.readFileSync(path.join(dir, "grove-pipelines.yml"), "utf8");
    expect(after).toBe(`# yaml-language-server: $schema=${SCHEMA_FILE}\n${before}`);
    // The line points at a file init wrote beside the vendored command: the schema of this build.
    expect(JSON.parse(fs.readFileSync(path.join(dir, SCHEMA_FILE), "utf8"))).toEqual(
      settingsJsonSchema(),
    );
    fs.rmSync(ciFile(dir));
    expect(builtInit(["--vendor"], dir).status).toBe(0);
    expect(fs.readFileSync(path.join(dir, "grove-pipelines.yml"), "utf8")).toBe(after);
    const bare = freshCluster("schema-new");
    fs.rmSync(path.join(bare, "grove-pipelines.yml"));
    expect(builtInit(["--registry", "npm"], bare).status).toBe(0);
    expect(fs.existsSync(path.join(bare, SCHEMA_FILE))).toBe(true);
    expect(fs.readFileSync(path.join(bare, "grove-pipelines.yml"), "utf8")).toMatch(
      /^# yaml-language-server: \$schema=\.grove\/grove-pipelines\.schema\.json\n/,
    );
  });

  it("--hook alone installs a commit-msg hook that checks titles against the repository", () => {
    const dir = gitRepo("hook");
    const r = builtInit(["--hook"], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe(
      "wrote .git/hooks/commit-msg: the commit-msg hook (silent when a title is fine)\n",
    );
    expect(fs.existsSync(ciFile(dir))).toBe(false);
    const hook = path.join(dir, ".git", "hooks", "commit-msg");
    expect(fs.statSync(hook).mode & 0o111).not.toBe(0);
    expect(fs.readFileSync(hook, "utf8")).toBe(hookScript("."));
  });

  it("--hook leaves a hook of another origin alone and prints its own to merge", () => {
    const dir = gitRepo("hook-foreign");
    const hook = path.join(dir, ".git", "hooks", "commit-msg");
    fs.mkdirSync(path.dirname(hook), { recursive: true });
    fs.writeFileSync(hook, "#!/bin/sh\nexit 0\n");
    const r = builtInit(["--hook"], dir);
    expect(r.status).toBe(0);
    expect(fs.readFileSync(hook, "utf8")).toBe("#!/bin/sh\nexit 0\n");
    expect(r.stdout).toBe(hookScript("."));
  });
});
