import { describe, expect, it } from "vitest";
import type { Directive } from "../commit/directive.js";
import { NAMED_KINDS } from "../commit/kinds.js";
import { DEFAULT_SETTINGS } from "../repo/settings.js";
import type { RepoSnapshot } from "../repo/snapshot.js";
import { combineDirectives } from "./combineDirectives.js";
import { mergeWork } from "./mergeWork.js";
import type { PlanSource } from "./plan.js";

const source = (sha: string, directive: Directive): PlanSource => ({
  sha,
  title: `commit ${sha}`,
  directive,
});
const archive = (sha: string, name: string): PlanSource =>
  source(sha, { kind: "archive", instances: [{ name }] });
const update = (sha: string, name: string, deploymentId: string | null = null): PlanSource =>
  source(sha, { kind: "update", instances: [{ name, deploymentId }], legacy: false });
const create = (sha: string, name: string, deploymentId: string | null = null): PlanSource =>
  source(sha, { kind: "create", instances: [{ name, deploymentId }], legacy: false });

describe("mergeWork", () => {
  it("lets a kind absorb another on one instance, keeping the latest id", () => {
    const merged = mergeWork([create("1", "a", "7"), update("2", "a", "8")], NAMED_KINDS);
    expect(merged.work.named.map((w) => [w.kind.kind, w.name, w.deploymentId])).toEqual([
      ["create", "a", "8"],
    ]);
    expect(merged.work.terraform).toBe("create");
    expect(merged.warnings.map((d) => d.code)).toEqual(["deployment-id-replaced"]);
    expect(merged.askedBy.get("a")?.sha).toBe("1");
  });

  it("lists instances a push keeps serving before those it stops, each as asked", () => {
    const merged = mergeWork(
      [archive("1", "x"), update("2", "b"), archive("3", "y"), create("4", "a")],
      NAMED_KINDS,
    );
    expect(merged.work.named.map((w) => w.name)).toEqual(["b", "a", "x", "y"]);
  });

  it("reports unknown instances of a push in that order", () => {
    const empty: RepoSnapshot = {
      settings: DEFAULT_SETTINGS,
      instances: new Map(),
      allNames: [],
      invalid: [],
    };
    const result = combineDirectives([archive("1", "x"), update("2", "b")], empty);
    expect(result.ok ? [] : result.diagnostics.map((d) => d.subject)).toEqual(["b", "x"]);
  });
});
