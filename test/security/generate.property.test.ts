import fc from "fast-check";
import yaml from "js-yaml";
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  commitHashArbitrary,
  deploymentIdArbitrary,
  infrastructureTextArbitrary,
} from "../support/directiveArbitrary.js";
import { listPipelineJobs } from "../support/e2e/listPipelineJobs.js";
import { terraformPipelineText } from "../support/terraformLock.js";
import { makeClusterRepo } from "../support/e2e/makeClusterRepo.js";
import { EXAMPLE_CLUSTER } from "./support/clusterRepo.js";
import { makeTempDir, removeTempDirs } from "../support/tempTree.js";
import { inspectPipeline } from "./support/inspectPipeline.js";
import { testCli } from "../support/testCli.js";

/*
 * Issue 4, point 4: for any valid directive over examples/cluster, `generate` writes a pipeline
 * that gitlab-ci-local accepts, whose jobs work on exactly the instances the directive names or
 * selects, and the same input gives the same bytes. The expected instances come from an oracle
 * written here from the example's files, not from the planner.
 */

interface ExampleInstance {
  readonly name: string;
  /** EDX_PLATFORM_REPOSITORY normalised by hand (acme-staging's comes from `defaults`). */
  readonly repository: string;
  readonly version: string;
  readonly batchDisabled: boolean;
}

const OPENEDX = "github.com/openedx/edx-platform";
const OPENCRAFT = "github.com/open-craft/edx-platform";
const EXAMPLE: readonly ExampleInstance[] = [
  {
    name: "acme-staging",
    repository: OPENEDX,
    version: "open-release/quince.3",
    batchDisabled: false,
  },
  {
    name: "acme-university",
    repository: OPENEDX,
    version: "open-release/quince.3",
    batchDisabled: false,
  },
  { name: "demo", repository: OPENEDX, version: "open-release/quince.3", batchDisabled: false },
  {
    name: "globex-learning",
    repository: OPENEDX,
    version: "open-release/redwood.2",
    batchDisabled: false,
  },
  { name: "hooli-edu", repository: OPENEDX, version: "open-release/quince.3", batchDisabled: true },
  {
    name: "initech-academy",
    repository: OPENCRAFT,
    version: "opencraft-release/quince.3",
    batchDisabled: false,
  },
  {
    name: "stark-labs",
    repository: OPENCRAFT,
    version: "opencraft-release/redwood.2",
    batchDisabled: false,
  },
  {
    name: "umbrella-training",
    repository: OPENEDX,
    version: "open-release/quince.3",
    batchDisabled: true,
  },
];

/** How people write the example's two repositories, each with its normalised form. */
const REPOSITORIES: readonly [string, string][] = ["openedx", "open-craft"].flatMap((owner) => {
  const normal = `github.com/${owner}/edx-platform`;
  return [
    [`https://github.com/${owner}/edx-platform.git`, normal],
    [`https://github.com/${owner}/edx-platform`, normal],
    [`https://GitHub.com/${owner}/edx-platform/`, normal],
    [`git@github.com:${owner}/edx-platform.git`, normal],
    [`ssh://git@github.com/${owner}/edx-platform.git`, normal],
    [`https://github.com/${owner}/*`, `github.com/${owner}/*`],
  ] as [string, string][];
});
const VERSIONS = [
  ...new Set(EXAMPLE.map((i) => i.version)),
  "*",
  "open-release/*",
  "*redwood*",
  "opencraft-release/quince.*",
];

function glob(pattern: string, text: string): boolean {
  const source = pattern
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${source}$`).test(text);
}

interface Target {
  readonly written: string;
  readonly repository: string;
  readonly version: string;
}

const matches = (t: Target, i: ExampleInstance): boolean =>
  glob(t.repository, i.repository) && glob(t.version, i.version);

/** Targets that match at least one instance (a target matching none is an error by design). */
const targetArbitrary: fc.Arbitrary<Target> = fc
  .tuple(
    fc.oneof(fc.constant(["*", "*"] as [string, string]), fc.constantFrom(...REPOSITORIES)),
    fc.constantFrom(...VERSIONS),
  )
  .map(([[written, repository], version]) => ({
    written: `${written}|${version}`,
    repository,
    version,
  }))
  .filter((t) => EXAMPLE.some((i) => matches(t, i)));

interface Case {
  readonly title: string;
  /** Exactly the instances the pipeline's jobs must work on. */
  readonly instances: readonly string[];
}

const names = fc.uniqueArray(fc.constantFrom(...EXAMPLE.map((i) => i.name)), {
  minLength: 1,
  maxLength: 4,
});
const selected = (targets: readonly Target[]): string[] =>
  EXAMPLE.filter(
    (i) => !i.batchDisabled && (targets.length === 0 || targets.some((t) => matches(t, i))),
  ).map((i) => i.name);
const uniqueTargets = (minLength: number) =>
  fc.uniqueArray(targetArbitrary, { minLength, maxLength: 3, selector: (t) => t.written });

/** One arbitrary per kind of directive, and one of titles that are no directive. */
const KINDS: Readonly<Record<string, fc.Arbitrary<Case>>> = {
  createOrUpdate: fc
    .tuple(
      fc.constantFrom("Create", "Update"),
      names.chain((n) =>
        fc.tuple(
          fc.constant(n),
          fc.array(fc.option(deploymentIdArbitrary), { minLength: n.length, maxLength: n.length }),
        ),
      ),
    )
    .map(([tag, [list, ids]]) => ({
      title: `[AutoDeploy][${tag}] ${list.map((n, k) => (ids[k] ? `${n}|${ids[k]}` : n)).join(",")}`,
      instances: list,
    })),
  archiveOrDelete: fc
    .constantFrom("Archive", "Delete")
    .chain((tag) =>
      names.map((list) => ({ title: `[AutoDeploy][${tag}] ${list.join(", ")}`, instances: list })),
    ),
  legacy: fc
    .tuple(
      fc.constantFrom(...EXAMPLE.map((i) => i.name)),
      fc.option(deploymentIdArbitrary),
      fc.boolean(),
    )
    .map(([name, id, create]) => ({
      title: `[AutoDeploy] ${name}${id === null ? "" : `:${id}`} - ${create ? "deploy new instance :rocket:" : "apply changes :tools:"}`,
      instances: [name],
    })),
  infrastructure: infrastructureTextArbitrary.map((text) => ({
    title: `[AutoDeploy][Infrastructure] ${text}`,
    instances: [],
  })),
  batchUpgrade: uniqueTargets(1).map((targets) => ({
    title: `[AutoDeploy][Batch][Upgrade] ${targets.map((t) => t.written).join(",")}`,
    instances: selected(targets),
  })),
  batchUpgradeTo: fc.tuple(commitHashArbitrary, uniqueTargets(0)).map(([hash, targets]) => ({
    title:
      `[AutoDeploy][Batch][UpgradeTo] ${hash} ${targets.map((t) => t.written).join(",")}`.trim(),
    instances: selected(targets),
  })),
  none: fc
    .string({ maxLength: 40 })
    .filter((s) => !s.includes("["))
    .map((s) => ({ title: s, instances: [] })),
};
const caseArbitrary: fc.Arbitrary<Case> = fc.oneof(...Object.values(KINDS));

afterAll(removeTempDirs);

/** generate on a deploy branch's push pipeline; the file's text. */
async function generate(title: string, output: string): Promise<string> {
  const env = {
    GITLAB_CI: "true",
    CI_PIPELINE_SOURCE: "push",
    CI_DEFAULT_BRANCH: "main",
    CI_COMMIT_BRANCH: "main",
    CI_COMMIT_MESSAGE: title,
  };
  const run = await testCli(["generate", "--repo", EXAMPLE_CLUSTER, "--output", output], { env });
  expect(run.stderr).not.toMatch(/^error:/m);
  expect(run.code).toBe(0);
  return fs.readFileSync(output, "utf8");
}

describe("generate, for any valid directive over the example cluster", () => {
  it("works on exactly the instances named or selected, with literal variables, deterministically", async () => {
    const out = makeTempDir("property-out");
    await fc.assert(
      fc.asyncProperty(caseArbitrary, async ({ title, instances }) => {
        const first = await generate(title, path.join(out, "a.yml"));
        const second = await generate(title, path.join(out, "b.yml"));
        expect(second).toBe(first);
        const facts = inspectPipeline(first);
        const touched = new Set(facts.jobs.flatMap((j) => j.instance ?? []));
        expect([...touched].sort()).toEqual([...instances].sort());
        expect(facts.jobs.every((j) => j.literalVariables)).toBe(true);
        const line = title.trim();
        if (line.length >= 4) for (const s of facts.scriptLines) expect(s).not.toContain(line);
      }),
      { numRuns: 80 },
    );
  });

  it("passes gitlab-ci-local's validation, jobs as planned (a random directive of each kind)", async () => {
    // gitlab-ci-local needs most of a second of CPU per file (GitLab's JSON schema): a small
    // sample, one random directive of each kind, all in one repository.
    const samples = Object.values(KINDS).flatMap((kind) => fc.sample(kind, 1));
    const out = makeTempDir("property-validate");
    const files: Record<string, string> = {};
    const planned: string[][] = [];
    const terraformFile = (k: number) => `generated-${k}-terraform.yml`;
    for (const [k, { title }] of samples.entries()) {
      const text = await generate(title, path.join(out, `${k}.yml`));
      files[`generated-${k}.yml`] = text;
      const terraform = terraformPipelineText(yaml.load(text) as Record<string, unknown>);
      if (terraform !== null) files[terraformFile(k)] = terraform;
      const plan = await testCli(["plan", "--repo", EXAMPLE_CLUSTER, "--json", "--message", title]);
      planned.push(
        (JSON.parse(plan.stdout) as { jobs: { name: string }[] }).jobs.map((j) => j.name),
      );
    }
    const repo = makeClusterRepo(EXAMPLE_CLUSTER, "Generated pipelines", files);
    try {
      for (const [k, { title }] of samples.entries()) {
        const listed = listPipelineJobs(repo, `generated-${k}.yml`);
        expect(listed.valid ? "" : `${title}: ${listed.stderr}`).toBe("");
        if (!listed.valid) continue;
        // Terraform's jobs run in a pipeline of their own, which two jobs write and trigger.
        const lock = ["terraform-file", "terraform"];
        const names = listed.jobs.map((j) => j.name);
        const inner =
          files[terraformFile(k)] === undefined ? null : listPipelineJobs(repo, terraformFile(k));
        expect(inner === null || inner.valid ? "" : `${title}: ${inner.stderr}`).toBe("");
        const terraformJobs = inner?.valid === true ? inner.jobs.map((j) => j.name) : [];
        expect(names.slice(0, 2)).toEqual(inner === null ? names.slice(0, 2) : lock);
        expect([...terraformJobs, ...names.filter((n) => !lock.includes(n))]).toEqual(planned[k]);
      }
    } finally {
      fs.rmSync(repo, { recursive: true, force: true });
    }
  });
});
