import { describe, it, expect } from "vitest";
import fc from "fast-check";
import type { Directive, Target } from "../commit/directive.js";
import type { InstanceConfig, RepoSnapshot } from "../repo/snapshot.js";
import type { Plan } from "./plan.js";
import { buildPlan } from "./buildPlan.js";
import { matchesTarget } from "./matchTarget.js";
import { testInstance, testSnapshot } from "../../test/support/testSnapshot.js";

const REPOSITORIES = [
  "https://github.com/openedx/edx-platform.git",
  "git@github.com:openedx/edx-platform",
  "https://github.com/acme/edx-platform",
  "https://gitlab.com/openedx/edx-platform.git",
  null,
];
const VERSIONS = [
  "open-release/quince.3",
  "open-release/quince.2",
  "open-release/redwood.1",
  `release/${"v".repeat(260)}`,
  null,
];
const TARGETS: Target[] = [
  { repository: "https://github.com/openedx/edx-platform", version: "open-release/quince.3" },
  { repository: "*", version: "open-release/quince.*" },
  { repository: "git@github.com:acme/*", version: "*" },
  { repository: "*", version: "*" },
  { repository: "https://gitlab.com/openedx/edx-platform", version: "open-release/redwood.1" },
];

const instanceArb = (name: string): fc.Arbitrary<InstanceConfig> =>
  fc
    .record({
      repository: fc.constantFrom(...REPOSITORIES),
      version: fc.constantFrom(...VERSIONS),
      disabled: fc.boolean(),
    })
    .map(({ repository, version, disabled }) =>
      testInstance(name, {
        repository,
        version,
        batchUpgradeDisabled: disabled,
        groveFile: disabled ? `instances/${name}/grove.yml` : null,
        batchUpgradeDisabledRaw: disabled ? "true" : null,
      }),
    );

interface BatchCase {
  readonly instances: readonly InstanceConfig[];
  readonly canary: number;
  readonly canaryInstances: readonly string[];
  readonly waveSize: number;
  readonly buildAhead: number;
  readonly defaultVersion: string | null;
  readonly shuffle: readonly number[];
  readonly directive: Directive;
}

const batchCase: fc.Arbitrary<BatchCase> = fc
  .uniqueArray(fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,8}$/), { maxLength: 30 })
  .chain((names) =>
    fc.record({
      instances: fc.tuple(...names.map(instanceArb)),
      canary: fc.integer({ min: 0, max: 3 }),
      canaryInstances: fc.subarray(names, { maxLength: Math.min(3, names.length) }),
      waveSize: fc.integer({ min: 1, max: 6 }),
      buildAhead: fc.integer({ min: 0, max: 3 }),
      defaultVersion: fc.constantFrom(null, "open-release/quince.3"),
      shuffle: fc.array(fc.nat(), { minLength: names.length, maxLength: names.length }),
      directive: fc.oneof(
        fc
          .subarray(TARGETS, { minLength: 1, maxLength: 2 })
          .map((targets): Directive => ({ kind: "batch-upgrade", targets })),
        fc
          .subarray(TARGETS, { maxLength: 2 })
          .map((targets): Directive => ({ kind: "batch-upgrade-to", commit: "abcdef1", targets })),
      ),
    }),
  );

function snapshotOf(c: BatchCase, order: "given" | "shuffled"): RepoSnapshot {
  const instances = [...c.instances];
  if (order === "shuffled") {
    const keyed = instances.map((i, n) => ({ i, k: c.shuffle[n] ?? 0 }));
    keyed.sort((a, b) => a.k - b.k);
    instances.splice(0, instances.length, ...keyed.map((x) => x.i));
  }
  return testSnapshot(instances, {
    batch: {
      canary: c.canary,
      canaryInstances: c.canaryInstances,
      waveSize: c.waveSize,
      buildAhead: c.buildAhead,
    },
    defaults: { EDX_PLATFORM_VERSION: c.defaultVersion },
  });
}

/** Invariants every plan keeps, whatever produced it. */
function expectWellFormed(plan: Plan): void {
  const position = new Map(plan.jobs.map((j, index) => [j.name, index]));
  expect(position.size).toBe(plan.jobs.length);
  plan.jobs.forEach((job, index) => {
    expect(job.name.length).toBeLessThanOrEqual(255);
    for (const need of job.needs) {
      expect(position.get(need)).toBeLessThan(index);
    }
    expect(job.variables.AUTODEPLOY_KIND).toBe(plan.directive.kind);
    expect(plan.stages).toContain(job.stage);
  });
  const stageIndex = plan.jobs.map((j) => plan.stages.indexOf(j.stage));
  expect(stageIndex).toEqual([...stageIndex].sort((a, b) => a - b));
  expect(new Set(plan.stages).size).toBe(plan.stages.length);
}

describe("buildPlan properties for batches", () => {
  it("keeps every ordering and selection invariant", () => {
    fc.assert(
      fc.property(batchCase, (c) => {
        const snapshot = snapshotOf(c, "given");
        const directive = c.directive;
        if (directive.kind !== "batch-upgrade" && directive.kind !== "batch-upgrade-to") return;
        const result = buildPlan(directive, snapshot);
        if (!result.ok) {
          // The only way a generated batch can fail: a target that matches no instance.
          for (const d of result.diagnostics) expect(d.code).toBe("target-matches-nothing");
          const unmatched = directive.targets.filter(
            (t) =>
              ![...snapshot.instances.values()].some((i) => {
                const repo = i.repository;
                const version = i.version ?? snapshot.settings.defaults.EDX_PLATFORM_VERSION;
                return repo !== null && version !== null && matchesTarget(repo, version, t);
              }),
          );
          expect(result.diagnostics).toHaveLength(unmatched.length);
          return;
        }
        const plan = result.value;
        expectWellFormed(plan);

        // Every instance is either selected (one build, one deploy) or skipped, never both.
        const skipped = new Set(plan.skipped.map((s) => s.instance));
        expect(skipped.size).toBe(plan.skipped.length);
        const instanceJobs = plan.jobs.filter((j) => j.instance !== null);
        const selected = [...snapshot.instances.keys()].filter((n) => !skipped.has(n));
        for (const name of selected) {
          expect(instanceJobs.filter((j) => j.instance === name).map((j) => j.kind)).toEqual([
            "build-image",
            "deploy",
          ]);
          expect(snapshot.instances.get(name)?.batchUpgradeDisabled).toBe(false);
        }
        for (const job of instanceJobs) expect(selected).toContain(job.instance);
        for (const name of skipped) expect(snapshot.instances.has(name)).toBe(true);

        // Waves: base images are wave 0; a build waits for its base image and, `buildAhead`
        // waves before its own, for the gate that needs exactly the deploys of the wave before
        // it; a deploy waits for its build and its own wave's gate, so deploys keep wave order.
        const byName = new Map(plan.jobs.map((j) => [j.name, j]));
        for (const job of plan.jobs) {
          if (selected.length === 0) expect(job.kind).toBe("noop");
          else expect(job.wave).not.toBeNull();
          if (job.kind === "base-image") expect(job.wave).toBe(0);
          if (job.kind === "build-image") {
            const wave = job.wave ?? -1;
            const bases = job.needs.filter((n) => byName.get(n)?.kind === "base-image");
            expect(bases).toHaveLength(1);
            const gate = wave - c.buildAhead;
            expect(job.needs).toHaveLength(gate >= 2 ? 2 : 1);
            if (gate >= 2) expect(job.needs).toContain(`wave-gate:${gate}`);
          }
          if (job.kind === "deploy") {
            const wave = job.wave ?? -1;
            const build = byName.get(job.needs[0] ?? "");
            expect(build?.kind).toBe("build-image");
            expect(build?.wave).toBe(job.wave);
            // The wave's gate, on the deploy itself or (without builds ahead) on its build.
            const waited = [...job.needs, ...(build?.needs ?? [])];
            if (wave >= 2) expect(waited).toContain(`wave-gate:${wave}`);
          }
          if (job.kind === "wave-gate") {
            const wave = job.wave ?? -1;
            const previousDeploys = plan.jobs
              .filter((j) => j.kind === "deploy" && j.wave === wave - 1)
              .map((j) => j.name);
            expect([...job.needs].sort()).toEqual(previousDeploys.sort());
            expect(previousDeploys.length).toBeGreaterThan(0);
          }
        }
        const waves = [...new Set(instanceJobs.map((j) => j.wave ?? -1))];
        expect(waves).toEqual(waves.map((_, i) => i + 1));
        const gates = plan.jobs.filter((j) => j.kind === "wave-gate").map((j) => j.wave);
        expect(gates).toEqual(waves.slice(1));
        for (const wave of waves.slice(1)) {
          const members = instanceJobs.filter((j) => j.kind === "deploy" && j.wave === wave);
          expect(members.length).toBeLessThanOrEqual(c.waveSize);
        }

        // Deterministic, and independent of the order the loader happened to list instances in.
        expect(buildPlan(directive, snapshot)).toEqual(result);
        expect(buildPlan(directive, snapshotOf(c, "shuffled"))).toEqual(result);
      }),
      { numRuns: 300 },
    );
  });
});

describe("buildPlan properties for named directives", () => {
  const namedCase = fc
    .uniqueArray(fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,8}$/), { minLength: 1, maxLength: 20 })
    .chain((names) =>
      fc.record({
        names: fc.constant(names),
        listed: fc.uniqueArray(fc.constantFrom(...names), { minLength: 1 }),
        kind: fc.constantFrom("create", "update", "archive", "delete"),
        id: fc.option(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,10}$/)),
      }),
    );

  it("touches only the named instances and respects needs", () => {
    fc.assert(
      fc.property(namedCase, ({ names, listed, kind, id }) => {
        const directive: Directive =
          kind === "create" || kind === "update"
            ? {
                kind,
                legacy: false,
                instances: listed.map((name) => ({ name, deploymentId: id })),
              }
            : { kind, instances: listed.map((name) => ({ name })) };
        const result = buildPlan(directive, testSnapshot(names.map((n) => testInstance(n))));
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        const plan = result.value;
        expectWellFormed(plan);
        const touched = plan.jobs.flatMap((j) => (j.instance === null ? [] : [j.instance]));
        expect(new Set(touched)).toEqual(new Set(listed));
        const perInstance = kind === "create" || kind === "update" ? 2 : 1;
        expect(touched).toHaveLength(listed.length * perInstance);
        expect(plan.jobs.some((j) => j.kind === "terraform-apply")).toBe(kind === "create");
        for (const job of plan.jobs) {
          expect(job.wave).toBeNull();
          if (job.instance !== null) expect(job.variables.INSTANCE_NAME).toBe(job.instance);
          expect(job.variables.DEPLOYMENT_REQUEST_ID).toBe(
            job.instance !== null && perInstance === 2 && id !== null ? id : undefined,
          );
        }
      }),
    );
  });
});
