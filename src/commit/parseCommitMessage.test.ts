import { describe, expect, it } from "vitest";
import type { Directive } from "./directive.js";
import { parseCommitMessage, parseTitle } from "./parseCommitMessage.js";

const REPO = "https://github.com/openedx/edx-platform.git";

function value(message: string): Directive {
  const result = parseCommitMessage(message);
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.diagnostics)}`);
  return result.value;
}

/** [code, column] of every diagnostic, in order. */
function problems(message: string): [string, number | undefined][] {
  const result = parseCommitMessage(message);
  if (result.ok) throw new Error(`expected an error, got ${JSON.stringify(result.value)}`);
  return result.diagnostics.map((d) => [d.code, d.column]);
}

describe("directive kinds", () => {
  it.each<[string, Directive]>([
    [
      "[AutoDeploy][Infrastructure] Bump node pool",
      { kind: "infrastructure", text: "Bump node pool" },
    ],
    [
      "[AutoDeploy][Create] site-a|42,site-b|x.1",
      {
        kind: "create",
        instances: [
          { name: "site-a", deploymentId: "42" },
          { name: "site-b", deploymentId: "x.1" },
        ],
        legacy: false,
      },
    ],
    [
      "[AutoDeploy][Update] site-a|42,site-b",
      {
        kind: "update",
        instances: [
          { name: "site-a", deploymentId: "42" },
          { name: "site-b", deploymentId: null },
        ],
        legacy: false,
      },
    ],
    ["[AutoDeploy][Archive] a,b", { kind: "archive", instances: [{ name: "a" }, { name: "b" }] }],
    ["[AutoDeploy][Delete] a", { kind: "delete", instances: [{ name: "a" }] }],
    [
      `[AutoDeploy][Batch][Upgrade] ${REPO}|open-release/quince.3`,
      { kind: "batch-upgrade", targets: [{ repository: REPO, version: "open-release/quince.3" }] },
    ],
    [
      "[AutoDeploy][Batch][UpgradeTo] 0123abcdef",
      { kind: "batch-upgrade-to", commit: "0123abcdef", targets: [] },
    ],
    [
      `[AutoDeploy][Batch][UpgradeTo] ABCDEF0 ${REPO}|master, git@github.com:x/y.git|main`,
      {
        kind: "batch-upgrade-to",
        commit: "ABCDEF0",
        targets: [
          { repository: REPO, version: "master" },
          { repository: "git@github.com:x/y.git", version: "main" },
        ],
      },
    ],
    ["Fix a typo", { kind: "none" }],
    ["", { kind: "none" }],
  ])("parses %j", (title, directive) => {
    expect(value(title)).toEqual(directive);
  });

  it("accepts wildcards in either part of a target", () => {
    expect(value("[AutoDeploy][Batch][Upgrade] *|open-release/quince.*,*/edx-platform*|*")).toEqual(
      {
        kind: "batch-upgrade",
        targets: [
          { repository: "*", version: "open-release/quince.*" },
          { repository: "*/edx-platform*", version: "*" },
        ],
      },
    );
  });
});

describe("spelling and white space", () => {
  it.each([
    "[autodeploy][update] a|1,b",
    "[AUTODEPLOY][UPDATE] a|1,b",
    "  \t[AutoDeploy][Update] a|1,b",
    "[AutoDeploy] [Update]  a|1,b",
    "[AutoDeploy][Update]a|1,b",
    "[AutoDeploy][Update]  a | 1 ,\tb  ",
    "[AutoDeploy][Update] a|1,b\nbody text [AutoDeploy][Delete] c",
    "[AutoDeploy][Update] a|1,b\r\nbody",
  ])("reads %j as the canonical update", (title) => {
    expect(value(title)).toEqual({
      kind: "update",
      instances: [
        { name: "a", deploymentId: "1" },
        { name: "b", deploymentId: null },
      ],
      legacy: false,
    });
  });

  it("matches tags case-insensitively for batch kinds too", () => {
    expect(value("[autodeploy][BATCH][upgradeto] abcdef1").kind).toBe("batch-upgrade-to");
    expect(value("[AutoDeploy] [batch] [Upgrade] *|*").kind).toBe("batch-upgrade");
  });

  it("never folds look-alike letters into a tag", () => {
    // U+0131 dotless i would upper-case to I.
    expect(problems("[AutoDeploy][\u0131nfrastructure] x")).toEqual([["unknown-type", 13]]);
  });

  it("trims infrastructure text but keeps its inside", () => {
    expect(value("[AutoDeploy][Infrastructure]   a  [b]\tc  ")).toEqual({
      kind: "infrastructure",
      text: "a  [b]\tc",
    });
  });
});

describe("legacy titles", () => {
  it.each<[string, Directive]>([
    [
      "[AutoDeploy] site-a:42 - deploy new instance :rocket:",
      { kind: "create", instances: [{ name: "site-a", deploymentId: "42" }], legacy: true },
    ],
    [
      "[AutoDeploy] site-a:42 - apply changes :tools:",
      { kind: "update", instances: [{ name: "site-a", deploymentId: "42" }], legacy: true },
    ],
    [
      "[AutoDeploy] site-a - apply changes :tools:",
      { kind: "update", instances: [{ name: "site-a", deploymentId: null }], legacy: true },
    ],
    [
      "[autodeploy]site-a:1  -\tDeploy NEW instance  :rocket:",
      { kind: "create", instances: [{ name: "site-a", deploymentId: "1" }], legacy: true },
    ],
  ])("parses %j", (title, directive) => {
    expect(value(title)).toEqual(directive);
  });

  it.each<[string, [string, number][]]>([
    ["[AutoDeploy] site-a:42 - apply changes :tools: now", [["trailing-text", 48]]],
    ["[AutoDeploy] site-a:42 - do it", [["unknown-legacy-action", 26]]],
    ["[AutoDeploy] site-a:42 -", [["unknown-legacy-action", 25]]],
    ["[AutoDeploy] site.a:42 - apply changes :tools:", [["bad-instance-name", 18]]],
    ["[AutoDeploy] site-a: - apply changes :tools:", [["bad-deployment-id", 20]]],
    ["[AutoDeploy] site-a:4:2 - apply changes :tools:", [["bad-deployment-id", 22]]],
    ["[AutoDeploy] site-a apply changes :tools:", [["missing-type", 14]]],
  ])("rejects %j", (title, expected) => {
    expect(problems(title)).toEqual(expected);
  });
});

describe("not a directive", () => {
  it.each([
    ['Revert "[AutoDeploy][Update] a"', "autodeploy-not-at-start", 9],
    ["\u{1F600} [AutoDeploy][Update] a", "autodeploy-not-at-start", 3],
    ["\u00a0[AutoDeploy][Update] a", "autodeploy-not-at-start", 2],
    ["[Auto-Deploy][Update] a", "autodeploy-malformed", 1],
    ["  [AutoDeploy[Update] a", "autodeploy-malformed", 3],
    ["AutoDeploy][Update] a", "autodeploy-malformed", 1],
    ["[AutoDeplyo][Delete] demo", "autodeploy-misspelt", 1],
    [" [AutoDepłoy][Delete] demo", "autodeploy-misspelt", 2],
    ["[AtuoDeploy][Update] a", "autodeploy-misspelt", 1],
  ])("reads %j as none with warning %s at column %d", (title, code, column) => {
    const result = parseCommitMessage(title);
    expect(result).toMatchObject({ ok: true, value: { kind: "none" } });
    expect(result.ok && result.warnings.map((w) => [w.code, w.severity, w.column])).toEqual([
      [code, "warning", column],
    ]);
  });

  it.each(["Fix a typo", "Autodeploy docs: explain tags", "[WIP] update", "[Deploy] x", ""])(
    "reads %j as none without warnings",
    (title) => {
      expect(parseCommitMessage(title)).toEqual({
        ok: true,
        value: { kind: "none" },
        warnings: [],
      });
    },
  );

  it("only reads the title line", () => {
    expect(value("Fix things\n[AutoDeploy][Update] a")).toEqual({ kind: "none" });
    expect(value("Fix things\r[AutoDeploy][Update] a")).toEqual({ kind: "none" });
  });
});

describe("merge commits", () => {
  it("reads the merge request title of a GitLab merge commit", () => {
    const message =
      "Merge branch 'x' into 'main'\n\n[AutoDeploy][Delete] old\n\nSee merge request g/c!3";
    expect(value(message)).toEqual({ kind: "delete", instances: [{ name: "old" }] });
  });

  it("gives columns into the merge request title", () => {
    const message = "Merge branch 'x' into 'main'\r\n\r\n[AutoDeploy][Delete] ok,b@d\r\n";
    expect(problems(message)).toEqual([["bad-instance-name", 26]]);
  });
});

describe("errors", () => {
  it.each<[string, [string, number][]]>([
    ["[AutoDeploy]", [["missing-type", 13]]],
    ["[AutoDeploy]   ", [["missing-type", 16]]],
    ["[AutoDeploy] hello", [["missing-type", 14]]],
    ["[AutoDeploy][Deploy] a", [["unknown-type", 13]]],
    ["[AutoDeploy][Upgrade] *|*", [["unknown-type", 13]]],
    ["[AutoDeploy][Update", [["unclosed-tag", 13]]],
    ["[AutoDeploy][Batch] *|*", [["missing-type", 21]]],
    ["[AutoDeploy][Batch][Rollback] *|*", [["unknown-type", 20]]],
    ["[AutoDeploy][Update][Now] a", [["unexpected-tag", 21]]],
    ["[AutoDeploy][Update]", [["empty-list", 21]]],
    ["[AutoDeploy][Update]  ", [["empty-list", 23]]],
    ["[AutoDeploy][Archive] a,,b", [["empty-entry", 25]]],
    ["[AutoDeploy][Archive] a,b,", [["empty-entry", 27]]],
    ["[AutoDeploy][Update] a,s\u0430", [["bad-instance-name", 25]]],
    ["[AutoDeploy][Update] -a", [["bad-instance-name", 22]]],
    ["[AutoDeploy][Update] a|-1", [["bad-deployment-id", 24]]],
    ["[AutoDeploy][Update] a|1,b,a", [["duplicate-instance", 28]]],
    ["[AutoDeploy][Update] a|1|2", [["stray-pipe", 25]]],
    ["[AutoDeploy][Update] a|", [["stray-pipe", 23]]],
    ["[AutoDeploy][Update] |1", [["bad-instance-name", 22]]],
    ["[AutoDeploy][Delete] a|1", [["id-not-allowed", 23]]],
    ["[AutoDeploy][Update] a please", [["trailing-text", 24]]],
    ["[AutoDeploy][Infrastructure] a\u001bb", [["bad-text", 31]]],
    ["[AutoDeploy][Batch][UpgradeTo]", [["missing-commit-hash", 31]]],
    ["[AutoDeploy][Batch][UpgradeTo] 12345", [["bad-commit-hash", 32]]],
    ["[AutoDeploy][Batch][UpgradeTo] abcdefg", [["bad-commit-hash", 38]]],
    ["[AutoDeploy][Batch][Upgrade]", [["empty-list", 29]]],
    ["[AutoDeploy][Batch][Upgrade] x", [["missing-version", 31]]],
    ["[AutoDeploy][Batch][Upgrade] |v", [["missing-repository", 30]]],
    ["[AutoDeploy][Batch][Upgrade] r|", [["missing-version", 32]]],
    ["[AutoDeploy][Batch][Upgrade] r|v|w", [["stray-pipe", 33]]],
    ["[AutoDeploy][Batch][Upgrade] ../r|v", [["bad-repository", 30]]],
    ["[AutoDeploy][Batch][Upgrade] r|a..b", [["bad-version", 33]]],
    ["[AutoDeploy][Batch][Upgrade] r|v,r|v", [["duplicate-target", 34]]],
    ["[AutoDeploy][Batch][UpgradeTo] abcdef1 r|v extra", [["trailing-text", 44]]],
  ])("%j", (title, expected) => {
    expect(problems(title)).toEqual(expected);
  });

  it("reports every problem of a title at once, in column order", () => {
    expect(problems("[AutoDeploy][Update] a|1|2, b@d ,a,|3,a|x y,c|")).toEqual([
      ["stray-pipe", 25],
      ["bad-instance-name", 30],
      ["duplicate-instance", 34],
      ["bad-instance-name", 36],
      ["duplicate-instance", 39],
      ["trailing-text", 43],
      ["stray-pipe", 46],
    ]);
  });

  it("names the offending text and what was expected, in one line", () => {
    const result = parseCommitMessage(`[AutoDeploy][Update] ${"x".repeat(80)}!`);
    expect(result.ok).toBe(false);
    const [d] = result.ok ? [] : result.diagnostics;
    expect(d?.message).toBe(
      `instance name '${"x".repeat(40)}...' contains '!'; allowed are A-Z a-z 0-9 - _`,
    );
  });

  it.each([
    [
      "[AutoDeploy][Deploy] a",
      "unknown type tag '[Deploy]'; expected [Infrastructure], [Create], [Update], [Archive], [Delete], [Batch][Upgrade], [Batch][UpgradeTo] or [Build][Image]",
    ],
    [
      "[AutoDeploy][upgradeto] abcdef1",
      "unknown type tag '[upgradeto]' (did you mean [Batch][UpgradeTo]?); expected [Infrastructure], [Create], [Update], [Archive], [Delete], [Batch][Upgrade], [Batch][UpgradeTo] or [Build][Image]",
    ],
    ["[AutoDeploy][Batch] *|*", "expected [Upgrade] or [UpgradeTo] after [Batch]"],
    [
      "[AutoDeploy][Batch][Rollback] *|*",
      "unknown batch type tag '[Rollback]'; expected [Upgrade] or [UpgradeTo] after [Batch]",
    ],
    [
      "[AutoDeploy][Archive] a, b|1",
      "'b|1': Archive and Delete take instance names only, without '|ID'",
    ],
  ])("explains the kinds it expected: %j", (title, message) => {
    const result = parseCommitMessage(title);
    expect(result.ok ? [] : result.diagnostics.map((d) => d.message)).toEqual([message]);
  });

  it("counts columns in code points", () => {
    expect(problems("[AutoDeploy][Infrastructure] \u{1F680}\u{1F680}\u0007")).toEqual([
      ["bad-text", 32],
    ]);
  });
});

describe("infrastructure text", () => {
  const INFRA = "[AutoDeploy][Infrastructure]";

  it("trims spaces and tabs and keeps any other text", () => {
    expect(value(`${INFRA} \t Mise à jour: \`terraform\` $(x) {a: b} \u{1F680}\t `)).toEqual({
      kind: "infrastructure",
      text: "Mise à jour: `terraform` $(x) {a: b} \u{1F680}",
    });
  });

  // Issue 11, point 7: Grove's format is "<any message here>", none included.
  it("accepts no description, with a warning that the history will not say why", () => {
    for (const title of [INFRA, `${INFRA} \t`]) {
      const result = parseCommitMessage(title);
      expect(result).toMatchObject({ ok: true, value: { kind: "infrastructure", text: "" } });
      expect(result.warnings.map((w) => [w.code, w.column])).toEqual([
        ["infrastructure-without-text", title.length + 1],
      ]);
    }
  });

  it("reports each control, separator and bidi character, naming it", () => {
    expect(problems(`${INFRA} a\u0000b\u2028c\u202ed\u0085`)).toEqual([
      ["bad-text", 31],
      ["bad-text", 33],
      ["bad-text", 35],
      ["bad-text", 37],
    ]);
    const result = parseCommitMessage(`${INFRA} a\u0000`);
    expect(result.ok ? [] : result.diagnostics.map((d) => d.message)).toEqual([
      "the description contains a control character (U+0000)",
    ]);
  });
});

describe("entry columns, for problems found after parsing", () => {
  function columns(message: string): ReadonlyMap<string, number> {
    const result = parseTitle(message);
    if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.diagnostics)}`);
    return result.value.columns;
  }

  it("gives each instance name's column", () => {
    const title = "[AutoDeploy][Update] demo-2|4,demo";
    expect(columns(title).get("demo")).toBe(title.lastIndexOf("demo") + 1);
    expect(columns(title).get("demo-2")).toBe(22);
    expect(columns("[AutoDeploy][Update] a,site").get("site")).toBe(24);
    expect(columns("[AutoDeploy] site-a:42 - apply changes :tools:").get("site-a")).toBe(14);
  });

  it("gives each target's column at its repository, however it is spaced", () => {
    const title = "[AutoDeploy][Batch][Upgrade] https://x/e.git|v1, https://y/e.git | v2";
    expect(columns(title).get("https://x/e.git|v1")).toBe(30);
    expect(columns(title).get("https://y/e.git|v2")).toBe(title.indexOf("https://y") + 1);
    expect(columns("[AutoDeploy][Batch][UpgradeTo] abcdef1 *|v").get("*|v")).toBe(40);
  });

  it("gives columns into the merge request title of a merge commit", () => {
    const message = "Merge branch 'x' into 'main'\n\n[AutoDeploy][Archive] a,site\n";
    expect(columns(message).get("site")).toBe(25);
    expect(parseTitle(message)).toMatchObject({
      ok: true,
      value: { title: "[AutoDeploy][Archive] a,site" },
    });
  });

  it("has no column for text that is not an entry of the title", () => {
    expect(columns("[AutoDeploy][Update] demo").get("dem")).toBeUndefined();
    expect(columns("[AutoDeploy][Update] demo").get("other")).toBeUndefined();
    expect(columns("[AutoDeploy][Infrastructure] resize demo").size).toBe(0);
    expect(columns("Update demo").size).toBe(0);
  });

  it("gives the directive and warnings parseCommitMessage gives", () => {
    for (const message of ["[AutoDeploy][Update] a|1,b", 'Revert "[AutoDeploy][Update] a"']) {
      const parsed = parseTitle(message);
      const plain = parseCommitMessage(message);
      expect(parsed.ok && { value: parsed.value.directive, warnings: parsed.warnings }).toEqual(
        plain.ok && { value: plain.value, warnings: plain.warnings },
      );
    }
    expect(parseTitle("[AutoDeploy][Upd] a")).toEqual(parseCommitMessage("[AutoDeploy][Upd] a"));
  });
});
