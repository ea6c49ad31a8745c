import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import yaml from "js-yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeClusterRepo } from "../../test/support/e2e/makeClusterRepo.js";
import { makeTempDir, removeTempDirs } from "../../test/support/tempTree.js";
import { testCli } from "../../test/support/testCli.js";
import { NOOP_REASONS } from "../plan/plan.js";
import { MAX_PAYLOAD_BYTES } from "./carriedDirective.js";

/*
 * Issue 11, points 1, 2 and 5: a pipeline not started by a push plans only what it carries
 * itself, never what the head commit asked for. The head commit of the repository here asks to
 * update demo, so any plan with deploy:demo in it would be a replay.
 */

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const EXAMPLE = path.join(ROOT, "examples/cluster");
const WEBHOOKS = path.join(ROOT, "test/fixtures/webhooks");
const HEAD = "[AutoDeploy][Update] demo|42";

let repo = "";
beforeAll(() => {
  repo = makeClusterRepo(EXAMPLE, HEAD);
});
afterAll(() => {
  fs.rmSync(repo, { recursive: true, force: true });
  removeTempDirs();
});

/** GitLab's variables for a pipeline of `source` on main, whose CI_COMMIT_MESSAGE is the head's. */
function pipeline(source: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    GITLAB_CI: "true",
    CI_PIPELINE_SOURCE: source,
    CI_COMMIT_BRANCH: "main",
    CI_DEFAULT_BRANCH: "main",
    CI_COMMIT_MESSAGE: `${HEAD}\n`,
    ...extra,
  };
}

interface PlanJson {
  directive: { kind: string };
  jobs: { name: string; kind: string; variables: Record<string, string> }[];
  sources?: { directive: { kind: string }; origin?: string }[];
}

async function plan(env: Record<string, string>): Promise<PlanJson> {
  const run = await testCli(["plan", "--repo", repo, "--json"], { env });
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as PlanJson;
}

async function planFails(env: Record<string, string>): Promise<string> {
  const run = await testCli(["plan", "--repo", repo, "--json"], { env });
  expect(run.code).toBe(1);
  // With --json a failure is a JSON body on stdout too; the text line is on stderr.
  expect(JSON.parse(run.stdout)).toMatchObject({ formatVersion: 1, ok: false });
  return run.stderr;
}

const OCIM_NEW = {
  NEW_INSTANCE_TRIGGER: "1",
  INSTANCE_NAME: "new-site",
  DEPLOYMENT_REQUEST_ID: "77",
  // The client sends the new instance's settings too; they are the prepare job's business.
  TUTOR_LMS_HOST: "new-site.example.com",
  TUTOR_SITE_CONFIG: '{"PLATFORM_NAME": "New site"}',
  ENV_DJANGO_SETTINGS: "x",
};

describe("a pipeline not started by a push never replays the head commit", () => {
  it.each(["schedule", "web", "api", "trigger", "pipeline"])(
    "a %s pipeline without a message of its own is a noop saying where one would come from",
    async (source) => {
      const planned = await plan(pipeline(source));
      expect(planned.jobs.map((j) => j.name)).toEqual(["noop"]);
      expect(planned.jobs[0]?.variables.NOOP_REASON).toBe(NOOP_REASONS.notCarried);
      expect(planned.sources?.map((s) => s.origin)).toEqual(["nothing-carried"]);
    },
  );

  it("a schedule with a CI_COMMIT_MESSAGE of its own plans that message", async () => {
    const own = "[AutoDeploy][Update] hooli-edu";
    const planned = await plan(pipeline("schedule", { CI_COMMIT_MESSAGE: own }));
    expect(planned.jobs.map((j) => j.name)).toEqual(["build-image:hooli-edu", "deploy:hooli-edu"]);
  });

  it("compares with the message of CI_COMMIT_SHA, which must be in the repository", async () => {
    const sha = execFileSync("git", ["rev-parse", "HEAD"], { cwd: repo, encoding: "utf8" }).trim();
    const planned = await plan(pipeline("schedule", { CI_COMMIT_SHA: sha }));
    expect(planned.jobs.map((j) => j.name)).toEqual(["noop"]);
    const missing = "1234567890abcdef1234567890abcdef12345678";
    const stderr = await planFails(pipeline("schedule", { CI_COMMIT_SHA: missing }));
    expect(stderr).toMatch(new RegExp(`^error: commit ${missing} is not in the repository at `));
  });

  it("a push still plans the head commit", async () => {
    const planned = await plan(pipeline("push"));
    expect(planned.jobs.map((j) => j.name)).toEqual(["build-image:demo", "deploy:demo"]);
  });

  it("writes the noop pipeline, not a preview, on the deploy branch", async () => {
    const out = path.join(makeTempDir("carried"), "p.yml");
    const run = await testCli(["generate", "--repo", repo, "--output", out], {
      env: pipeline("schedule"),
    });
    expect(run.code).toBe(0);
    const file = yaml.load(fs.readFileSync(out, "utf8")) as Record<string, unknown>;
    expect(
      Object.keys(file).filter((k) => !k.startsWith(".") && !["stages", "default"].includes(k)),
    ).toEqual(["noop"]);
  });
});

describe("the trigger client's requests", () => {
  it("plans a new-instance request as one prepare-deployment job with the validated values", async () => {
    const planned = await plan(pipeline("trigger", OCIM_NEW));
    expect(planned.directive).toEqual({
      kind: "new-instance-request",
      instance: "new-site",
      deploymentId: "77",
    });
    expect(planned.jobs).toEqual([
      expect.objectContaining({
        name: "prepare-deployment:new-site",
        kind: "prepare-deployment",
        variables: {
          AUTODEPLOY_KIND: "new-instance-request",
          INSTANCE_NAME: "new-site",
          DEPLOYMENT_REQUEST_ID: "77",
        },
      }),
    ]);
    expect(planned.sources?.map((s) => s.origin)).toEqual(["trigger-variables"]);
  });

  it("renders it with the instance's resource group and the built-in template", async () => {
    const out = path.join(makeTempDir("carried"), "p.yml");
    const run = await testCli(["generate", "--repo", repo, "--output", out], {
      env: pipeline("trigger", OCIM_NEW),
    });
    expect(run.stderr).toBe("wrote " + out + ": 1 job(s)\n");
    const file = yaml.load(fs.readFileSync(out, "utf8")) as Record<string, Record<string, unknown>>;
    expect(file[".grove-prepare-deployment"]?.script).toEqual([
      'grove prepare-deployment "$INSTANCE_NAME" "$DEPLOYMENT_REQUEST_ID"',
    ]);
    expect(file["prepare-deployment:new-site"]).toMatchObject({
      extends: ".grove-prepare-deployment",
      resource_group: "instance-new-site",
    });
  });

  it("falls back to the built-in template with a template file older than the requests", async () => {
    const custom = makeClusterRepo(path.join(ROOT, "test/fixtures/clusters/custom"), HEAD);
    const out = path.join(makeTempDir("carried"), "p.yml");
    try {
      const env = pipeline("trigger", { DELETE_INSTANCE_TRIGGER: "1", INSTANCE_NAME: "north" });
      const run = await testCli(["generate", "--repo", custom, "--output", out], { env });
      expect(run.code).toBe(0);
    } finally {
      fs.rmSync(custom, { recursive: true, force: true });
    }
    const file = yaml.load(fs.readFileSync(out, "utf8")) as Record<string, Record<string, unknown>>;
    expect(file[".grove-request-delete"]).toEqual({
      script: ['grove request-delete "$INSTANCE_NAME"'],
    });
    expect(file["request-delete:north"]).toMatchObject({ extends: ".grove-request-delete" });
  });

  it.each([
    ["ARCHIVE_INSTANCE_TRIGGER", "request-archive:demo"],
    ["DELETE_INSTANCE_TRIGGER", "request-delete:demo"],
  ])("plans %s as its own request job", async (trigger, job) => {
    const planned = await plan(pipeline("trigger", { [trigger]: "1", INSTANCE_NAME: "demo" }));
    expect(planned.jobs.map((j) => j.name)).toEqual([job]);
  });

  it("plans an abort as one abort-deployment job and nothing else", async () => {
    const env = pipeline("trigger", { ABORT_DEPLOYMENT_TRIGGER: "True", PIPELINE_ID: "123456" });
    const planned = await plan(env);
    expect(planned.jobs).toEqual([
      expect.objectContaining({
        name: "abort-deployment",
        variables: { AUTODEPLOY_KIND: "abort-deployment", PIPELINE_ID: "123456" },
      }),
    ]);
  });

  it.each([
    [
      { ...OCIM_NEW, ABORT_DEPLOYMENT_TRIGGER: "True", PIPELINE_ID: "9" },
      "error: the variables ABORT_DEPLOYMENT_TRIGGER and NEW_INSTANCE_TRIGGER ask for two requests in one pipeline; the trigger client sends one at a time\n",
    ],
    [
      { RESTART_INSTANCE_TRIGGER: "1", INSTANCE_NAME: "demo" },
      "error: the variable RESTART_INSTANCE_TRIGGER asks for a request grove-pipelines does not know; the trigger client's requests are NEW_INSTANCE_TRIGGER, ARCHIVE_INSTANCE_TRIGGER, DELETE_INSTANCE_TRIGGER, ABORT_DEPLOYMENT_TRIGGER\n",
    ],
    [
      { ...OCIM_NEW, DEPLOYMENT_REQUEST_ID: "77; rm -rf /" },
      "error: NEW_INSTANCE_TRIGGER needs the variable DEPLOYMENT_REQUEST_ID, which is '77; rm -rf /', not a number as the trigger client sends it\n",
    ],
    [
      { NEW_INSTANCE_TRIGGER: "1", DEPLOYMENT_REQUEST_ID: "77" },
      "error: NEW_INSTANCE_TRIGGER needs the variable INSTANCE_NAME, which is not set\n",
    ],
    [
      { ARCHIVE_INSTANCE_TRIGGER: "1", INSTANCE_NAME: "../demo" },
      "error: ARCHIVE_INSTANCE_TRIGGER needs the variable INSTANCE_NAME, which is not an instance name: instance name '../demo' contains '.'; allowed are A-Z a-z 0-9 - _\n",
    ],
    [
      { ABORT_DEPLOYMENT_TRIGGER: "False", PIPELINE_ID: "9" },
      "error: the variable ABORT_DEPLOYMENT_TRIGGER is 'False'; the trigger client sets it to 1 or True\n",
    ],
    [
      { ABORT_DEPLOYMENT_TRIGGER: "True", PIPELINE_ID: "-1" },
      "error: ABORT_DEPLOYMENT_TRIGGER needs the variable PIPELINE_ID, which is '-1', not a number as the trigger client sends it\n",
    ],
    [
      { DELETE_INSTANCE_TRIGGER: "1", INSTANCE_NAME: "no-such-site" },
      "error: INSTANCE_NAME: unknown instance 'no-such-site' (instances/no-such-site does not exist)\n",
    ],
  ])("refuses %j with one line naming the variable", async (variables, message) => {
    expect(await planFails(pipeline("trigger", variables))).toBe(message);
  });

  it("refuses a request together with a message of the pipeline's own", async () => {
    const env = pipeline("trigger", {
      ...OCIM_NEW,
      CI_COMMIT_MESSAGE: "[AutoDeploy][Update] demo",
    });
    expect(await planFails(env)).toBe(
      "error: this pipeline carries the trigger client's variables and a CI_COMMIT_MESSAGE of its own; give it one directive\n",
    );
  });
});

describe("a webhook's TRIGGER_PAYLOAD in a trigger pipeline", () => {
  /** The fixture, changed by `edit`, written to a file as GitLab's file variable is. */
  function payloadFile(fixture: string, edit: (body: Record<string, unknown>) => void = () => {}) {
    const body = JSON.parse(fs.readFileSync(path.join(WEBHOOKS, fixture), "utf8")) as Record<
      string,
      unknown
    >;
    edit(body);
    const file = path.join(makeTempDir("payload"), "TRIGGER_PAYLOAD");
    fs.writeFileSync(file, JSON.stringify(body));
    return file;
  }

  it("turns GitHub's push to a fork's branch into a batch upgrade of that branch", async () => {
    const planned = await plan(
      pipeline("trigger", { TRIGGER_PAYLOAD: payloadFile("github-push.json") }),
    );
    expect(planned.directive).toEqual({
      kind: "batch-upgrade",
      targets: [
        {
          repository: "https://github.com/open-craft/edx-platform.git",
          version: "opencraft-release/quince.3",
        },
      ],
    });
    expect(planned.jobs.map((j) => j.name)).toContain("deploy:initech-academy");
    expect(planned.jobs.map((j) => j.name)).not.toContain("deploy:demo");
    expect(planned.sources?.map((s) => s.origin)).toEqual(["trigger-payload"]);
  });

  it("reads GitLab's push event the same way; a branch no instance runs is a noop", async () => {
    const file = payloadFile("gitlab-push.json");
    const planned = await plan(pipeline("trigger", { TRIGGER_PAYLOAD: file }));
    expect(planned.directive).toEqual({
      kind: "batch-upgrade",
      targets: [
        {
          repository: "https://gitlab.example.com/open-craft/edx-platform.git",
          version: "opencraft-release/quince.3",
        },
      ],
    });
    expect(planned.jobs.map((j) => j.name)).toEqual(["noop"]);
    expect(planned.jobs[0]?.variables.NOOP_REASON).toBe(
      "No instance of this cluster runs the pushed https://gitlab.example.com/open-craft/edx-platform.git|opencraft-release/quince.3, so there is nothing to redeploy.",
    );
  });

  it("takes a tag push's tag as the version", async () => {
    const file = payloadFile("gitlab-push.json", (b) => {
      b.object_kind = "tag_push";
      b.ref = "refs/tags/opencraft-2024.05";
    });
    const planned = await plan(pipeline("trigger", { TRIGGER_PAYLOAD: file }));
    expect(planned.directive).toMatchObject({ targets: [{ version: "opencraft-2024.05" }] });
  });

  it.each([
    [
      "a branch deletion",
      "github-push.json",
      (b: Record<string, unknown>) => {
        b.deleted = true;
        b.after = "0".repeat(40);
      },
      "The webhook's TRIGGER_PAYLOAD is the deletion of refs/heads/opencraft-release/quince.3, which has nothing to deploy, so there is no deployment work to do.",
    ],
    [
      "a GitLab merge request event",
      "gitlab-push.json",
      (b: Record<string, unknown>) => {
        b.object_kind = "merge_request";
      },
      "The webhook's TRIGGER_PAYLOAD is a GitLab 'merge_request' event, not a push, so there is no deployment work to do.",
    ],
  ])("does nothing for %s, and says why", async (_what, fixture, edit, reason) => {
    const planned = await plan(
      pipeline("trigger", { TRIGGER_PAYLOAD: payloadFile(fixture, edit) }),
    );
    expect(planned.jobs.map((j) => j.name)).toEqual(["noop"]);
    expect(planned.jobs[0]?.variables.NOOP_REASON).toBe(reason);
  });

  it.each([
    [
      "not JSON",
      () => writePayload("{ref: 1"),
      /^error: TRIGGER_PAYLOAD: the webhook's body is not JSON \(.+\)\n$/,
    ],
    [
      "a ref with shell in it",
      () =>
        payloadFile("github-push.json", (b) => {
          b.ref = "refs/heads/$(reboot)";
        }),
      /^error: TRIGGER_PAYLOAD: the pushed ref is not a version grove-pipelines accepts: version '\$\(reboot\)' contains '\$'.*\n$/,
    ],
    [
      "a push event without its repository",
      () =>
        payloadFile("github-push.json", (b) => {
          delete b.repository;
        }),
      /^error: TRIGGER_PAYLOAD: a GitHub push event with a missing or wrong repository\n$/,
    ],
    [
      "too big",
      () => writePayload(`{"pad": "${"x".repeat(MAX_PAYLOAD_BYTES)}"}`),
      /^error: TRIGGER_PAYLOAD: the file \S+ is larger than 1 MiB, the most read from a file of this kind\n$/,
    ],
    [
      "a file that does not exist",
      () => "/nonexistent/TRIGGER_PAYLOAD",
      /^error: TRIGGER_PAYLOAD: the file \/nonexistent\/TRIGGER_PAYLOAD cannot be read \(ENOENT\)\n$/,
    ],
  ])("refuses a payload that is %s with one line", async (_what, file, message) => {
    const run = await testCli(["plan", "--repo", repo], {
      env: pipeline("trigger", { TRIGGER_PAYLOAD: file() }),
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(message);
  });

  it("is not read outside a trigger pipeline", async () => {
    const file = payloadFile("github-push.json");
    const planned = await plan(pipeline("schedule", { TRIGGER_PAYLOAD: file }));
    expect(planned.jobs.map((j) => j.name)).toEqual(["noop"]);
  });
});

function writePayload(text: string): string {
  const file = path.join(makeTempDir("payload"), "TRIGGER_PAYLOAD");
  fs.writeFileSync(file, text);
  return file;
}
