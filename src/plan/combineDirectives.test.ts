import { describe, it, expect } from "vitest";
import type { Directive } from "../commit/directive.js";
import { NAMED_KINDS } from "../commit/kinds.js";
import { DEFAULT_SETTINGS } from "../repo/settings.js";
import type { RepoSnapshot } from "../repo/snapshot.js";
import type { Plan, PlanSource } from "./plan.js";
import { NOOP_REASONS } from "./plan.js";
import { buildPlan } from "./buildPlan.js";
import { combineDirectives, mergeWork } from "./combineDirectives.js";
import {
  disabledInstance,
  QUINCE,
  testInstance,
  testSnapshot,
} from "../../test/support/testSnapshot.js";

const snapshot = testSnapshot([
  testInstance("a"),
  testInstance("b"),
  testInstance("c", { version: "open-release/redwood.1" }),
  disabledInstance("d"),
]);

let counter = 0;
function commit(title: string, directive: Directive): PlanSource {
  counter += 1;
  return { sha: `${String(counter).padStart(2, "0")}${"f".repeat(38)}`, title, directive };
}

const none = (title = "Fix typo"): PlanSource => commit(title, { kind: "none" });
const update = (name: string, id: string | null = null): PlanSource =>
  commit(`[AutoDeploy][Update] ${name}`, {
    kind: "update",
    legacy: false,
    instances: [{ name, deploymentId: id }],
  });
const create = (name: string, id: string | null = null): PlanSource =>
  commit(`[AutoDeploy][Create] ${name}`, {
    kind: "create",
    legacy: false,
    instances: [{ name, deploymentId: id }],
  });
const remove = (kind: "archive" | "delete", name: string): PlanSource =>
  commit(`[AutoDeploy][${kind}] ${name}`, { kind, instances: [{ name }] });
const infrastructure = (): PlanSource =>
  commit("[AutoDeploy][Infrastructure] more nodes", { kind: "infrastructure", text: "more nodes" });
const quinceBatch = (): PlanSource =>
  commit("[AutoDeploy][Batch][Upgrade] *|open-release/quince.3", {
    kind: "batch-upgrade",
    targets: [{ repository: "*", version: QUINCE }],
  });

function planOf(items: readonly PlanSource[]): Plan {
  const result = combineDirectives(items, snapshot);
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join("\n"));
  return result.value;
}

const names = (plan: Plan): string[] => plan.jobs.map((j) => j.name);

describe("combineDirectives", () => {
  it("is buildPlan for a single commit, without sources", () => {
    const item = update("a", "7");
    expect(combineDirectives([item], snapshot)).toEqual(buildPlan(item.directive, snapshot));
  });

  it("gives a noop when no commit is a directive, and lists the commits", () => {
    const items = [none(), none("Bump docs")];
    const plan = planOf(items);
    expect(plan.directive).toEqual({ kind: "none" });
    expect(plan.jobs.map((j) => [j.name, j.variables.NOOP_REASON])).toEqual([
      ["noop", NOOP_REASONS.noDirectiveInPush],
    ]);
    expect(plan.sources).toEqual(items);
  });

  it("ignores non-directives around the one directive, which becomes the plan's", () => {
    const u = update("a", "1");
    const plan = planOf([none(), u, none()]);
    expect(plan.directive).toEqual(u.directive);
    expect(names(plan)).toEqual(["build-image:a", "deploy:a"]);
    expect(plan.sources).toHaveLength(3);
  });

  it("runs Terraform once for infrastructure plus creates, and reports the latest directive", () => {
    const last = create("b");
    const plan = planOf([infrastructure(), create("a"), update("c"), last]);
    expect(plan.directive).toEqual(last.directive);
    expect(plan.jobs.map((j) => [j.name, j.needs, j.variables.AUTODEPLOY_KIND])).toEqual([
      ["terraform-plan", [], "infrastructure"],
      ["terraform-apply", ["terraform-plan"], "infrastructure"],
      ["build-image:a", ["terraform-apply"], "create"],
      ["build-image:c", [], "update"],
      ["build-image:b", ["terraform-apply"], "create"],
      ["deploy:a", ["build-image:a"], "create"],
      ["deploy:c", ["build-image:c"], "update"],
      ["deploy:b", ["build-image:b"], "create"],
    ]);
  });

  it("creates an instance that is both created and updated, keeping the create's id", () => {
    const result = combineDirectives([create("a", "c-1"), update("a")], snapshot);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.warnings).toEqual([]);
    expect(result.value.jobs.find((j) => j.name === "deploy:a")?.variables).toEqual({
      AUTODEPLOY_KIND: "create",
      INSTANCE_NAME: "a",
      DEPLOYMENT_REQUEST_ID: "c-1",
    });
    expect(result.value.jobs.find((j) => j.name === "build-image:a")?.needs).toEqual([
      "terraform-apply",
    ]);
  });

  it("keeps the later of two different ids and warns about the other", () => {
    const first = update("a", "old");
    const second = create("a", "new");
    const result = combineDirectives([first, second], snapshot);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.jobs.find((j) => j.name === "deploy:a")?.variables).toEqual({
      AUTODEPLOY_KIND: "create",
      INSTANCE_NAME: "a",
      DEPLOYMENT_REQUEST_ID: "new",
    });
    expect(result.warnings).toEqual([
      {
        code: "deployment-id-replaced",
        severity: "warning",
        message:
          `instance 'a' is deployed once for ${first.sha.slice(0, 8)} "[AutoDeploy][Update] a" ` +
          `(DEPLOYMENT_REQUEST_ID old) and ${second.sha.slice(0, 8)} "[AutoDeploy][Create] a" ` +
          "(DEPLOYMENT_REQUEST_ID new); its jobs report the later id, new",
      },
    ]);
  });

  it("merges repeated archive or delete requests into one job", () => {
    const plan = planOf([remove("archive", "a"), remove("archive", "a"), remove("delete", "b")]);
    expect(names(plan)).toEqual(["archive:a", "delete:b"]);
  });

  it.each([
    [() => update("a"), () => remove("archive", "a"), "updates it", "archives it"],
    [() => remove("archive", "a"), () => remove("delete", "a"), "archives it", "deletes it"],
    [() => remove("delete", "a"), () => create("a"), "deletes it", "creates it"],
  ])("rejects conflicting requests, naming both commits", (makeFirst, makeSecond, v1, v2) => {
    const first = makeFirst();
    const second = makeSecond();
    const result = combineDirectives([first, none(), second], snapshot);
    expect(result.ok ? [] : result.diagnostics).toEqual([
      {
        code: "conflicting-directives",
        severity: "error",
        message:
          `instance 'a' cannot be handled twice in one pipeline: ${first.sha.slice(0, 8)} ` +
          `${JSON.stringify(first.title)} ${v1} and ${second.sha.slice(0, 8)} ` +
          `${JSON.stringify(second.title)} ${v2}; push these commits separately`,
      },
    ]);
  });

  it("rejects archiving an instance a batch in the same push selects", () => {
    const batch = quinceBatch();
    const archive = remove("archive", "b");
    const result = combineDirectives([archive, batch], snapshot);
    expect(result.ok ? [] : result.diagnostics.map((d) => [d.code, d.message])).toEqual([
      [
        "conflicting-directives",
        `instance 'b' cannot be handled twice in one pipeline: ${batch.sha.slice(0, 8)} ` +
          `${JSON.stringify(batch.title)} upgrades it in a batch and ${archive.sha.slice(0, 8)} ` +
          `${JSON.stringify(archive.title)} archives it; push these commits separately`,
      ],
    ]);
  });

  it("lets a batch run beside work on instances it does not select", () => {
    // c runs redwood and d is disabled: the quince batch selects neither.
    const plan = planOf([remove("delete", "c"), quinceBatch(), update("d")]);
    expect(names(plan)).toEqual([
      "build-image:d",
      "deploy:d",
      "delete:c",
      `base-image:openedx/edx-platform@${QUINCE}`,
      "build-image:a",
      "deploy:a",
      "wave-gate:2",
      "build-image:b",
      "deploy:b",
    ]);
    expect(plan.skipped.map((s) => s.instance)).toEqual(["c", "d"]);
    expect(plan.stages).toEqual([
      "build-image",
      "deploy",
      "delete",
      "base-image",
      "wave-1-build",
      "wave-1-deploy",
      "wave-2-gate",
      "wave-2-build",
      "wave-2-deploy",
    ]);
  });

  it("unions the targets of two batch upgrades", () => {
    const redwood = commit("[AutoDeploy][Batch][Upgrade] *|open-release/redwood.1", {
      kind: "batch-upgrade",
      targets: [{ repository: "*", version: "open-release/redwood.1" }],
    });
    const plan = planOf([quinceBatch(), redwood]);
    expect(plan.directive).toEqual(redwood.directive);
    expect(plan.jobs.filter((j) => j.kind === "deploy").map((j) => j.instance)).toEqual([
      "a",
      "b",
      "c",
    ]);
  });

  it("rejects two batches that want different builds", () => {
    const to = (sha: string): PlanSource =>
      commit(`[AutoDeploy][Batch][UpgradeTo] ${sha}`, {
        kind: "batch-upgrade-to",
        commit: sha,
        targets: [],
      });
    const first = quinceBatch();
    const second = to("abcdef1");
    const third = to("1234567");
    const result = combineDirectives([first, second, third], snapshot);
    expect(result.ok ? [] : result.diagnostics.map((d) => d.message)).toEqual([
      `two batch upgrades cannot run in one pipeline: ${first.sha.slice(0, 8)} ${JSON.stringify(first.title)} ` +
        `and ${second.sha.slice(0, 8)} ${JSON.stringify(second.title)} ask for different rollouts, ` +
        "as one upgrades to the configured versions and the other pins a commit; push these commits separately",
      `two batch upgrades cannot run in one pipeline: ${first.sha.slice(0, 8)} ${JSON.stringify(first.title)} ` +
        `and ${third.sha.slice(0, 8)} ${JSON.stringify(third.title)} ask for different rollouts, ` +
        "as one upgrades to the configured versions and the other pins a commit; push these commits separately",
    ]);
  });

  it("merges two UpgradeTo of the same commit; no targets means every instance", () => {
    const to = (targets: Directive & { kind: "batch-upgrade-to" }): PlanSource =>
      commit("[AutoDeploy][Batch][UpgradeTo] ...", targets);
    const plan = planOf([
      to({
        kind: "batch-upgrade-to",
        commit: "ABCDEF1",
        targets: [{ repository: "*", version: "x" }],
      }),
      to({ kind: "batch-upgrade-to", commit: "abcdef1", targets: [] }),
    ]);
    expect(plan.jobs.filter((j) => j.kind === "deploy").map((j) => j.instance)).toEqual([
      "a",
      "b",
      "c",
    ]);
  });

  it("reports conflicts and unknown instances together", () => {
    const result = combineDirectives([update("a"), remove("delete", "a"), update("zz")], snapshot);
    expect(result.ok ? [] : result.diagnostics.map((d) => d.code)).toEqual([
      "conflicting-directives",
      "unknown-instance",
    ]);
  });

  it("names a commit without a SHA by its title alone", () => {
    const first = { ...update("a"), sha: "" };
    const second = { ...remove("delete", "a"), sha: "" };
    const result = combineDirectives([first, second], snapshot);
    expect(result.ok ? "" : (result.diagnostics[0]?.message ?? "")).toContain(
      `: "[AutoDeploy][Update] a" updates it and "[AutoDeploy][delete] a" deletes it;`,
    );
  });
});

describe("mergeWork", () => {
  const source = (sha: string, directive: Directive): PlanSource => ({
    sha,
    title: `commit ${sha}`,
    directive,
  });
  const archiveOf = (sha: string, name: string): PlanSource =>
    source(sha, { kind: "archive", instances: [{ name }] });
  const updateOf = (sha: string, name: string, deploymentId: string | null = null): PlanSource =>
    source(sha, { kind: "update", instances: [{ name, deploymentId }], legacy: false });
  const createOf = (sha: string, name: string, deploymentId: string | null = null): PlanSource =>
    source(sha, { kind: "create", instances: [{ name, deploymentId }], legacy: false });
  const all = testSnapshot(["a", "b", "x", "y"].map((name) => testInstance(name)));

  it("lets a kind absorb another on one instance, keeping the latest id", () => {
    const merged = mergeWork([createOf("1", "a", "7"), updateOf("2", "a", "8")], all, NAMED_KINDS);
    if (!merged.ok) throw new Error(merged.diagnostics.map((d) => d.message).join("\n"));
    expect(merged.value.work.named.map((w) => [w.kind.kind, w.name, w.deploymentId])).toEqual([
      ["create", "a", "8"],
    ]);
    expect(merged.value.work.terraform).toBe("create");
    expect(merged.warnings.map((d) => d.code)).toEqual(["deployment-id-replaced"]);
  });

  it("names the first commit that asked for an instance in a later conflict", () => {
    const items = [createOf("1", "a"), updateOf("2", "a"), archiveOf("3", "a")];
    const merged = mergeWork(items, all, NAMED_KINDS);
    expect(merged.ok ? [] : merged.diagnostics.map((d) => d.message)).toEqual([
      `instance 'a' cannot be handled twice in one pipeline: 1 "commit 1" creates it and ` +
        `3 "commit 3" archives it; push these commits separately`,
    ]);
  });

  it("keeps its warnings when it fails", () => {
    const items = [updateOf("1", "a", "7"), updateOf("2", "a", "8"), archiveOf("3", "a")];
    const merged = mergeWork(items, all, NAMED_KINDS);
    expect(merged.ok).toBe(false);
    expect(merged.warnings.map((d) => d.code)).toEqual(["deployment-id-replaced"]);
  });

  it("lists instances a push keeps serving before those it stops, each as asked", () => {
    const merged = mergeWork(
      [archiveOf("1", "x"), updateOf("2", "b"), archiveOf("3", "y"), createOf("4", "a")],
      all,
      NAMED_KINDS,
    );
    expect(merged.ok && merged.value.work.named.map((w) => w.name)).toEqual(["b", "a", "x", "y"]);
  });

  it("reports unknown instances of a push in that order", () => {
    const empty: RepoSnapshot = {
      settings: DEFAULT_SETTINGS,
      instances: new Map(),
      allNames: [],
      invalid: [],
    };
    const result = combineDirectives([archiveOf("1", "x"), updateOf("2", "b")], empty);
    expect(result.ok ? [] : result.diagnostics.map((d) => d.subject)).toEqual(["b", "x"]);
  });
});
