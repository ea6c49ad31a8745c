import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeClusterRepo } from "../../test/support/e2e/makeClusterRepo.js";
import { testCli } from "../../test/support/testCli.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const EXAMPLE = fileURLToPath(new URL("../../examples/cluster", import.meta.url));
const QUINCE =
  "[AutoDeploy][Batch][Upgrade] https://github.com/openedx/edx-platform.git|open-release/quince.3";

const explain = (argv: readonly string[], env: Record<string, string> = {}) =>
  testCli(["explain", ...argv], { cwd: ROOT, env });
const batch = (name: string) => explain([name, "--repo", EXAMPLE, "--message", QUINCE]);

describe("explain in a batch", () => {
  it("an instance left out by BATCH_UPGRADE_DISABLED, with the value and file", async () => {
    const r = await batch("hooli-edu");
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toMatch(/^hooli-edu is not in the plan/);
    expect(lines).toContain(
      "  BATCH_UPGRADE_DISABLED: yes in instances/hooli-edu/grove.yml, which counts as true: batch upgrades leave the instance alone",
    );
    expect(r.stdout).not.toContain("Jobs:");
  });

  it("an instance matched through the settings' default repository, with its jobs", async () => {
    const r = await batch("acme-staging");
    expect(r.stdout).toMatch(/^acme-staging is in the plan/);
    expect(r.stdout).toContain(
      "EDX_PLATFORM_REPOSITORY: https://github.com/openedx/edx-platform.git (default from grove-pipelines.yml; instances/acme-staging/config.yml has none)",
    );
    expect(r.stdout).toMatch(/^ {2}build-image:acme-staging +\(stage wave-2-build, wave 2\)$/m);
    expect(r.stdout).toMatch(/^ {2}deploy:acme-staging +\(stage wave-2-deploy, wave 2\)$/m);
    // Its grove.yml's DEPLOYMENT_TIER over the settings' production.
    expect(r.stdout).toContain(
      "Environment: acme-staging, https://staging.learn.acme-university.example.edu, tier staging",
    );
  });

  it("the normalised repository compared with each target (SSH spelling)", async () => {
    const r = await batch("acme-university");
    expect(r.stdout).toContain("normalised repository: github.com/openedx/edx-platform");
    expect(r.stdout).toContain(
      "target https://github.com/openedx/edx-platform.git|open-release/quince.3: repository github.com/openedx/edx-platform vs github.com/openedx/edx-platform: match; version open-release/quince.3 vs open-release/quince.3: match => matches",
    );
  });

  it("an instance on another version: which part of the target failed", async () => {
    const r = await batch("globex-learning");
    expect(r.stdout).toContain("version open-release/quince.3 vs open-release/redwood.2: no match");
    expect(r.stdout).toContain(
      "not included: runs https://github.com/openedx/edx-platform|open-release/redwood.2, which matches no target",
    );
  });

  it("--json gives the verdict, the reasons and the jobs", async () => {
    const r = await explain(["demo", "--json", "--repo", EXAMPLE, "--message", QUINCE]);
    const body = JSON.parse(r.stdout) as {
      instance: string;
      included: boolean;
      explanations: { reasons: string[] }[];
      jobs: { name: string }[];
    };
    expect(body.instance).toBe("demo");
    expect(body.included).toBe(true);
    expect(body.explanations[0]?.reasons).toContain("included: upgraded in wave 1 (canary)");
    expect(body.jobs.map((j) => j.name)).toEqual(["build-image:demo", "deploy:demo"]);
  });
});

describe("explain for named directives and unknown names", () => {
  it("an existing instance the directive does not name (it is read, not reported missing)", async () => {
    const r = await explain([
      "demo",
      "--repo",
      EXAMPLE,
      "--message",
      "[AutoDeploy][Update] stark-labs|9",
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("the update directive names stark-labs; 'demo' is not among them");
  });

  it("a plan that fails: the explanation, then the plan's error as plan prints it, exit 1", async () => {
    const typo =
      "[AutoDeploy][Batch][Upgrade] https://github.com/openedx/edx-platform.git|open-release/quince.33";
    const r = await explain(["demo", "--repo", EXAMPLE, "--message", typo]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^demo is not in the plan/);
    expect(r.stdout).toContain("version open-release/quince.33 vs open-release/quince.3: no match");
    // The error points at the target's column in the title, as `plan` does.
    expect(r.stderr).toMatch(
      /^error: column 30: batch target '.*quince\.33' matches no instance; the cluster runs /m,
    );
    const plan = await testCli(["plan", "--repo", EXAMPLE, "--message", typo], { cwd: ROOT });
    expect(plan.code).toBe(1);
    expect(r.stderr).toBe(plan.stderr);
  });

  it("prints the warnings plan prints: a batch with --skip-invalid warns about what it skips", async () => {
    const repo = fs.mkdtempSync(path.join(os.tmpdir(), "grove-explain-"));
    try {
      fs.cpSync(EXAMPLE, repo, { recursive: true });
      fs.writeFileSync(path.join(repo, "instances/stark-labs/config.yml"), "- a list\n");
      const argv = ["--repo", repo, "--message", QUINCE, "--skip-invalid"];
      const r = await explain(["demo", ...argv]);
      const plan = await testCli(["plan", ...argv], { cwd: ROOT });
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^demo is in the plan/);
      expect(r.stderr).toMatch(/^warning: instances\/stark-labs\/config\.yml.*skipped instance/m);
      expect(r.stderr).toBe(plan.stderr);
    } finally {
      fs.rmSync(repo, { recursive: true, force: true });
    }
  });

  it("an unknown name: exit 1 with the closest names", async () => {
    const r = await batch("acme-univ");
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      "error: unknown instance 'acme-univ' (instances/acme-univ does not exist); did you mean 'acme-university'?\n",
    );
  });
});

describe("explain on a temporary git repository", () => {
  let repo = "";
  let root = "";
  beforeAll(() => {
    repo = makeClusterRepo(EXAMPLE, "Initial cluster");
    const git = (...args: string[]): string =>
      execFileSync("git", ["-c", "commit.gpgsign=false", ...args], { cwd: repo, encoding: "utf8" });
    root = git("rev-parse", "HEAD").trim();
    git("commit", "--quiet", "--allow-empty", "-m", "[AutoDeploy][Update] stark-labs|first");
    fs.writeFileSync(path.join(repo, "instances/demo/grove.yml"), "BATCH_UPGRADE_DISABLED: on\n");
    git("commit", "--quiet", "-am", QUINCE);
  });
  afterAll(() => {
    fs.rmSync(repo, { recursive: true, force: true });
  });

  it("reads git log -1, and the instance files as committed", async () => {
    const r = await explain(["demo", "--repo", repo]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^demo is not in the plan {2}\(message from git log -1\)$/m);
    expect(r.stdout).toContain(
      "BATCH_UPGRADE_DISABLED: on in instances/demo/grove.yml, which counts as true",
    );
  });

  it("explains each commit of a multi-commit push, and lists the jobs of the combined plan", async () => {
    const r = await explain(["stark-labs", "--repo", repo], {
      CI_PIPELINE_SOURCE: "push",
      CI_COMMIT_BEFORE_SHA: root,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^stark-labs is in the plan/);
    expect(r.stdout).toMatch(/^commit [0-9a-f]{8}: update: stark-labs \(deployment first\)$/m);
    expect(r.stdout).toMatch(/^commit [0-9a-f]{8}: batch-upgrade: /m);
    expect(r.stdout).toMatch(/^ {2}deploy:stark-labs +\(stage deploy\)$/m);
  });
});

describe("explain of a push whose combined plan fails", () => {
  let repo = "";
  let before = "";
  beforeAll(() => {
    repo = makeClusterRepo(EXAMPLE, "Initial cluster");
    const git = (...args: string[]): string =>
      execFileSync("git", ["-c", "commit.gpgsign=false", ...args], { cwd: repo, encoding: "utf8" });
    before = git("rev-parse", "HEAD").trim();
    git("commit", "--quiet", "--allow-empty", "-m", "[AutoDeploy][Update] demo|1");
    git("commit", "--quiet", "--allow-empty", "-m", "[AutoDeploy][Update] nosuch|2");
  });
  afterAll(() => {
    fs.rmSync(repo, { recursive: true, force: true });
  });

  const push = () => ({ CI_PIPELINE_SOURCE: "push", CI_COMMIT_BEFORE_SHA: before });

  it("names the commit and the column of the problem, as plan does", async () => {
    const r = await explain(["demo", "--repo", repo], push());
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^demo is in the plan/);
    expect(r.stderr).toMatch(/^error: column 22: commit [0-9a-f]{8}: unknown instance 'nosuch'/m);
    const plan = await testCli(["plan", "--repo", repo], { cwd: ROOT, env: push() });
    expect(plan.code).toBe(1);
    expect(r.stderr).toBe(plan.stderr);
  });

  it("--json lists the same errors under planErrors", async () => {
    const r = await explain(["demo", "--repo", repo, "--json"], push());
    expect(r.code).toBe(1);
    const body = JSON.parse(r.stdout) as { jobs: unknown; planErrors: string[] };
    expect(body.jobs).toBeNull();
    expect(body.planErrors).toEqual([
      expect.stringMatching(/^commit [0-9a-f]{8}: unknown instance 'nosuch'/),
    ]);
  });
});

interface Listed {
  instances: {
    name: string;
    normalizedRepository: string | null;
    repositoryFromDefault: boolean;
    version: string | null;
    batchEligible: boolean;
    reason: string;
  }[];
  unreadable: { name: string; errors: { where: string | null; message: string }[] }[];
}

describe("instances on examples/cluster", () => {
  it("lists every instance with its normalised repository, version and batch eligibility", async () => {
    const r = await testCli(["instances", "--repo", EXAMPLE], { cwd: ROOT });
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toMatch(/^INSTANCE +REPOSITORY \(normalised\) +VERSION +BATCH +WHY$/);
    expect(r.stdout).toMatch(
      /^acme-staging +github\.com\/openedx\/edx-platform \(default\) +open-release\/quince\.3 +yes +/m,
    );
    // The SSH spelling is normalised like every other.
    expect(r.stdout).toMatch(/^acme-university +github\.com\/openedx\/edx-platform +open-release/m);
    expect(r.stdout).toMatch(
      /^hooli-edu +.* +no +BATCH_UPGRADE_DISABLED: yes in instances\/hooli-edu\/grove\.yml counts as true$/m,
    );
    expect(r.stdout).toMatch(
      /^initech-academy +.* yes +no grove\.yml, so BATCH_UPGRADE_DISABLED is not set$/m,
    );
    expect(lines).toContain("8 instances: 6 batch-eligible");
  });

  it("--json has the same facts for programs", async () => {
    const r = await testCli(["instances", "--json", "--repo", EXAMPLE], { cwd: ROOT });
    const body = JSON.parse(r.stdout) as Listed;
    expect(body.instances.map((i) => i.name)).toEqual([
      "acme-staging",
      "acme-university",
      "demo",
      "globex-learning",
      "hooli-edu",
      "initech-academy",
      "stark-labs",
      "umbrella-training",
    ]);
    expect(body.instances.filter((i) => !i.batchEligible).map((i) => i.name)).toEqual([
      "hooli-edu",
      "umbrella-training",
    ]);
    expect(body.instances.find((i) => i.name === "acme-staging")).toMatchObject({
      repositoryFromDefault: true,
      normalizedRepository: "github.com/openedx/edx-platform",
    });
    expect(body.unreadable).toEqual([]);
  });
});

describe("instances on a temporary git repository with problems", () => {
  let repo = "";
  beforeAll(() => {
    repo = makeClusterRepo(EXAMPLE, "Initial cluster");
    // No version anywhere: still eligible, but only a batch without targets can select it.
    fs.writeFileSync(
      path.join(repo, "instances/stark-labs/config.yml"),
      "EDX_PLATFORM_REPOSITORY: git@GitHub.com:open-craft/edx-platform\n",
    );
    fs.writeFileSync(
      path.join(repo, "instances/demo/grove.yml"),
      "BATCH_UPGRADE_DISABLED: maybe\n",
    );
  });
  afterAll(() => {
    fs.rmSync(repo, { recursive: true, force: true });
  });

  it("lists what it can read, reports the rest with file and line, and exits 1", async () => {
    const r = await testCli(["instances", "--repo", repo], { cwd: ROOT });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^demo +- +- +no +unreadable \(errors below\)$/m);
    expect(r.stdout).toMatch(
      /^stark-labs +github\.com\/open-craft\/edx-platform +- +yes +.*has no EDX_PLATFORM_VERSION and grove-pipelines\.yml sets no default, so only \[Batch\]\[UpgradeTo\] without targets selects it$/m,
    );
    expect(r.stdout).toContain("8 instances: 5 batch-eligible, 1 unreadable");
    expect(r.stderr).toMatch(/^error: instances\/demo\/grove\.yml:1(:\d+)?: .*maybe/m);
  });

  it("--json lists the unreadable instance with its errors", async () => {
    const r = await testCli(["instances", "--json", "--repo", repo], { cwd: ROOT });
    expect(r.code).toBe(1);
    const body = JSON.parse(r.stdout) as Listed;
    expect(body.unreadable.map((u) => u.name)).toEqual(["demo"]);
    expect(body.unreadable[0]?.errors[0]?.where).toMatch(/^instances\/demo\/grove\.yml:1/);
  });

  it("a --repo folder that does not exist is a command-line error (exit 2)", async () => {
    const r = await testCli(["instances", "--repo", path.join(repo, "nope")], { cwd: ROOT });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: repository folder .*nope does not exist/);
  });

  it("a folder with no instances folder is invalid repository content (exit 1)", async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "grove-not-a-cluster-"));
    const r = await testCli(["instances", "--repo", empty], { cwd: ROOT });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: /);
  });
});
