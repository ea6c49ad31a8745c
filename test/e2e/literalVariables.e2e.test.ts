import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { makeClusterRepo } from "../support/e2e/makeClusterRepo.js";
import { planCommit } from "../support/e2e/plannedPipeline.js";
import { parentPipeline } from "../support/e2e/runGeneratedPipeline.js";
import { runGitlabCiLocal } from "../support/e2e/runGitlabCiLocal.js";
import { writeStubs } from "../support/e2e/writeStubs.js";
import { makeTempDir, removeTempDirs, writeTree } from "../support/tempTree.js";

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  removeTempDirs();
});

// Every template does nothing but the build, which writes the variable's bytes to a file.
const TEMPLATES = [
  ".grove-terraform-plan",
  ".grove-terraform-apply",
  ".grove-base-image",
  ".grove-deploy",
  ".grove-archive",
  ".grove-delete",
  ".grove-noop",
]
  .map((name) => `${name}:\n  script:\n    - "true"\n`)
  .concat(
    `.grove-build-image:\n  script:\n    - printf '%s' "$EDX_PLATFORM_VERSION" > "$GROVE_STUB_LOG"\n`,
  )
  .join("");

describe("variables rendered as {value, expand: false}", () => {
  it("reach a child pipeline's script exactly as written, with no $ expanded", async () => {
    // A version string no one would choose, in an instance's config.yml: the planner passes it on
    // to the build job as EDX_PLATFORM_VERSION.
    const value = [
      "lit $HOME $$ ${CI_JOB_NAME} $EDX_PLATFORM_VERSION %s \\ 'single' \"double\" `id` $(id)",
      "second line: x # not a comment",
      "é 🚀",
    ].join("\n");
    const cluster = writeTree(makeTempDir("literal-variables"), {
      "grove-pipelines.yml": "templates: ci/templates.yml\n",
      "ci/templates.yml": TEMPLATES,
      "instances/odd/config.yml": [
        "EDX_PLATFORM_REPOSITORY: https://github.com/openedx/edx-platform.git",
        // A JSON string is a YAML double-quoted scalar.
        `EDX_PLATFORM_VERSION: ${JSON.stringify(value)}`,
        "",
      ].join("\n"),
    });
    const title = "[AutoDeploy][Batch][Upgrade] *|*";
    const { plan, pipeline } = await planCommit(cluster, title);
    const build = plan.jobs.find((j) => j.name === "build-image:odd");
    expect(build?.variables["EDX_PLATFORM_VERSION"]).toBe(value);

    const repo = makeClusterRepo(cluster, title, {
      ".gitlab-ci.yml": parentPipeline("generated.yml"),
      "generated.yml": pipeline,
    });
    const stubDir = fs.mkdtempSync(path.join(os.tmpdir(), "grove-e2e-stubs-"));
    made.push(repo, stubDir);
    const stubs = writeStubs(stubDir);
    const run = runGitlabCiLocal(repo, { env: stubs.env });

    expect(run.jobs.filter((j) => j.status !== "pass")).toEqual([]);
    expect(run.jobs.find((j) => j.name === "build-image:odd")?.status).toBe("pass");
    expect(fs.readFileSync(stubs.logFile, "utf8")).toBe(value);
  });
});
