import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CliBundle } from "./support/bundleCli.js";
import { bundleCli } from "./support/bundleCli.js";
import { copyCluster } from "./support/clusterRepo.js";
import { makeTempDir, removeTempDirs } from "../support/tempTree.js";
import { inspectPipeline } from "./support/inspectPipeline.js";
import { testCli } from "../support/testCli.js";
import { spawnCli } from "./support/spawnCli.js";

/*
 * Issue 4, point 5: broken repository content, through the real CLI. A named instance that cannot
 * be read fails the run naming its file (file:line:column when the problem is inside it); a batch
 * lists every broken instance at once, or, with --skip-invalid, lists them under `skipped` and
 * goes on; an instance folder linking out of the repository is refused.
 */

let cluster: string;
let outside: string;

beforeAll(() => {
  cluster = copyCluster("broken");
  const instances = path.join(cluster, "instances");
  // demo: a YAML syntax error on line 3 (a second `: ` in a plain value).
  fs.writeFileSync(
    path.join(instances, "demo/config.yml"),
    "ID: k3mfz8qv2x7lwp0d\nEDX_PLATFORM_VERSION: open-release/quince.3\nLMS_HOST: demo: example\nCMS_HOST: studio.example.com\n",
  );
  // hooli-edu: a document that is a list, not a mapping.
  fs.writeFileSync(path.join(instances, "hooli-edu/config.yml"), "# settings\n- ID: x\n- y\n");
  // stark-labs: a folder where config.yml should be.
  fs.rmSync(path.join(instances, "stark-labs/config.yml"));
  fs.mkdirSync(path.join(instances, "stark-labs/config.yml"));
  // umbrella-training: a value Grove's truth rules do not know.
  fs.writeFileSync(
    path.join(instances, "umbrella-training/grove.yml"),
    "BATCH_UPGRADE_DISABLED: maybe\n",
  );
  // leaked: an instance folder that is a link to a folder outside the repository.
  outside = makeTempDir("outside");
  fs.mkdirSync(path.join(outside, "secrets"));
  fs.writeFileSync(path.join(outside, "secrets/config.yml"), "EDX_PLATFORM_VERSION: stolen\n");
  fs.symlinkSync(path.join(outside, "secrets"), path.join(instances, "leaked"));
  // peeker: a real folder whose config.yml links to a file outside the repository.
  fs.mkdirSync(path.join(instances, "peeker"));
  fs.symlinkSync(
    path.join(outside, "secrets/config.yml"),
    path.join(instances, "peeker/config.yml"),
  );
  // mirror: a link to a folder inside the repository is fine.
  fs.symlinkSync(path.join(instances, "acme-staging"), path.join(instances, "mirror"));
});

afterAll(removeTempDirs);

const plan = (message: string, ...extra: string[]) =>
  testCli(["plan", "--repo", cluster, "--json", "--message", message, ...extra]);

function errorLines(stderr: string): string[] {
  const lines = stderr.split("\n").filter((l) => l !== "");
  for (const line of lines) expect(line).toMatch(/^(error|warning): /);
  return lines.filter((l) => l.startsWith("error: "));
}

const BROKEN: readonly [string, RegExp][] = [
  [
    "demo",
    /^error: instances\/demo\/config\.yml:3:15: YAML syntax error in instances\/demo\/config\.yml: bad indentation/,
  ],
  [
    "hooli-edu",
    /^error: instances\/hooli-edu\/config\.yml:2:1: .*holds a list; expected a YAML mapping/,
  ],
  [
    "stark-labs",
    /^error: instances\/stark-labs\/config\.yml: instances\/stark-labs\/config\.yml is a folder, expected a file$/,
  ],
  [
    "umbrella-training",
    /^error: instances\/umbrella-training\/grove\.yml:1:\d+: .*BATCH_UPGRADE_DISABLED.*maybe/,
  ],
  [
    "leaked",
    /^error: instances\/leaked: instances\/leaked is a symbolic link to .*, outside the repository; refusing to read it$/,
  ],
  [
    "peeker",
    /^error: instances\/peeker\/config\.yml: instances\/peeker\/config\.yml is a symbolic link to .*, outside the repository; refusing to read it$/,
  ],
];

describe("a named instance that cannot be read", () => {
  it.each(BROKEN)("fails an update of %s, naming the file and position", async (name, wanted) => {
    const run = await plan(`[AutoDeploy][Update] ${name}`);
    expect(run.code).toBe(1);
    // plan --json prints its failure as JSON: no plan, the one problem.
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, errors: [{ severity: "error" }] });
    const errors = errorLines(run.stderr);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(wanted);
  });

  it("fails every named directive kind, with every broken instance listed at once", async () => {
    for (const tag of ["Create", "Update", "Archive", "Delete"]) {
      const run = await plan(`[AutoDeploy][${tag}] demo,acme-university,hooli-edu,stark-labs`);
      expect(run.code).toBe(1);
      const errors = errorLines(run.stderr);
      expect(errors.map((e) => /instances\/([^/:]+)/.exec(e)?.[1])).toEqual([
        "demo",
        "hooli-edu",
        "stark-labs",
      ]);
    }
  });

  it("is not skipped by --skip-invalid: only batches may leave instances out", async () => {
    const run = await plan("[AutoDeploy][Update] demo", "--skip-invalid");
    expect(run.code).toBe(1);
    expect(errorLines(run.stderr)[0]).toMatch(BROKEN[0]?.[1] ?? /never/);
  });

  it("reads a linked instance folder that stays inside the repository", async () => {
    const run = await plan("[AutoDeploy][Update] mirror");
    expect(run.code).toBe(0);
    const jobs = (JSON.parse(run.stdout) as { jobs: { instance: string }[] }).jobs;
    expect(jobs.map((j) => j.instance)).toEqual(["mirror", "mirror"]);
  });

  it("writes no pipeline", async () => {
    const output = path.join(makeTempDir("broken-out"), "pipeline.yml");
    const message = "[AutoDeploy][Update] demo";
    const run = await testCli([
      "generate",
      "--repo",
      cluster,
      "--message",
      message,
      "--output",
      output,
    ]);
    expect(run.code).toBe(1);
    expect(fs.existsSync(output)).toBe(false);
  });
});

describe("a batch over a repository with broken instances", () => {
  const BATCH = "[AutoDeploy][Batch][Upgrade] *|*";

  it("fails, listing every instance that cannot be read at once", async () => {
    const run = await plan(BATCH);
    expect(run.code).toBe(1);
    const errors = errorLines(run.stderr);
    expect(errors).toHaveLength(BROKEN.length);
    for (const [, wanted] of BROKEN) expect(errors.filter((e) => wanted.test(e))).toHaveLength(1);
  });

  it("with --skip-invalid lists them under skipped and plans the rest", async () => {
    const run = await plan(BATCH, "--skip-invalid");
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as {
      jobs: { instance: string | null }[];
      skipped: { instance: string; reason: string }[];
    };
    const skipped = new Map(result.skipped.map((s) => [s.instance, s.reason]));
    for (const [name] of BROKEN) expect(skipped.has(name), name).toBe(true);
    expect(skipped.get("stark-labs")).toBe(
      "instances/stark-labs/config.yml is a folder, expected a file",
    );
    expect(skipped.get("leaked")).toMatch(/outside the repository; refusing to read it$/);
    const planned = new Set(result.jobs.flatMap((j) => j.instance ?? []));
    expect([...planned].sort()).toEqual([
      "acme-staging",
      "acme-university",
      "globex-learning",
      "initech-academy",
      "mirror",
    ]);
    // Each skipped instance is also a warning with its file position, so CI logs show it.
    const warnings = run.stderr.split("\n").filter((l) => l.startsWith("warning: "));
    expect(warnings).toContainEqual(
      expect.stringMatching(
        /^warning: instances\/demo\/config\.yml:3:15: skipped instance demo: YAML syntax error/,
      ),
    );
  });

  it("with --skip-invalid generates jobs for the readable instances only", async () => {
    const output = path.join(makeTempDir("broken-out"), "pipeline.yml");
    const run = await testCli([
      "generate",
      "--repo",
      cluster,
      "--message",
      BATCH,
      "--skip-invalid",
      "--output",
      output,
    ]);
    expect(run.code).toBe(0);
    const facts = inspectPipeline(fs.readFileSync(output, "utf8"));
    const touched = new Set(facts.jobs.flatMap((j) => j.instance ?? []));
    for (const [name] of BROKEN) expect(touched.has(name)).toBe(false);
    expect(touched.has("demo")).toBe(false);
  });
});

describe("an unreadable instance file (permission denied)", () => {
  // As root, chmod 000 hides nothing, so the CLI runs as the unprivileged user `nobody` then.
  // (src/repo/files.test.ts maps EACCES to its message without any file.)
  let bundle: CliBundle;
  let repo: string;
  beforeAll(() => {
    bundle = bundleCli();
    repo = copyCluster("unreadable");
    // Everything else readable by that user, whatever the umask of the checkout was.
    const open = (dir: string): void => {
      fs.chmodSync(dir, 0o755);
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) open(full);
        else fs.chmodSync(full, 0o644);
      }
    };
    open(repo);
    fs.chmodSync(path.join(repo, "instances/globex-learning/grove.yml"), 0o000);
  });
  afterAll(() => {
    fs.chmodSync(path.join(repo, "instances/globex-learning/grove.yml"), 0o644);
    fs.rmSync(bundle.dir, { recursive: true, force: true });
  });
  const asUser = process.getuid?.() === 0 ? { uid: 65534 } : {};

  it("fails a named instance, naming the file", () => {
    const message = "[AutoDeploy][Update] globex-learning";
    const run = spawnCli(bundle, ["plan", "--repo", repo, "--message", message], asUser);
    expect(run.stderr).toBe(
      "error: instances/globex-learning/grove.yml: instances/globex-learning/grove.yml cannot be read: permission denied (EACCES)\n",
    );
    expect(run.status).toBe(1);
  });

  it("is skipped in a batch with --skip-invalid, and fails it without", () => {
    const message = "[AutoDeploy][Batch][Upgrade] *|open-release/*";
    const failed = spawnCli(bundle, ["plan", "--repo", repo, "--message", message], asUser);
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(
      /^error: instances\/globex-learning\/grove\.yml: .*permission denied/,
    );
    const skipped = spawnCli(
      bundle,
      ["plan", "--repo", repo, "--json", "--skip-invalid", "--message", message],
      asUser,
    );
    expect(skipped.status).toBe(0);
    const result = JSON.parse(skipped.stdout) as {
      skipped: { instance: string; reason: string }[];
    };
    expect(result.skipped).toContainEqual({
      instance: "globex-learning",
      reason: "instances/globex-learning/grove.yml cannot be read: permission denied (EACCES)",
    });
  });
});
