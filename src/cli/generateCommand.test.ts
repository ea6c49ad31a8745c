import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import yaml from "js-yaml";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testCli } from "../../test/support/testCli.js";
import { VERSION } from "../version.js";

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

  it("exits 74 with one line naming the path and the cause when the output cannot be written", async () => {
    fs.mkdirSync(path.join(dir, "taken"));
    const r = await generate(["--repo", EXAMPLE, "--message", UPDATE, "--output", "taken"]);
    expect(r.code).toBe(74);
    expect(r.stderr).toMatch(/^error: cannot write taken: [a-z ]+ \(E[A-Z]+\)\n$/);
    expect(fs.readdirSync(dir)).toEqual(["taken"]);

    const missing = await generate([
      "--repo",
      EXAMPLE,
      "--message",
      UPDATE,
      "--output",
      "no/such/dir.yml",
    ]);
    expect(missing.code).toBe(74);
    expect(missing.stderr).toBe(
      "error: cannot write no/such/dir.yml: no such file or directory (ENOENT)\n",
    );
  });

  it("exits 74 when a folder of the path is a file", async () => {
    fs.writeFileSync(path.join(dir, "notes"), "a file, not a folder\n");
    const r = await generate(["--repo", EXAMPLE, "--message", UPDATE, "--output", "notes/p.yml"]);
    expect(r.code).toBe(74);
    expect(r.stderr).toBe("error: cannot write notes/p.yml: not a directory (ENOTDIR)\n");
  });

  it("--output - writes the pipeline to standard output, and the summary to standard error", async () => {
    const r = await generate(["--repo", EXAMPLE, "--message", UPDATE, "--output", "-"]);
    expect(r).toEqual({
      code: 0,
      stdout: GOLDEN,
      stderr: "wrote to standard output: 4 job(s)\n",
    });
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

const BATCH = ["--message", "[AutoDeploy][Batch][Upgrade] *|*"];
const generatorJob = (file: string) =>
  (yaml.load(fs.readFileSync(path.join(dir, file), "utf8")) as Record<string, unknown>)[
    "generate-shards"
  ];

/** A copy of the sharded cluster that has the vendored command (its content does not matter here). */
function vendored(): string {
  const copy = path.join(dir, "cluster");
  fs.cpSync(SHARDED, copy, { recursive: true });
  fs.mkdirSync(path.join(copy, ".grove"));
  fs.writeFileSync(path.join(copy, ".grove", "grove-pipelines.cjs"), "// the vendored command\n");
  return copy;
}

describe("generate: the shard generator runs grove-pipelines as the generate job did", () => {
  it("runs the vendored file with node, in the settings' generatorImage", async () => {
    const r = await generate(["--repo", vendored(), ...BATCH, "--output", "o.yml"]);
    expect(r.code, r.stderr).toBe(0);
    expect(generatorJob("o.yml")).toMatchObject({
      image: "node:20",
      script: ["node .grove/grove-pipelines.cjs generate --all-shards ."],
    });
  });

  it("installs this version from the registry --registry names", async () => {
    const args = ["--repo", SHARDED, ...BATCH, "--registry", "npm", "--output", "o.yml"];
    const r = await generate(args);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe("wrote o.yml: an orchestrator running 2 shards of 16 jobs\n");
    expect(generatorJob("o.yml")).toMatchObject({
      script: [
        `npm install --global --no-audit --no-fund --registry=https://registry.npmjs.org/ grove-pipelines@${VERSION}`,
        "grove-pipelines generate --all-shards .",
      ],
    });
  });

  it("warns at a terminal when the repository lacks the vendored file", async () => {
    const r = await generate(["--repo", SHARDED, ...BATCH, "--output", "o.yml"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /^warning: \.grove\/grove-pipelines\.cjs: this batch runs as 2 shards, written by a job that runs \.grove\/grove-pipelines\.cjs, which the repository does not have: vendor it \(grove-pipelines init --vendor\)/,
    );
    expect(fs.existsSync(path.join(dir, "o.yml"))).toBe(true);
  });

  it("fails in GitLab CI when the repository lacks the vendored file (exit 1), writing nothing", async () => {
    const env = { GITLAB_CI: "true", CI_PIPELINE_SOURCE: "push", CI_COMMIT_BRANCH: "main" };
    const r = await generate(["--repo", SHARDED, ...BATCH, "--output", "o.yml"], {
      ...env,
      CI_DEFAULT_BRANCH: "main",
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: \.grove\/grove-pipelines\.cjs: this batch runs as 2 shards/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it("a --registry that is none is a command-line error (exit 2)", async () => {
    const r = await generate(["--repo", SHARDED, ...BATCH, "--registry", "$(id)"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--registry takes npm, gitlab or the http(s) URL");
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
    const r = await generate(["--repo", vendored(), ...BATCH, "--output", "o.yml"]);
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

  it("--all-shards DIR writes every shard in one run, each as --shard K writes it", async () => {
    const env = { GROVE_PIPELINES_DIRECTIVES: "[AutoDeploy][Batch][Upgrade] *|*" };
    const all = await generate(["--repo", SHARDED, "--all-shards", "shards"], env);
    expect(all.code, all.stderr).toBe(0);
    expect(all.stderr).toBe("wrote shards/shard-1.yml to shard-2.yml: 2 shard(s)\n");
    expect(fs.readdirSync(path.join(dir, "shards"))).toEqual(["shard-1.yml", "shard-2.yml"]);
    for (const k of [1, 2]) {
      const one = await generate(
        ["--repo", SHARDED, "--shard", String(k), "--output", `${k}.yml`],
        env,
      );
      expect(one.code, one.stderr).toBe(0);
      expect(fs.readFileSync(path.join(dir, "shards", `shard-${k}.yml`), "utf8")).toBe(
        fs.readFileSync(path.join(dir, `${k}.yml`), "utf8"),
      );
    }
  });

  it.each([
    ["--shard", "1"],
    ["--output", "o.yml"],
  ])("--all-shards with %s is a command-line error (exit 2)", async (flag, value) => {
    const r = await generate(["--repo", SHARDED, ...BATCH, "--all-shards", "s", flag, value]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("option '--all-shards <dir>' cannot be used with option");
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it("--shard K without the pinned directives is a command-line error (exit 2)", async () => {
    const r = await generate(["--repo", SHARDED, "--shard", "1", "--output", "s.yml"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^error: --shard and --all-shards need the directives in GROVE_PIPELINES_DIRECTIVES/,
    );
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

describe("generate --plan-file", () => {
  it("writes the plan as Markdown and prints it in a collapsed log section", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "grove-plan-file-"));
    try {
      const r = await testCli(
        [
          "generate",
          "--repo",
          EXAMPLE,
          "--message",
          UPDATE,
          "--output",
          "-",
          "--plan-file",
          "plan.md",
        ],
        { cwd: dir },
      );
      expect(r.code).toBe(0);
      // Standard output stays the pipeline alone.
      expect(yaml.load(r.stdout)).toHaveProperty(["deploy:demo"]);
      const markdown = fs.readFileSync(path.join(dir, "plan.md"), "utf8");
      expect(markdown).toMatch(/^## grove-pipelines plan\n/);
      expect(markdown).toContain("```mermaid");
      expect(markdown).toContain("| `deploy:demo` |");
      // GitLab's markers: ESC [0K before each, the header after a carriage return.
      const plain = r.stderr.replaceAll("\u001b[0K", "<EL>");
      const section =
        /<EL>section_start:(\d+):grove_pipelines_plan\[collapsed=true\]\r<EL>The plan \(also in plan\.md\)\n([\s\S]*)<EL>section_end:(\d+):grove_pipelines_plan\r<EL>\n/.exec(
          plain,
        );
      expect(section?.[2]).toContain("deploy:demo");
      expect(section?.[1]).toBe(section?.[3]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
