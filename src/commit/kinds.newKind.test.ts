import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { describeDirective } from "../cli/planOutput.js";
import { buildPlan } from "../plan/buildPlan.js";
import { combineDirectives } from "../plan/combineDirectives.js";
import { explainInstance } from "../plan/explainInstance.js";
import type { Plan, PlanSource } from "../plan/plan.js";
import { DEFAULT_SETTINGS } from "../repo/settings.js";
import type { RepoSnapshot } from "../repo/snapshot.js";
import {
  BUILTIN_TEMPLATES,
  builtinTemplates,
  parseTemplates,
  REQUIRED_TEMPLATE_NAMES,
} from "../repo/templates.js";
import { renderGitlabPipeline } from "../render/gitlabRenderer.js";
import type { YamlMapping } from "../render/yamlValue.js";
import { composeMessage } from "./composeMessage.js";
import type { Directive } from "./directive.js";
import type { KindTable } from "./kinds.js";
import { NAMED_KINDS, namedKind, namesOnlyKind } from "./kinds.js";
import { parseCommitMessage } from "./parseCommitMessage.js";
import { composeKinds, parseComposeArgs } from "./parseComposeArgs.js";

/**
 * Adding a named kind is one row of the kinds table plus one template. This registers
 * `[AutoDeploy][Restart] NAME,...` in a table of its own, and runs it through every stage.
 */
const RESTART = namesOnlyKind({
  kind: "restart",
  tags: ["[Restart]"],
  terraform: false,
  jobs: [
    {
      kind: "restart",
      template: { script: ['grove restart "$INSTANCE_NAME"'] },
      required: false,
      resourceGroup: "instance",
      environment: null,
      manual: null,
      look: "deploy",
    },
  ],
  absorbs: [],
  verb: "restarts",
});
type RestartDirective = ReturnType<typeof RESTART.directive>;
const KINDS: KindTable<RestartDirective, "restart"> = [...NAMED_KINDS, RESTART];

const snapshot: RepoSnapshot = {
  settings: DEFAULT_SETTINGS,
  instances: new Map(
    ["a", "b"].map((name) => [
      name,
      {
        name,
        configFile: `instances/${name}/config.yml`,
        groveFile: null,
        repository: null,
        version: null,
        batchUpgradeDisabled: false,
        batchUpgradeDisabledRaw: null,
        lmsHost: null,
        deploymentTier: null,
      },
    ]),
  ),
  allNames: null,
  invalid: [],
};
const MANUAL = { terraformApply: false, deploy: true, archive: false, delete: false };

function parsed(title: string): Directive | RestartDirective {
  const result = parseCommitMessage(title, KINDS);
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join("\n"));
  return result.value;
}

function planned(title: string): Plan<RestartDirective, "restart"> {
  const result = buildPlan(parsed(title), snapshot, KINDS);
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join("\n"));
  return result.value;
}

/** A user's template file written before the kind existed: the eight SPEC templates only. */
const OLD_TEMPLATES = REQUIRED_TEMPLATE_NAMES.map((n) => `${n}:\n  script: [echo ${n}]\n`).join("");

describe("a kind added to the table", () => {
  it("is parsed, described and composed back like a built-in one", () => {
    const directive = parsed("[AutoDeploy][restart] a, b");
    expect(directive).toEqual({ kind: "restart", instances: [{ name: "a" }, { name: "b" }] });
    expect(describeDirective(directive)).toBe("restart: a, b");
    const title = composeMessage(directive, KINDS);
    expect(title.ok && title.value).toBe("[AutoDeploy][Restart] a,b");
    const args = parseComposeArgs("restart", ["a", "b"], KINDS);
    expect(args.ok && args.value).toEqual(directive);
    expect(composeKinds(KINDS)["restart"]).toBe("NAME...");
  });

  it("is checked by the grammar's rules, and named where kinds are listed", () => {
    const result = parseCommitMessage("[AutoDeploy][Restart] a|1", KINDS);
    expect(result.ok ? [] : result.diagnostics.map((d) => d.message)).toEqual([
      "'a|1': Archive, Delete and Restart take instance names only, without '|ID'",
    ]);
    const unknown = parseCommitMessage("[AutoDeploy][Reboot] a", KINDS);
    expect(unknown.ok ? "" : unknown.diagnostics[0]?.message).toContain(
      "[Delete], [Restart], [Batch][Upgrade]",
    );
  });

  it("plans one job per instance, with its own stage and variables", () => {
    const plan = planned("[AutoDeploy][Restart] a,b");
    expect(plan.stages).toEqual(["restart"]);
    expect(plan.jobs).toEqual(
      ["a", "b"].map((name) => ({
        name: `restart:${name}`,
        kind: "restart",
        instance: name,
        needs: [],
        variables: { AUTODEPLOY_KIND: "restart", INSTANCE_NAME: name },
        stage: "restart",
        wave: null,
      })),
    );
    expect(explainInstance("a", plan.directive, snapshot, KINDS).lines).toEqual([
      "the restart directive names 'a'",
      "job: restart:a",
    ]);
  });

  it("merges with the other commits of a push by its row's rules", () => {
    const commit = (sha: string, title: string): PlanSource<RestartDirective> => ({
      sha,
      title,
      directive: parsed(title),
    });
    const twice = combineDirectives(
      [commit("1", "[AutoDeploy][Restart] a"), commit("2", "[AutoDeploy][Restart] a,b")],
      snapshot,
      KINDS,
    );
    expect(twice.ok && twice.value.jobs.map((j) => j.name)).toEqual(["restart:a", "restart:b"]);
    const clash = combineDirectives(
      [commit("1", "[AutoDeploy][Update] a"), commit("2", "[AutoDeploy][Restart] a")],
      snapshot,
      KINDS,
    );
    expect(clash.ok ? "" : clash.diagnostics[0]?.message).toBe(
      `instance 'a' cannot be handled twice in one pipeline: 1 "[AutoDeploy][Update] a" updates it ` +
        `and 2 "[AutoDeploy][Restart] a" restarts it; push these commits separately`,
    );
  });

  it("renders jobs that extend its template, the built-in one when a user's file predates it", () => {
    const templates = parseTemplates(OLD_TEMPLATES, "ci/grove-templates.yml", KINDS);
    if (!templates.ok) throw new Error(templates.diagnostics.map((d) => d.message).join("\n"));
    const render = { templates: templates.value, manual: MANUAL };
    const doc = yaml.load(
      renderGitlabPipeline(planned("[AutoDeploy][Restart] a"), render, KINDS),
    ) as Record<string, YamlMapping>;
    expect(Object.keys(doc)).toEqual(["stages", ".grove-restart", "restart:a"]);
    expect(doc[".grove-restart"]).toEqual({ script: ['grove restart "$INSTANCE_NAME"'] });
    expect(doc["restart:a"]).toEqual({
      extends: ".grove-restart",
      stage: "restart",
      needs: [],
      variables: {
        AUTODEPLOY_KIND: { value: "restart", expand: false },
        INSTANCE_NAME: { value: "a", expand: false },
      },
      resource_group: "instance-a",
    });
    const own = parseTemplates(
      `${OLD_TEMPLATES}.grove-restart:\n  script: [mine]\n`,
      "t.yml",
      KINDS,
    );
    expect(own.ok && own.value.jobs.get(".grove-restart")).toEqual({ script: ["mine"] });
    expect(builtinTemplates(KINDS).jobs.get(".grove-restart")).toEqual(RESTART.jobs[0]?.template);
  });

  it("is not in the product's table, nor in its Directive union", () => {
    // @ts-expect-error: the built-in Directive union has no restart member
    const restart: Directive = parsed("[AutoDeploy][Restart] a");
    const composed = composeMessage(restart);
    expect(composed.ok ? [] : composed.diagnostics.map((d) => d.code)).toEqual(["unknown-kind"]);
    expect(namedKind("restart")).toBeUndefined();
    const result = parseCommitMessage("[AutoDeploy][Restart] a");
    expect(result.ok ? [] : result.diagnostics.map((d) => d.code)).toEqual(["unknown-type"]);
    expect(BUILTIN_TEMPLATES.jobs.has(".grove-restart")).toBe(false);
    const withoutTable = parseTemplates(OLD_TEMPLATES, "ci/grove-templates.yml");
    expect(withoutTable.ok && withoutTable.value.jobs.has(".grove-restart")).toBe(false);
  });
});
