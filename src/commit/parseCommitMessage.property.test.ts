import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Result } from "../diagnostic.js";
import type { Directive } from "./directive.js";
import { parseCommitMessage } from "./parseCommitMessage.js";

/** Strings made of grammar pieces and hostile characters, so generated titles get deep. */
const fragments = fc.constantFrom(
  "[AutoDeploy]",
  "[autodeploy]",
  "[Update]",
  "[Create]",
  "[Archive]",
  "[Delete]",
  "[Batch]",
  "[Upgrade]",
  "[UpgradeTo]",
  "[Infrastructure]",
  "[",
  "]",
  "|",
  ",",
  ":",
  " - ",
  " ",
  "\t",
  "deploy new instance :rocket:",
  "apply changes :tools:",
  "site-a",
  "a",
  "42",
  "abcdef1",
  "https://github.com/o/r.git",
  "git@h.io:o/r",
  "open-release/quince.*",
  "*",
  "..",
  "\n",
  "\r",
  "\r\n",
  "\u200b",
  "\u0430",
  "\u202e",
  "\u0000",
  "\ud800",
  "\u{1F600}",
  "$(x)",
  "`x`",
  "'",
  '"',
  "Merge branch 'a' into 'b'",
);
const hostileStrings = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary" }),
  fc.array(fragments, { maxLength: 30 }).map((parts) => parts.join("")),
);

function assertWellFormed(result: Result<Directive>): void {
  const list = result.ok ? result.warnings : result.diagnostics;
  if (!result.ok) expect(list.length).toBeGreaterThan(0);
  for (const d of list) {
    expect(d.message).not.toMatch(/[\n\r\u2028\u2029]/);
    expect(Number.isInteger(d.column) && (d.column ?? 0) >= 1).toBe(true);
    expect(d.code).toMatch(/^[a-z-]+$/);
  }
}

describe("properties", () => {
  it("never throws, and always answers with a well-formed result", () => {
    fc.assert(
      fc.property(hostileStrings, (message) => {
        assertWellFormed(parseCommitMessage(message));
      }),
      { numRuns: 2000 },
    );
  });

  it("reads every title that does not begin with [AutoDeploy] as none", () => {
    const notDirective = fc
      .tuple(hostileStrings, hostileStrings)
      // Leading blank lines are skipped like git does, so strip them from the whole message:
      // otherwise an empty `a` lets `b` start with "\n[AutoDeploy]…", a real directive.
      .map(([a, b]) => `${a}${b}`.replace(/^[\s\uFEFF]+/, ""))
      .filter((s) => !/^[ \t]*\[autodeploy\]/i.test(s.split(/\r\n|\r|\n/)[0] ?? ""))
      .filter((s) => !s.startsWith("Merge branch '"));
    fc.assert(
      fc.property(notDirective, (message) => {
        const result = parseCommitMessage(message);
        expect(result.ok && result.value).toEqual({ kind: "none" });
      }),
      { numRuns: 2000 },
    );
  });
});
