import { describe, expect, it } from "vitest";
import { NAMED_KINDS } from "./kinds.js";
import { parseLegacyTitle } from "./legacyTitle.js";
import { TitleRecord } from "./title.js";

function run(rest: string) {
  const record = new TitleRecord(`[AutoDeploy] ${rest}`);
  const directive = parseLegacyTitle(record.title, 13, record, NAMED_KINDS);
  return { directive, diagnostics: record.diagnostics().map((d) => [d.code, d.column]) };
}

describe("parseLegacyTitle", () => {
  it("reads create and update, with or without an id", () => {
    expect(run("a:1 - deploy new instance :rocket:").directive).toEqual({
      kind: "create",
      instances: [{ name: "a", deploymentId: "1" }],
      legacy: true,
    });
    expect(run("a - apply changes :tools:").directive).toEqual({
      kind: "update",
      instances: [{ name: "a", deploymentId: null }],
      legacy: true,
    });
  });

  it("returns null when the text is not shaped like the legacy form", () => {
    expect(run("update a")).toEqual({ directive: null, diagnostics: [] });
    expect(run("a -apply changes :tools:")).toEqual({ directive: null, diagnostics: [] });
  });

  it("reports a wrong action and a bad head together", () => {
    expect(run("a@b:-1 - deploy instance :rocket:").diagnostics).toEqual([
      ["bad-instance-name", 15],
      ["bad-deployment-id", 18],
      ["unknown-legacy-action", 23],
    ]);
  });

  it("reports text after the action", () => {
    expect(run("a - deploy new instance :rocket: :tada:").diagnostics).toEqual([
      ["trailing-text", 47],
    ]);
  });

  it("does not read the emoji itself as the action", () => {
    expect(run("a - deploy new instance \u{1F680}").diagnostics).toEqual([
      ["unknown-legacy-action", 18],
    ]);
  });

  it("records where the instance name is", () => {
    const record = new TitleRecord("[AutoDeploy]  site-a:1 - apply changes :tools:");
    parseLegacyTitle(record.title, 14, record, NAMED_KINDS);
    expect([...record.entryColumns()]).toEqual([["site-a", 15]]);
  });

  it("reads the actions of the table's kinds that have a legacy form", () => {
    const updateOnly = NAMED_KINDS.filter((k) => k.kind !== "create");
    const record = new TitleRecord("[AutoDeploy] a - deploy new instance :rocket:");
    expect(parseLegacyTitle(record.title, 13, record, updateOnly)?.kind).toBe("update");
    expect(record.diagnostics().map((d) => d.message)).toEqual([
      "expected 'apply changes :tools:' after ' - ', found 'deploy new instance :rocket:'",
    ]);
    const none = NAMED_KINDS.filter((k) => k.legacyAction === null);
    expect(parseLegacyTitle(record.title, 13, new TitleRecord(record.title), none)).toBeNull();
  });
});
