import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import yaml from "js-yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { git, makeTempDir, removeTempDirs } from "../../test/support/tempTree.js";
import { testCli } from "../../test/support/testCli.js";

/*
 * A push that changes instance files without a directive deploying those instances says so: in
 * the noop job's reason, in a preview's summary, and in `plan` (text, Markdown, JSON).
 */

const OPENEDX = "https://github.com/openedx/edx-platform.git";

function config(root: string, name: string, extra = ""): void {
  mkdirSync(path.join(root, "instances", name), { recursive: true });
  writeFileSync(
    path.join(root, "instances", name, "config.yml"),
    `EDX_PLATFORM_REPOSITORY: ${OPENEDX}\nEDX_PLATFORM_VERSION: open-release/quince.3\n${extra}`,
  );
}

function commit(root: string, message: string): string {
  git(root, "add", "-A");
  git(root, "commit", "-q", "--allow-empty", "-m", message);
  return git(root, "rev-parse", "HEAD");
}

let repo = "";
const sha: Record<string, string> = {};
beforeAll(() => {
  repo = makeTempDir("undeployed");
  git(repo, "init", "-q", "-b", "main");
  config(repo, "a");
  config(repo, "b");
  config(repo, "c");
  sha.base = commit(repo, "[AutoDeploy][Create] a,b,c");
  config(repo, "a", "LMS_HOST: a.example.com\n");
  config(repo, "b", "LMS_HOST: b.example.com\n");
  sha.tune = commit(repo, "Tune a and b");
  sha.update = commit(repo, "[AutoDeploy][Update] a|9");
});
afterAll(removeTempDirs);

const push = (before: string, head: string) => ({
  GITLAB_CI: "true",
  CI_PIPELINE_SOURCE: "push",
  CI_COMMIT_BRANCH: "main",
  CI_DEFAULT_BRANCH: "main",
  CI_COMMIT_BEFORE_SHA: before,
  CI_COMMIT_SHA: head,
});

describe("instances changed without a deployment", () => {
  it("are listed by plan for a commit read from git", async () => {
    git(repo, "checkout", "-q", sha.tune ?? "");
    try {
      const text = await testCli(["plan", "--repo", repo]);
      expect(text.code).toBe(0);
      expect(text.stdout).toContain("Changed without a deployment (2):\n  a, b\n");
      expect(text.stdout).toMatch(/Nothing to do: .*Changed without a deployment: a, b \(their/);
      const json = await testCli(["plan", "--repo", repo, "--json"]);
      expect(JSON.parse(json.stdout)).toMatchObject({ undeployed: ["a", "b"] });
      const md = await testCli(["plan", "--repo", repo, "--format", "markdown"]);
      expect(md.stdout).toContain("### Changed without a deployment (2)\n\n");
      expect(md.stdout).toContain("`a`, `b`");
    } finally {
      git(repo, "checkout", "-q", "main");
    }
  });

  it("leave out the instances a directive of the push deploys", async () => {
    const run = await testCli(["plan", "--repo", repo, "--json"], {
      env: push(sha.base ?? "", sha.update ?? ""),
    });
    expect(run.code).toBe(0);
    const plan = JSON.parse(run.stdout) as { undeployed: string[]; jobs: { instance: string }[] };
    expect(plan.undeployed).toEqual(["b"]);
    expect(plan.jobs.map((j) => j.instance)).toContain("a");
  });

  it("are named in the noop job's reason of the generated pipeline", async () => {
    const out = path.join(makeTempDir("undeployed-out"), "child.yml");
    const run = await testCli(["generate", "--repo", repo, "--output", out], {
      env: { ...push(sha.base ?? "", sha.tune ?? ""), CI_COMMIT_MESSAGE: "Tune a and b" },
    });
    expect(run.code).toBe(0);
    const child = yaml.load(readFileSync(out, "utf8")) as Record<
      string,
      { variables?: Record<string, { value: string }> }
    >;
    expect(child.noop?.variables?.NOOP_REASON?.value).toBe(
      "The commit title does not start with [AutoDeploy], so there is no deployment work to do. " +
        "Changed without a deployment: a, b (their committed configuration is not deployed until a directive asks for them).",
    );
  });

  it("are in a preview's summary", async () => {
    const out = path.join(makeTempDir("undeployed-preview"), "child.yml");
    const env = { ...push(sha.base ?? "", sha.update ?? ""), CI_COMMIT_BRANCH: "feature" };
    const run = await testCli(["generate", "--repo", repo, "--output", out], { env });
    expect(run.code).toBe(0);
    const child = yaml.load(readFileSync(out, "utf8")) as Record<
      string,
      { variables?: Record<string, { value: string }> }
    >;
    expect(child.preview?.variables?.PLAN_SUMMARY?.value).toContain(
      "Changed without a deployment: b (its committed configuration",
    );
  });

  it("are those a merge request changes, in its preview", async () => {
    const env = {
      GITLAB_CI: "true",
      CI_PIPELINE_SOURCE: "merge_request_event",
      CI_MERGE_REQUEST_TITLE: "[AutoDeploy][Update] a|9",
      CI_MERGE_REQUEST_DIFF_BASE_SHA: sha.base ?? "",
      CI_COMMIT_SHA: sha.update ?? "",
    };
    const plan = await testCli(["plan", "--repo", repo, "--json"], { env });
    expect(JSON.parse(plan.stdout)).toMatchObject({ undeployed: ["b"] });
    const out = path.join(makeTempDir("undeployed-mr"), "child.yml");
    const run = await testCli(["generate", "--repo", repo, "--output", out], { env });
    expect(run.code).toBe(0);
    const child = yaml.load(readFileSync(out, "utf8")) as Record<
      string,
      { variables?: Record<string, { value: string }> }
    >;
    expect(child.preview?.variables?.PLAN_SUMMARY?.value).toContain(
      "Changed without a deployment: b (its committed configuration",
    );
  });

  it("are unknown for a message given on the command line (no field at all)", async () => {
    const run = await testCli(["plan", "--repo", repo, "--json", "--message", "Tune a"]);
    expect(JSON.parse(run.stdout)).not.toHaveProperty("undeployed");
  });
});
