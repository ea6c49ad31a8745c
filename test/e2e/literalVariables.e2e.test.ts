import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { BUILTIN_TEMPLATES } from "../../src/render/builtinTemplates.js";
import { gitlabRenderer } from "../../src/render/gitlabRenderer.js";
import { noopPlan } from "../support/samplePlans.js";
import { makeClusterRepo } from "../support/e2e/makeClusterRepo.js";
import { MINI_CLUSTER, parentPipeline } from "../support/e2e/runGeneratedPipeline.js";
import { runGitlabCiLocal } from "../support/e2e/runGitlabCiLocal.js";
import { writeStubs } from "../support/e2e/writeStubs.js";

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe("variables rendered as {value, expand: false}", () => {
  it("reach a child pipeline's script exactly as written, with no $ expanded", () => {
    const value = [
      "lit $HOME $$ ${CI_JOB_NAME} $NOOP_REASON %s \\ 'single' \"double\" `id` $(id)",
      "second line: x # not a comment",
      "é 🚀",
    ].join("\n");
    // A noop template that writes the variable's bytes to a file instead of echoing them.
    const jobs = new Map(BUILTIN_TEMPLATES.jobs);
    jobs.set(".grove-noop", { script: ['printf \'%s\' "$NOOP_REASON" > "$GROVE_STUB_LOG"'] });
    const generated = gitlabRenderer.render(noopPlan(value), {
      manual: { terraformApply: false, deploy: false },
      templates: { jobs },
    });

    const repo = makeClusterRepo(MINI_CLUSTER, "[AutoDeploy][Update] site-a", {
      ".gitlab-ci.yml": parentPipeline("generated.yml"),
      "generated.yml": generated,
    });
    const stubDir = fs.mkdtempSync(path.join(os.tmpdir(), "grove-e2e-stubs-"));
    made.push(repo, stubDir);
    const stubs = writeStubs(stubDir);
    const run = runGitlabCiLocal(repo, { env: stubs.env });

    expect(run.jobs.find((j) => j.name === "noop")?.status).toBe("pass");
    expect(fs.readFileSync(stubs.logFile, "utf8")).toBe(value);
  });
});
