import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { makeClusterRepo } from "../../test/support/e2e/makeClusterRepo.js";
import { testCli } from "../../test/support/testCli.js";
import { deploymentMergeOf } from "./deploymentMerge.js";

/*
 * Issue 11, point 3: the merge of a `deployment/<instance>/<id>` branch deploys that instance
 * when its merge request's title carries no directive, as the trigger client expects.
 */

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const EXAMPLE = path.join(ROOT, "examples/cluster");

const repos: string[] = [];
afterAll(() => {
  for (const repo of repos) fs.rmSync(repo, { recursive: true, force: true });
});

function git(repo: string, args: readonly string[]): string {
  const config = ["-c", "user.name=t", "-c", "user.email=t@example.invalid"];
  return execFileSync("git", [...config, "-c", "commit.gpgsign=false", ...args], {
    cwd: repo,
    encoding: "utf8",
  }).trim();
}

/**
 * The example cluster, then the branch `deployment/<instance>/<id>` (adding or changing the
 * instance's config) merged into main as GitLab merges: no fast-forward, its message GitLab's.
 */
function mergedDeployment(instance: string, id: string, requestTitle: string): string {
  const repo = deploymentBranch(instance, id);
  const branch = `deployment/${instance}/${id}`;
  git(repo, ["checkout", "--quiet", "main"]);
  const message = `Merge branch '${branch}' into 'main'\n\n${requestTitle}\n\nSee merge request grove/cluster!12`;
  git(repo, ["merge", "--quiet", "--no-ff", "-m", message, branch]);
  return repo;
}

/** The example cluster with the branch the prepare job pushes checked out, not merged yet. */
function deploymentBranch(instance: string, id: string): string {
  const repo = makeClusterRepo(EXAMPLE, "Document the cluster");
  repos.push(repo);
  const branch = `deployment/${instance}/${id}`;
  git(repo, ["checkout", "--quiet", "-b", branch]);
  const folder = path.join(repo, "instances", instance);
  if (fs.existsSync(folder)) {
    fs.appendFileSync(path.join(folder, "config.yml"), `# deployment ${id}\n`);
  } else {
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, "config.yml"), `LMS_HOST: ${instance}.example.com\n`);
  }
  git(repo, ["add", "."]);
  git(repo, ["commit", "--quiet", "-m", `Prepare deployment ${id} of ${instance}`]);
  return repo;
}

interface PlanJson {
  directive: { kind: string; instances?: unknown };
  jobs: { name: string; variables: Record<string, string> }[];
  sources?: { origin?: string; directive: { kind: string } }[];
}

async function plan(
  repo: string,
  env: Record<string, string> = {},
): Promise<{ code: number; json: PlanJson | null; stderr: string }> {
  const run = await testCli(["plan", "--repo", repo, "--json"], { env });
  return {
    code: run.code,
    json: run.code === 0 ? (JSON.parse(run.stdout) as PlanJson) : null,
    stderr: run.stderr,
  };
}

describe("deploymentMergeOf", () => {
  it.each([
    ["Merge branch 'deployment/site-a/42' into 'main'\n\nDeploy", "site-a", "42"],
    ["\nMerge branch 'deployment/b/7' into 'production'", "b", "7"],
  ])("reads %j", (message, instance, deploymentId) => {
    expect(deploymentMergeOf(message)).toMatchObject({ instance, deploymentId });
  });

  it.each([
    "Merge branch 'feature/x' into 'main'",
    "Merge branch 'deployment/a/b/c' into 'main'",
    "Merge branch 'deployment/../1' into 'main'",
    "Deploy\n\nMerge branch 'deployment/a/1' into 'main'",
    "[AutoDeploy][Update] a|1",
  ])("ignores %j", (message) => {
    expect(deploymentMergeOf(message)).toBeNull();
  });
});

describe("plan of a deployment merge", () => {
  it("creates the instance, Terraform first, when its folder is new in the merge", async () => {
    const { code, json } = await plan(mergedDeployment("new-site", "77", "Deploy new-site"));
    expect(code).toBe(0);
    expect(json?.directive).toEqual({
      kind: "create",
      instances: [{ name: "new-site", deploymentId: "77" }],
      legacy: false,
    });
    expect(json?.jobs.map((j) => j.name)).toEqual([
      "terraform-plan",
      "terraform-apply",
      "build-image:new-site",
      "deploy:new-site",
    ]);
    expect(json?.jobs.at(-1)?.variables.DEPLOYMENT_REQUEST_ID).toBe("77");
    expect(json?.sources?.map((s) => s.origin)).toEqual(["deployment-merge"]);
  });

  it("updates an instance the first parent already has", async () => {
    const { json } = await plan(mergedDeployment("demo", "78", "Deploy demo"));
    expect(json?.directive).toMatchObject({ kind: "update" });
    expect(json?.jobs.map((j) => j.name)).toEqual(["build-image:demo", "deploy:demo"]);
  });

  it("lets a directive in the title win when it names the same deployment", async () => {
    const repo = mergedDeployment("demo", "79", "[AutoDeploy][Create] demo|79");
    const { json } = await plan(repo);
    expect(json?.directive).toMatchObject({ kind: "create" });
    expect(json?.sources).toBeUndefined();
  });

  it("refuses a title that names another instance or id, naming both", async () => {
    const repo = mergedDeployment("demo", "80", "[AutoDeploy][Update] demo|81");
    const { code, stderr } = await plan(repo);
    expect(code).toBe(1);
    expect(stderr).toBe(
      "error: column 22: this merges the branch 'deployment/demo/80' (instance 'demo', deployment 80) but its title names demo|81; name the same instance and id, or neither\n",
    );
  });

  it("is previewed by its merge request's pipeline, compared with the merge base", async () => {
    const repo = deploymentBranch("preview-site", "90");
    const env = {
      GITLAB_CI: "true",
      CI_PIPELINE_SOURCE: "merge_request_event",
      CI_MERGE_REQUEST_TITLE: "Deploy preview-site",
      CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: "deployment/preview-site/90",
      CI_MERGE_REQUEST_TARGET_BRANCH_NAME: "main",
      CI_MERGE_REQUEST_DIFF_BASE_SHA: git(repo, ["rev-parse", "main"]),
    };
    const { json } = await plan(repo, env);
    expect(json?.directive).toEqual({
      kind: "create",
      instances: [{ name: "preview-site", deploymentId: "90" }],
      legacy: false,
    });
    const other = await plan(repo, { ...env, CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: "feature/x" });
    expect(other.json?.directive).toEqual({ kind: "none" });
  });

  it("is one commit among the others of a push, and says where its directive came from", async () => {
    const repo = mergedDeployment("pushed-site", "91", "Deploy pushed-site");
    const before = git(repo, ["rev-parse", "HEAD^1"]);
    git(repo, ["commit", "--quiet", "--allow-empty", "-m", "[AutoDeploy][Update] hooli-edu"]);
    const env = {
      GITLAB_CI: "true",
      CI_PIPELINE_SOURCE: "push",
      CI_COMMIT_BEFORE_SHA: before,
      CI_COMMIT_SHA: git(repo, ["rev-parse", "HEAD"]),
    };
    const { json } = await plan(repo, env);
    expect(json?.jobs.map((j) => j.name)).toEqual([
      "terraform-plan",
      "terraform-apply",
      "build-image:pushed-site",
      "build-image:hooli-edu",
      "deploy:pushed-site",
      "deploy:hooli-edu",
    ]);
    expect(json?.sources?.map((s) => [s.directive.kind, s.origin])).toEqual([
      ["create", "deployment-merge"],
      ["update", undefined],
    ]);
  });
});
