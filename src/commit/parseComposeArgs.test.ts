import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { composeMessage } from "./composeMessage.js";
import type { Directive } from "./directive.js";
import { COMPOSE_KINDS, parseComposeArgs } from "./parseComposeArgs.js";

function composed(kind: string, args: string[]): string {
  const parsed = parseComposeArgs(kind, args);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.diagnostics));
  const title = composeMessage(parsed.value);
  if (!title.ok) throw new Error(JSON.stringify(title.diagnostics));
  return title.value;
}

function problems(kind: string, args: string[]): [string, number | undefined, string][] {
  const result = parseComposeArgs(kind, args);
  if (result.ok) throw new Error(`expected an error, got ${JSON.stringify(result.value)}`);
  return result.diagnostics.map((d) => [d.code, d.column, d.message]);
}

describe("parseComposeArgs", () => {
  it("builds the update directive of the CLI example", () => {
    expect(parseComposeArgs("update", ["site-a:42", "site-b"])).toEqual({
      ok: true,
      value: {
        kind: "update",
        instances: [
          { name: "site-a", deploymentId: "42" },
          { name: "site-b", deploymentId: null },
        ],
        legacy: false,
      },
      warnings: [],
    });
    expect(composed("update", ["site-a:42", "site-b"])).toBe(
      "[AutoDeploy][Update] site-a|42,site-b",
    );
  });

  it.each<[string, string[], string]>([
    ["infrastructure", ["Bump", " node  pool "], "[AutoDeploy][Infrastructure] Bump node  pool"],
    ["create", ["a|1", " b "], "[AutoDeploy][Create] a|1,b"],
    ["archive", ["a", "b"], "[AutoDeploy][Archive] a,b"],
    ["delete", ["a"], "[AutoDeploy][Delete] a"],
    [
      "batch-upgrade",
      ["https://github.com/openedx/edx-platform.git|open-release/quince.3", "*|master"],
      "[AutoDeploy][Batch][Upgrade] https://github.com/openedx/edx-platform.git|open-release/quince.3,*|master",
    ],
    ["batch-upgrade-to", ["abcdef1"], "[AutoDeploy][Batch][UpgradeTo] abcdef1"],
    [
      "batch-upgrade-to",
      ["abcdef1", "git@h.io:o/r|main"],
      "[AutoDeploy][Batch][UpgradeTo] abcdef1 git@h.io:o/r|main",
    ],
  ])("composes %s %j", (kind, args, title) => {
    expect(composed(kind, args)).toBe(title);
  });

  it.each<[string, string[], [string, number | undefined][]]>([
    ["rollback", ["a"], [["unknown-kind", undefined]]],
    ["infrastructure", [], [["missing-text", undefined]]],
    ["infrastructure", ["ok", "a\nb"], [["bad-text", 2]]],
    ["update", [], [["empty-list", undefined]]],
    [
      "update",
      ["a", "b@c", "d:-1", "a"],
      [
        ["bad-instance-name", 2],
        ["bad-deployment-id", 3],
        ["duplicate-instance", 4],
      ],
    ],
    ["update", ["a,b"], [["bad-instance-name", 1]]],
    ["archive", ["a:1"], [["id-not-allowed", 1]]],
    ["delete", ["s\u0430"], [["bad-instance-name", 1]]],
    ["batch-upgrade", [], [["empty-list", undefined]]],
    [
      "batch-upgrade",
      ["r", "|v", "r|a..b", "$x|v", "r|v", "r|v"],
      [
        ["missing-version", 1],
        ["missing-repository", 2],
        ["bad-version", 3],
        ["bad-repository", 4],
        ["duplicate-target", 6],
      ],
    ],
    ["batch-upgrade-to", [], [["missing-commit-hash", undefined]]],
    [
      "batch-upgrade-to",
      ["xyz", "r"],
      [
        ["bad-commit-hash", 1],
        ["missing-version", 2],
      ],
    ],
  ])("refuses %s %j", (kind, args, expected) => {
    expect(problems(kind, args).map(([code, column]) => [code, column])).toEqual(expected);
  });

  it("names the argument in the message", () => {
    expect(problems("update", ["a", "b c"])[0]?.[2]).toBe(
      "argument 2: instance name 'b c' contains a space; allowed are A-Z a-z 0-9 - _",
    );
  });

  it("lists the known kinds when the kind is wrong", () => {
    expect(problems("Update", [])[0]?.[2]).toContain(Object.keys(COMPOSE_KINDS).join(", "));
  });

  it("gives only directives composeMessage accepts", () => {
    const arg = fc.oneof(
      fc.string(),
      fc.constantFrom("a", "b:1", "c|2", "*|*", "r|v", "abcdef1", "a:", ":1", "x y", "\u0430"),
    );
    const kinds = fc.constantFrom(...Object.keys(COMPOSE_KINDS));
    fc.assert(
      fc.property(kinds, fc.array(arg, { maxLength: 5 }), (kind, args) => {
        const parsed = parseComposeArgs(kind, args);
        if (!parsed.ok) {
          expect(parsed.diagnostics.length).toBeGreaterThan(0);
          return;
        }
        const d: Directive = parsed.value;
        expect(composeMessage(d).ok).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
