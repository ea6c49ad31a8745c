import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { composeMessage } from "./composeMessage.js";
import type { Directive } from "./directive.js";
import { directiveArbitrary } from "../../test/support/directiveArbitrary.js";
import {
  checkCommitHash,
  checkDeploymentId,
  checkRepositoryPattern,
  checkVersionPattern,
  isInstanceName,
} from "./grammar.js";
import { parseCommitMessage } from "./parseCommitMessage.js";

function title(d: Directive): string {
  const result = composeMessage(d);
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
  return result.value;
}

function problems(d: Directive): [string, string | undefined][] {
  const result = composeMessage(d);
  if (result.ok) throw new Error(`expected an error, got ${result.value}`);
  return result.diagnostics.map((p) => [p.code, p.keyPath]);
}

describe("composeMessage", () => {
  it.each<[Directive, string]>([
    [{ kind: "infrastructure", text: "Bump nodes" }, "[AutoDeploy][Infrastructure] Bump nodes"],
    [
      {
        kind: "update",
        instances: [
          { name: "site-a", deploymentId: "42" },
          { name: "site-b", deploymentId: null },
        ],
        legacy: false,
      },
      "[AutoDeploy][Update] site-a|42,site-b",
    ],
    [
      { kind: "create", instances: [{ name: "a", deploymentId: null }], legacy: false },
      "[AutoDeploy][Create] a",
    ],
    [
      { kind: "create", instances: [{ name: "a", deploymentId: "7" }], legacy: true },
      "[AutoDeploy] a:7 - deploy new instance :rocket:",
    ],
    [
      { kind: "update", instances: [{ name: "a", deploymentId: null }], legacy: true },
      "[AutoDeploy] a - apply changes :tools:",
    ],
    [{ kind: "archive", instances: [{ name: "a" }, { name: "b" }] }, "[AutoDeploy][Archive] a,b"],
    [{ kind: "delete", instances: [{ name: "a" }] }, "[AutoDeploy][Delete] a"],
    [
      { kind: "batch-upgrade", targets: [{ repository: "*", version: "open-release/quince.*" }] },
      "[AutoDeploy][Batch][Upgrade] *|open-release/quince.*",
    ],
    [
      { kind: "batch-upgrade-to", commit: "abcdef1", targets: [] },
      "[AutoDeploy][Batch][UpgradeTo] abcdef1",
    ],
    [
      {
        kind: "batch-upgrade-to",
        commit: "abcdef1",
        targets: [
          { repository: "git@h.io:o/r", version: "main" },
          { repository: "*", version: "v1" },
        ],
      },
      "[AutoDeploy][Batch][UpgradeTo] abcdef1 git@h.io:o/r|main,*|v1",
    ],
    // Issue 11, point 7: Grove's format allows no description at all.
    [{ kind: "infrastructure", text: "" }, "[AutoDeploy][Infrastructure]"],
  ])("composes %j", (d, expected) => {
    expect(title(d)).toBe(expected);
  });

  it.each<[Directive, [string, string | undefined][]]>([
    [{ kind: "none" }, [["nothing-to-compose", undefined]]],
    [{ kind: "infrastructure", text: " x" }, [["bad-text", "text"]]],
    [{ kind: "infrastructure", text: "a\nb" }, [["bad-text", "text"]]],
    [{ kind: "update", instances: [], legacy: false }, [["empty-list", "instances"]]],
    [
      {
        kind: "update",
        instances: [
          { name: "a", deploymentId: "-1" },
          { name: "s\u0430", deploymentId: null },
          { name: "a", deploymentId: null },
        ],
        legacy: false,
      },
      [
        ["bad-deployment-id", "instances.0.deploymentId"],
        ["bad-instance-name", "instances.1.name"],
        ["duplicate-instance", "instances.2.name"],
      ],
    ],
    [
      {
        kind: "create",
        instances: [
          { name: "a", deploymentId: null },
          { name: "b", deploymentId: null },
        ],
        legacy: true,
      },
      [["legacy-needs-one-instance", "instances"]],
    ],
    [
      { kind: "archive", instances: [{ name: "a,b" }] },
      [["bad-instance-name", "instances.0.name"]],
    ],
    [{ kind: "batch-upgrade", targets: [] }, [["empty-list", "targets"]]],
    [
      {
        kind: "batch-upgrade",
        targets: [
          { repository: "r|x", version: "v" },
          { repository: "r", version: "a b" },
          { repository: "*", version: "*" },
          { repository: "*", version: "*" },
        ],
      },
      [
        ["bad-repository", "targets.0.repository"],
        ["bad-version", "targets.1.version"],
        ["duplicate-target", "targets.3"],
      ],
    ],
    [{ kind: "batch-upgrade-to", commit: "xyz", targets: [] }, [["bad-commit-hash", "commit"]]],
  ])("refuses %j", (d, expected) => {
    expect(problems(d)).toEqual(expected);
  });

  it("refuses a kind it does not know", () => {
    const bogus = { kind: "rollback" } as unknown as Directive;
    expect(problems(bogus)).toEqual([["unknown-kind", undefined]]);
  });

  it("gives back any valid directive when its title is parsed (round trip)", () => {
    fc.assert(
      fc.property(directiveArbitrary, (d) => {
        // Warnings (a name the trigger client could not send, no description) do not matter here.
        expect(parseCommitMessage(title(d))).toMatchObject({ ok: true, value: d });
      }),
      { numRuns: 1000 },
    );
  });

  it("composes every directive the parser accepts, and the title parses to the same directive", () => {
    const prefixes = fc.constantFrom(
      "[AutoDeploy][Update] ",
      "[autodeploy] [CREATE]",
      "  [AutoDeploy][Archive]",
      "[AutoDeploy][Delete]\t",
      "[AutoDeploy][Batch][Upgrade] ",
      "[AutoDeploy][Batch] [UpgradeTo] ",
      "[AutoDeploy][Infrastructure]",
      "[AutoDeploy] ",
    );
    const pieces = fc.constantFrom(
      "a",
      "b|1",
      "c | x.2",
      ", ",
      ",",
      " ",
      "*|*",
      "r|v",
      "abcdef1 ",
      ":7",
      " - ",
      "apply changes :tools:",
      "deploy new instance :rocket:",
      "|",
      "\u0430",
      "x y",
      "[x]",
    );
    const titles = fc
      .tuple(prefixes, fc.array(pieces, { maxLength: 6 }))
      .map(([prefix, p]) => prefix + p.join(""));
    let directives = 0;
    fc.assert(
      fc.property(titles, (t) => {
        const parsed = parseCommitMessage(t);
        if (!parsed.ok) return;
        directives++;
        const again = parseCommitMessage(title(parsed.value));
        expect(again.ok && again.value).toEqual(parsed.value);
      }),
      { numRuns: 3000 },
    );
    // Guards against a generator that only ever produces errors.
    expect(directives).toBeGreaterThan(0);
  });

  it("arbitrary directives use only grammar-valid parts", () => {
    fc.assert(
      fc.property(directiveArbitrary, (d) => {
        if ("instances" in d) {
          expect(d.instances.every((i) => isInstanceName(i.name))).toBe(true);
          for (const i of d.instances) {
            if ("deploymentId" in i && i.deploymentId !== null) {
              expect(checkDeploymentId(i.deploymentId)).toBeNull();
            }
          }
        }
        if ("targets" in d) {
          expect(d.targets.every((t) => checkRepositoryPattern(t.repository) === null)).toBe(true);
          expect(d.targets.every((t) => checkVersionPattern(t.version) === null)).toBe(true);
        }
        if ("commit" in d) expect(checkCommitHash(d.commit)).toBeNull();
      }),
      { numRuns: 300 },
    );
  });
});
