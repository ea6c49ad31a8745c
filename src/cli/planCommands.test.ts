import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeClusterRepo } from "../../test/support/e2e/makeClusterRepo.js";
import { testCli } from "../../test/support/testCli.js";

/* `plan`: the table, the JSON, the problems, and the message sources in SPEC.md's order; `graph`. */

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const EXAMPLE = fileURLToPath(new URL("../../examples/cluster", import.meta.url));
const QUINCE = "https://github.com/openedx/edx-platform.git|open-release/quince.3";

let tmp = "";
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "grove-plan-"));
});
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

const plan = (argv: readonly string[], env: Record<string, string> = {}, stdin?: string) =>
  testCli(["plan", ...argv], { cwd: tmp, env, stdin });

interface PlanJson {
  directive: { kind: string; instances?: { name: string; deploymentId?: string | null }[] };
  jobs: { name: string; instance: string | null }[];
  skipped: { instance: string; reason: string }[];
  sources?: { sha: string; title: string }[];
}
const parse = (stdout: string): PlanJson => JSON.parse(stdout) as PlanJson;

describe("plan as a table", () => {
  it("shows stage, job, instance, deployment id and needs columns", async () => {
    const r = await plan([
      "--repo",
      EXAMPLE,
      "--message",
      "[AutoDeploy][Update] demo|42,globex-learning",
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^STAGE +JOB +INSTANCE +DEPLOYMENT ID +NEEDS$/m);
    expect(r.stdout).toMatch(/^build-image +build-image:demo +demo +42 +-$/m);
    expect(r.stdout).toMatch(/^deploy +deploy:demo +demo +42 +build-image:demo$/m);
    expect(r.stdout).toMatch(
      /^deploy +deploy:globex-learning +globex-learning +- +build-image:globex-learning$/m,
    );
    expect(r.stdout).toContain("update: demo (deployment 42), globex-learning");
    expect(r.stdout).toContain("4 job(s), 2 instance(s).");
  });

  it("lists the skipped instances of a batch with their reasons", async () => {
    const r = await plan([
      "--repo",
      EXAMPLE,
      "--message",
      `[AutoDeploy][Batch][Upgrade] ${QUINCE}`,
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Skipped (5):");
    expect(r.stdout).toContain(
      "  hooli-edu: BATCH_UPGRADE_DISABLED is true in instances/hooli-edu/grove.yml",
    );
    expect(r.stdout).toMatch(/^ {2}globex-learning: runs .*redwood\.2, which matches no target$/m);
  });

  it("says why there is nothing to do", async () => {
    const r = await plan(["--repo", EXAMPLE, "--message", "Fix a typo"]);
    expect(r.stdout).toMatch(/^Nothing to do: .*\[AutoDeploy\]/m);
  });
});

describe("plan --json", () => {
  it("prints directive, jobs and skipped with SPEC's job keys", async () => {
    const r = await plan([
      "--json",
      "--repo",
      EXAMPLE,
      "--message",
      "[AutoDeploy][Update] demo|42",
    ]);
    expect(r.code).toBe(0);
    const body = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(body).slice(0, 4)).toEqual([
      "formatVersion",
      "directive",
      "jobs",
      "skipped",
    ]);
    expect(body.jobs).toEqual([
      expect.objectContaining({
        name: "build-image:demo",
        kind: "build-image",
        instance: "demo",
        needs: [],
        variables: expect.objectContaining({ INSTANCE_NAME: "demo", DEPLOYMENT_REQUEST_ID: "42" }),
      }),
      expect.objectContaining({ name: "deploy:demo", needs: ["build-image:demo"] }),
    ]);
    expect(body.skipped).toEqual([]);
  });
});

describe("plan problems", () => {
  it("prints every problem on its own line, with a suggestion, and exits 1", async () => {
    const r = await plan(["--repo", EXAMPLE, "--message", "[AutoDeploy][Update] dmeo,nope"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^error: .*'dmeo'.*did you mean 'demo'\?$/);
    expect(lines[1]).toMatch(/^error: .*'nope'/);
  });

  it("names the file, line and column of broken repository files, all at once", async () => {
    const repo = path.join(tmp, "broken");
    fs.cpSync(EXAMPLE, repo, { recursive: true });
    fs.writeFileSync(path.join(repo, "instances/demo/config.yml"), "A: 1\nB: [unclosed\n");
    fs.writeFileSync(
      path.join(repo, "instances/stark-labs/grove.yml"),
      "BATCH_UPGRADE_DISABLED: maybe\n",
    );
    const r = await plan(["--repo", repo, "--message", "[AutoDeploy][Batch][UpgradeTo] abcdef1"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: instances\/demo\/config\.yml:\d+:\d+: /m);
    expect(r.stderr).toMatch(/^error: instances\/stark-labs\/grove\.yml:1(:\d+)?: .*maybe/m);
  });

  it("names the key path of a wrong setting", async () => {
    const repo = path.join(tmp, "bad-settings");
    fs.cpSync(EXAMPLE, repo, { recursive: true });
    fs.writeFileSync(path.join(repo, "grove-pipelines.yml"), "batch:\n  waveSize: 0\n");
    const r = await plan(["--repo", repo, "--message", "[AutoDeploy][Update] demo"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^error: grove-pipelines\.yml:2:\d+, key batch\.waveSize: .*at least 1/m,
    );
  });

  it("reports a broken templates file, as generate does, even for a commit with no directive", async () => {
    const repo = path.join(tmp, "bad-templates");
    fs.cpSync(EXAMPLE, repo, { recursive: true });
    fs.writeFileSync(path.join(repo, "grove-pipelines.yml"), "templates: ci/t.yml\n");
    fs.mkdirSync(path.join(repo, "ci"));
    fs.writeFileSync(path.join(repo, "ci/t.yml"), "stages: [build]\n");
    const argv = ["--repo", repo, "--message", "Fix the README"];
    const r = await plan(argv);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: ci\/t\.yml:1:1, key stages: stages is not allowed/m);
    const generated = await testCli(["generate", ...argv, "--output", path.join(tmp, "bad.yml")], {
      cwd: tmp,
    });
    expect(generated.code).toBe(1);
    expect(r.stderr).toBe(generated.stderr);
  });
});

describe("plan message sources, first that applies", () => {
  let repo = "";
  const git = (...args: string[]): string =>
    execFileSync("git", ["-c", "commit.gpgsign=false", ...args], {
      cwd: repo,
      encoding: "utf8",
    }).trim();

  beforeAll(() => {
    repo = makeClusterRepo(EXAMPLE, "[AutoDeploy][Update] demo|from-git\n\nbody");
  });
  afterAll(() => {
    fs.rmSync(repo, { recursive: true, force: true });
  });

  const directiveOf = async (argv: string[], env: Record<string, string> = {}, stdin?: string) => {
    const r = await plan(["--json", "--repo", repo, ...argv], env, stdin);
    expect(r.code, r.stderr).toBe(0);
    return parse(r.stdout).directive;
  };
  const ENV = { CI_COMMIT_MESSAGE: "[AutoDeploy][Update] demo|from-env" };
  const idOf = (d: PlanJson["directive"]) => d.instances?.[0]?.deploymentId;

  it("git log -1 in --repo (not the current folder) when nothing else is given", async () => {
    expect(idOf(await directiveOf([]))).toBe("from-git");
  });

  it("CI_COMMIT_MESSAGE before git log -1", async () => {
    expect(idOf(await directiveOf([], ENV))).toBe("from-env");
  });

  it("--message-file F before CI_COMMIT_MESSAGE", async () => {
    const file = path.join(tmp, "msg.txt");
    fs.writeFileSync(file, "[AutoDeploy][Update] demo|from-file\n");
    expect(idOf(await directiveOf(["--message-file", file], ENV))).toBe("from-file");
  });

  it("--message-file - reads standard input", async () => {
    const d = await directiveOf(
      ["--message-file", "-"],
      ENV,
      "[AutoDeploy][Update] demo|from-stdin",
    );
    expect(idOf(d)).toBe("from-stdin");
  });

  it("--message before everything", async () => {
    expect(idOf(await directiveOf(["--message", "[AutoDeploy][Update] demo|from-flag"], ENV))).toBe(
      "from-flag",
    );
  });

  it("--message with --message-file is a command-line error (exit 2)", async () => {
    const r = await plan(["--repo", repo, "--message", "x", "--message-file", "-"], {}, "y");
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("error: give either --message or --message-file, not both\n");
  });

  it("a push of several commits plans each of them; --single-commit only the newest", async () => {
    const before = git("rev-parse", "HEAD");
    git("commit", "--quiet", "--allow-empty", "-m", "[AutoDeploy][Update] acme-staging|second");
    git("commit", "--quiet", "--allow-empty", "-m", "Fix the README");
    const env = { ...ENV, CI_PIPELINE_SOURCE: "push", CI_COMMIT_BEFORE_SHA: before };
    const r = await plan(["--json", "--repo", repo], env);
    expect(r.code, r.stderr).toBe(0);
    const body = parse(r.stdout);
    expect(body.sources?.map((s) => s.title)).toEqual([
      "[AutoDeploy][Update] acme-staging|second",
      "Fix the README",
    ]);
    expect(body.jobs.map((j) => j.instance)).toContain("acme-staging");
    expect(body.jobs.map((j) => j.instance)).not.toContain("demo");

    const single = await directiveOf(["--single-commit"], env);
    expect(idOf(single)).toBe("from-env");
  });
});

describe("graph", () => {
  const TWO_TARGETS =
    "[AutoDeploy][Batch][Upgrade] https://github.com/openedx/edx-platform.git|open-release/quince.3," +
    "https://github.com/open-craft/edx-platform.git|*";
  let repo = "";
  beforeAll(() => {
    // The newest commit of a real repository is the message when none is given.
    repo = makeClusterRepo(EXAMPLE, `${TWO_TARGETS}\n\nRoll out the Quince fix.`);
  });
  afterAll(() => {
    fs.rmSync(repo, { recursive: true, force: true });
  });

  it("draws the plan of the repository's newest commit as Mermaid", async () => {
    const r = await testCli(["graph", "--repo", repo], { cwd: ROOT });
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe("flowchart LR");
    for (const wave of [1, 2, 3]) expect(lines).toContain(`  subgraph w${wave}["wave ${wave}"]`);
    expect(r.stdout).toContain('{{"wave-gate:3"}}');
    expect(r.stdout).toContain('("deploy:stark-labs")');
    // Wave 3's gate waits for the whole wave-2 deploy stage: one edge, not one per deploy.
    expect(r.stdout).toMatch(/^ {2}s5 ==> j10$/m);
    expect(r.stdout).not.toContain("umbrella-training");
  });

  it("draws the same graph in DOT with --format dot", async () => {
    const r = await testCli(["graph", "--format", "dot", "--repo", repo], { cwd: ROOT });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^digraph plan \{\n/);
    expect(r.stdout).toContain('label="wave 3";');
    expect(r.stdout).toMatch(/ -> j10 \[ltail=cluster_s5, style=bold\];/);
  });

  it("takes --message like plan, and fails like plan on a bad one", async () => {
    const named = await testCli(
      ["graph", "--repo", EXAMPLE, "--message", "[AutoDeploy][Archive] demo,hooli-edu"],
      { cwd: ROOT },
    );
    expect(named.code).toBe(0);
    expect(named.stdout).toContain('j1[/"archive:hooli-edu"/]');
    const bad = await testCli(
      ["graph", "--repo", EXAMPLE, "--message", "[AutoDeploy][Archive] dmeo"],
      { cwd: ROOT },
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^error: .*'dmeo'.*did you mean 'demo'\?$/m);
    const format = await testCli(["graph", "--format", "svg"], { cwd: ROOT });
    expect(format.code).toBe(2);
  });
});

describe("plan warns about names the trigger client could never send (issue 11, point 6)", () => {
  it("plans the instance, and says on standard error why no request can name it", async () => {
    const repo = path.join(tmp, "slug");
    fs.mkdirSync(path.join(repo, "instances", "Big_Site"), { recursive: true });
    fs.writeFileSync(path.join(repo, "instances", "Big_Site", "config.yml"), "LMS_HOST: big\n");
    const r = await plan(["--repo", repo, "--json", "--message", "[AutoDeploy][Update] Big_Site"]);
    expect(r.code).toBe(0);
    expect(parse(r.stdout).jobs.map((j) => j.name)).toEqual([
      "build-image:Big_Site",
      "deploy:Big_Site",
    ]);
    expect(r.stderr).toBe(
      "warning: column 22: instance name 'Big_Site' is not in slug form (lower-case letters, digits, - and _, no leading, trailing or doubled -), the only form the trigger client sends: the trigger client can never ask for this instance\n",
    );
  });
});

describe("[AutoDeploy][Build][Image] (issue 11, point 4)", () => {
  const FORK = "https://github.com/open-craft/edx-platform";
  const TITLE = `[AutoDeploy][Build][Image] ${FORK}.git|opencraft-release/sumac.1, ${FORK}|opencraft-release/sumac.1,${FORK}.git|opencraft-release/teak.1`;

  it("plans one base-image job per distinct pair and no instance work, matched or not", async () => {
    const r = await plan(["--repo", EXAMPLE, "--json", "--message", TITLE]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as {
      directive: unknown;
      jobs: { name: string; kind: string; instance: string | null; variables: object }[];
    };
    expect(json.directive).toEqual({
      kind: "build-base-image",
      targets: [
        { repository: `${FORK}.git`, version: "opencraft-release/sumac.1" },
        { repository: FORK, version: "opencraft-release/sumac.1" },
        { repository: `${FORK}.git`, version: "opencraft-release/teak.1" },
      ],
    });
    expect(json.jobs).toEqual([
      expect.objectContaining({
        name: "base-image:open-craft/edx-platform@opencraft-release/sumac.1",
        kind: "base-image",
        instance: null,
        variables: {
          AUTODEPLOY_KIND: "build-base-image",
          EDX_PLATFORM_REPOSITORY: `${FORK}.git`,
          EDX_PLATFORM_VERSION: "opencraft-release/sumac.1",
        },
      }),
      expect.objectContaining({
        name: "base-image:open-craft/edx-platform@opencraft-release/teak.1",
      }),
    ]);
  });

  it("is composed by `message` and refused by lint with a wildcard", async () => {
    const composed = await testCli(["message", "build-base-image", `${FORK}|v1`]);
    expect(composed).toMatchObject({ code: 0, stdout: `[AutoDeploy][Build][Image] ${FORK}|v1\n` });
    const wild = await testCli(["lint", `[AutoDeploy][Build][Image] ${FORK}|open-release/*`]);
    expect(wild.code).toBe(1);
    expect(wild.stderr).toMatch(
      /^error: column 28: \[Build\]\[Image\] builds the image of one repository and version; '.+' has a '\*' wildcard\n$/,
    );
  });
});
