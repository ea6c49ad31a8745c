import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeClusterRepo } from "../../test/support/e2e/makeClusterRepo.js";
import { testCli } from "../../test/support/testCli.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const EXAMPLE = fileURLToPath(new URL("../../examples/cluster", import.meta.url));

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
