import fc from "fast-check";
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { InternalError } from "../errors.js";
import { GENERATED_HEADER } from "./gitlabRenderer.js";
import {
  generatorScript,
  isRegistry,
  orchestratorFiles,
  orchestratorJobs,
  renderOrchestrator,
  SHARD_FILES_JOB,
  SHARD_GENERATOR_JOB,
  shardFileName,
  shellQuote,
  VENDORED_COMMAND,
} from "./renderOrchestrator.js";
import type { GeneratorSource, OrchestratorOptions } from "./renderOrchestrator.js";

const vendored: GeneratorSource = { kind: "vendored" };
const options: OrchestratorOptions = {
  image: "node:20",
  files: { kind: "generate", generator: vendored },
};

type Doc = Record<string, Record<string, unknown>>;

describe("renderOrchestrator", () => {
  it("generates every shard in one job, keeping the files as artifacts", () => {
    const text = renderOrchestrator(3, options);
    expect(text.startsWith(GENERATED_HEADER)).toBe(true);
    const doc = yaml.load(text) as Doc;
    expect(Object.keys(doc)).toEqual([
      "stages",
      SHARD_GENERATOR_JOB,
      "shard-1",
      "shard-2",
      "shard-3",
    ]);
    expect(doc["stages"]).toEqual(["generate", "shard-1", "shard-2", "shard-3"]);
    expect(doc[SHARD_GENERATOR_JOB]).toEqual({
      stage: "generate",
      image: "node:20",
      needs: [],
      script: ["node .grove/grove-pipelines.cjs generate --all-shards ."],
      artifacts: { paths: ["shard-1.yml", "shard-2.yml", "shard-3.yml"], expire_in: "1 week" },
    });
  });

  it("installs a registry's pinned version first, as the parent's generate job does", () => {
    const generator: GeneratorSource = { kind: "registry", registry: "npm", version: "1.2.3" };
    const files = { kind: "generate", generator } as const;
    const doc = yaml.load(renderOrchestrator(2, { image: "node:22", files })) as Doc;
    expect(doc[SHARD_GENERATOR_JOB]?.["image"]).toBe("node:22");
    expect(doc[SHARD_GENERATOR_JOB]?.["script"]).toEqual([
      "npm install --global --no-audit --no-fund --registry=https://registry.npmjs.org/ grove-pipelines@1.2.3",
      "grove-pipelines generate --all-shards .",
    ]);
  });

  it("runs the shards strictly one after the other, each waiting for its pipeline", () => {
    const doc = yaml.load(renderOrchestrator(3, options)) as Doc;
    const stages = doc["stages"] as unknown as string[];
    for (const k of [1, 2, 3]) {
      const job = doc[`shard-${k}`];
      expect(job?.["trigger"]).toEqual({
        include: [{ artifact: shardFileName(k), job: SHARD_GENERATOR_JOB }],
        strategy: "depend",
      });
      // Trigger jobs take no image: GitLab refuses one there.
      expect(job?.["image"]).toBeUndefined();
      expect(job?.["needs"]).toEqual(
        k === 1 ? [SHARD_GENERATOR_JOB] : [SHARD_GENERATOR_JOB, `shard-${k - 1}`],
      );
      // Also by stage, so the order holds even where needs were not honoured.
      expect(stages.indexOf(job?.["stage"] as string)).toBe(k);
    }
  });

  it("is byte-identical for the same input", () => {
    expect(renderOrchestrator(2, options)).toBe(renderOrchestrator(2, options));
  });

  it("refuses a shard count that is not a positive integer (a bug of the caller)", () => {
    expect(() => renderOrchestrator(0, options)).toThrow(InternalError);
    expect(() => renderOrchestrator(1.5, options)).toThrow(InternalError);
  });

  it("lists the jobs it writes, with their needs, for the limit check", () => {
    const doc = yaml.load(renderOrchestrator(3, options)) as Doc;
    const written = Object.entries(doc)
      .filter(([name]) => name !== "stages")
      .map(([name, job]) => ({ name, needs: job["needs"] }));
    expect(orchestratorJobs(3, options.files)).toEqual(written);
    const fetched = yaml.load(renderOrchestrator(3, fromParent)) as Doc;
    expect(orchestratorJobs(3, fromParent.files).map((j) => j.name)).toEqual(
      Object.keys(fetched).filter((name) => name !== "stages"),
    );
  });
});

const fromParent: OrchestratorOptions = {
  image: "alpine:3",
  files: {
    kind: "fetch",
    parent: { pipeline: "4711", job: "generate-pipeline", dir: "grove-shards" },
  },
};

describe("renderOrchestrator, with the shard files from the parent's generate job", () => {
  it("fetches them in a job that needs that job of the parent pipeline, and runs no generator", () => {
    const doc = yaml.load(renderOrchestrator(3, fromParent)) as Doc;
    expect(Object.keys(doc)).toEqual(["stages", SHARD_FILES_JOB, "shard-1", "shard-2", "shard-3"]);
    const files = [
      "grove-shards/shard-1.yml",
      "grove-shards/shard-2.yml",
      "grove-shards/shard-3.yml",
    ];
    expect(doc[SHARD_FILES_JOB]).toEqual({
      stage: "generate",
      image: "alpine:3",
      // GitLab's documented form: https://docs.gitlab.com/ci/yaml/#needspipelinejob
      needs: [{ pipeline: "4711", job: "generate-pipeline" }],
      variables: { GIT_STRATEGY: "none" },
      script: [
        expect.stringMatching(
          /^test -f grove-shards\/shard-1\.yml && test -f grove-shards\/shard-3\.yml \|\| /,
        ),
      ],
      artifacts: { paths: files, expire_in: "1 week" },
    });
    for (const k of [1, 2, 3]) {
      expect(doc[`shard-${k}`]?.["trigger"]).toEqual({
        include: [{ artifact: files[k - 1], job: SHARD_FILES_JOB }],
        strategy: "depend",
      });
    }
    expect(JSON.stringify(doc)).not.toContain("grove-pipelines.cjs");
  });

  it("keeps the pipeline id a string for a YAML 1.1 reader", () => {
    expect(renderOrchestrator(1, fromParent)).toContain("- pipeline: '4711'");
  });

  it("fails the job with a plain message when the parent kept no shard files", () => {
    const doc = yaml.load(renderOrchestrator(2, fromParent)) as Doc;
    const [check = ""] = doc[SHARD_FILES_JOB]?.["script"] as string[];
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "grove-shard-files-"));
    try {
      const run = () => spawnSync("sh", ["-c", check], { cwd: dir, encoding: "utf8" });
      const missing = run();
      expect(missing.status).toBe(1);
      expect(missing.stderr).toBe(
        "grove-pipelines: the shard files are missing: the job generate-pipeline of the parent pipeline must keep grove-shards/ in its artifacts\n",
      );
      fs.mkdirSync(path.join(dir, "grove-shards"));
      for (const k of [1, 2])
        fs.writeFileSync(path.join(dir, "grove-shards", `shard-${k}.yml`), "");
      expect(run().status).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("quotes a job name the shell would otherwise read", () => {
    const parent = { pipeline: "1", job: "gen $(x) 'y'", dir: "out" };
    const doc = yaml.load(
      renderOrchestrator(1, { ...fromParent, files: { kind: "fetch", parent } }),
    ) as Doc;
    const [check = ""] = doc[SHARD_FILES_JOB]?.["script"] as string[];
    const r = spawnSync("sh", ["-c", check], { cwd: os.tmpdir(), encoding: "utf8" });
    expect(r.stderr).toContain("the job gen $(x) 'y' of the parent pipeline");
  });

  it("runs a Terraform pipeline under the Terraform lock before shard 1, when asked", () => {
    const doc = yaml.load(renderOrchestrator(2, { ...options, terraform: true })) as Doc;
    expect(doc["stages"]).toEqual(["generate", "terraform", "shard-1", "shard-2"]);
    expect(doc[SHARD_GENERATOR_JOB]?.["artifacts"]).toEqual({
      paths: orchestratorFiles(2, true, options.files),
      expire_in: "1 week",
    });
    expect(orchestratorFiles(2, true, options.files)).toEqual([
      "terraform.yml",
      "shard-1.yml",
      "shard-2.yml",
    ]);
    expect(orchestratorFiles(2, false, options.files)).toEqual(["shard-1.yml", "shard-2.yml"]);
    expect(doc["terraform"]).toMatchObject({
      needs: [SHARD_GENERATOR_JOB],
      resource_group: "terraform",
      trigger: { include: [{ artifact: "terraform.yml", job: SHARD_GENERATOR_JOB }] },
    });
    expect(doc["shard-1"]?.["needs"]).toEqual([SHARD_GENERATOR_JOB, "terraform"]);
    const written = Object.entries(doc)
      .filter(([name]) => name !== "stages")
      .map(([name, job]) => ({ name, needs: job["needs"] }));
    expect(orchestratorJobs(2, options.files, true)).toEqual(written);
  });

  it("fetches the Terraform pipeline from the parent's generate job with the shard files", () => {
    const doc = yaml.load(renderOrchestrator(2, { ...fromParent, terraform: true })) as Doc;
    const files = ["terraform.yml", "shard-1.yml", "shard-2.yml"].map((f) => `grove-shards/${f}`);
    expect(orchestratorFiles(2, true, fromParent.files)).toEqual(files);
    expect(doc[SHARD_FILES_JOB]?.["artifacts"]).toEqual({ paths: files, expire_in: "1 week" });
    expect(doc["terraform"]).toMatchObject({
      needs: [SHARD_FILES_JOB],
      resource_group: "terraform",
      trigger: { include: [{ artifact: "grove-shards/terraform.yml", job: SHARD_FILES_JOB }] },
    });
    expect(doc["shard-1"]?.["needs"]).toEqual([SHARD_FILES_JOB, "terraform"]);
  });
});

describe("generatorScript", () => {
  it("quotes every argument, so nothing in it is expanded by the shell", () => {
    expect(generatorScript(vendored, [["generate", "--repo", "my dir", "$HOME"]])).toEqual([
      `node ${VENDORED_COMMAND} generate --repo 'my dir' '$HOME'`,
    ]);
  });

  it("installs from the URL it is given, quoted", () => {
    const source: GeneratorSource = {
      kind: "registry",
      registry: "http://verdaccio.internal:4873/",
      version: "0.1.0",
    };
    expect(generatorScript(source, [["--version"]])).toEqual([
      "npm install --global --no-audit --no-fund --registry=http://verdaccio.internal:4873/ grove-pipelines@0.1.0",
      "grove-pipelines --version",
    ]);
  });

  it("reads the GitLab project's own registry with the job token, never writing the token", () => {
    const source: GeneratorSource = { kind: "registry", registry: "gitlab", version: "0.1.0" };
    const [config = "", install = "", run = ""] = generatorScript(source, [["--version"]]);
    expect(run).toBe("grove-pipelines --version");
    expect(install).toBe(
      'npm install --global --no-audit --no-fund --userconfig=.grove-npmrc --registry="${CI_API_V4_URL}/projects/${CI_PROJECT_ID}/packages/npm/" grove-pipelines@0.1.0',
    );
    // What the first line writes, through a real shell, with GitLab's variables.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "grove-npmrc-"));
    try {
      execFileSync("sh", ["-c", config], {
        cwd: dir,
        env: {
          PATH: process.env["PATH"],
          CI_API_V4_URL: "https://gitlab.example.com:8443/api/v4",
          CI_PROJECT_ID: "42",
          CI_JOB_TOKEN: "secret-token",
        },
      });
      expect(fs.readFileSync(path.join(dir, ".grove-npmrc"), "utf8")).toBe(
        "//gitlab.example.com:8443/api/v4/projects/42/packages/npm/:_authToken=${CI_JOB_TOKEN}\n",
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses a registry that is not one (a bug of the caller, which validates it)", () => {
    const source: GeneratorSource = { kind: "registry", registry: "ftp://x", version: "0.1.0" };
    expect(() => generatorScript(source, [])).toThrow(InternalError);
  });
});

describe("isRegistry", () => {
  it("takes npm, gitlab and http(s) URLs of a registry, nothing else", () => {
    for (const ok of ["npm", "gitlab", "https://registry.npmjs.org/", "http://10.0.0.5:4873"]) {
      expect(isRegistry(ok), ok).toBe(true);
    }
    const bad = ["", "NPM", "registry.npmjs.org", "https://x/ y", "https://x/$(id)", "file:///x"];
    for (const no of bad) expect(isRegistry(no), no).toBe(false);
  });
});

/** What a real POSIX shell makes of the quoted word. */
function throughShell(word: string): string {
  return execFileSync("sh", ["-c", `printf '%s' ${word}`], { encoding: "utf8" });
}

describe("shellQuote", () => {
  it("leaves plain words bare and quotes the rest", () => {
    expect(shellQuote("--output=shard-1.yml")).toBe("--output=shard-1.yml");
    expect(shellQuote("a b")).toBe("'a b'");
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(shellQuote("")).toBe("''");
  });

  it("gives back exactly the argument through sh, whatever it holds", () => {
    const text = fc.string({ unit: "grapheme", minLength: 0, maxLength: 30 });
    const nasty = fc.constantFrom("$HOME", "`id`", "$(id)", "'", '"', "\\", "a b", "*", "\n", "-n");
    fc.assert(
      fc.property(fc.oneof(text, nasty), (arg) => {
        expect(throughShell(shellQuote(arg))).toBe(arg);
      }),
      { numRuns: 40 },
    );
  });
});
