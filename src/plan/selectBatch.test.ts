import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Target } from "../commit/directive.js";
import { MAX_TARGETS } from "../commit/lists.js";
import { parseCommitMessage } from "../commit/parseCommitMessage.js";
import { matchesTarget, normalizeRepository } from "./matchTarget.js";
import { TargetMatcher } from "./selectBatch.js";

/*
 * Issue 14, point 3: a batch's targets are matched against each distinct repository|version pair
 * once (exact targets by lookup), not instances × targets; the answers must be exactly the ones
 * the one rule (matchesTarget) gives target by target.
 */

const REPOSITORIES = [
  "https://github.com/openedx/edx-platform.git",
  "git@github.com:openedx/edx-platform",
  "https://github.com/open-craft/edx-platform",
  "*",
  "*open-craft*",
  "github.com/*/edx-platform",
];
const VERSIONS = ["open-release/quince.3", "open-release/redwood.2", "*", "open-release/*", "q*"];

const target = fc.record({
  repository: fc.constantFrom(...REPOSITORIES),
  version: fc.constantFrom(...VERSIONS),
});
const instance = fc.record({
  repository: fc.constantFrom(...REPOSITORIES.filter((r) => !r.includes("*"))),
  version: fc.constantFrom(...VERSIONS.filter((v) => !v.includes("*")), "quince"),
});

describe("TargetMatcher", () => {
  it("gives the lowest matching target and which targets matched anything, as the rule does", () => {
    fc.assert(
      fc.property(
        fc.array(target, { maxLength: 8 }),
        fc.array(instance, { maxLength: 12 }),
        (targets, instances) => {
          const matcher = new TargetMatcher(targets);
          const matchedAny = targets.map(() => false);
          for (const i of instances) {
            const naive = targets.findIndex((t: Target) =>
              matchesTarget(i.repository, i.version, t),
            );
            expect(matcher.firstMatch(normalizeRepository(i.repository), i.version)).toBe(naive);
            targets.forEach((t, index) => {
              if (matchesTarget(i.repository, i.version, t)) matchedAny[index] = true;
            });
          }
          expect(targets.map((_, index) => matcher.matched(index))).toEqual(matchedAny);
        },
      ),
    );
  });
});

describe("the cap on targets per title", () => {
  const title = (count: number) =>
    `[AutoDeploy][Batch][Upgrade] ${Array.from({ length: count }, (_, i) => `r|v${i}`).join(",")}`;

  it("accepts a title with as many targets as the cap", () => {
    const parsed = parseCommitMessage(title(MAX_TARGETS));
    expect(
      parsed.ok && parsed.value.kind === "batch-upgrade" ? parsed.value.targets.length : 0,
    ).toBe(MAX_TARGETS);
  });

  it("refuses one more with one error at the first target past it", () => {
    const text = title(MAX_TARGETS + 1);
    const parsed = parseCommitMessage(text);
    expect(parsed.ok ? null : parsed.diagnostics).toEqual([
      expect.objectContaining({
        code: "too-many-targets",
        column: text.lastIndexOf(",") + 2,
        message:
          "a batch title names at most 1,000 targets, this one 1,001; split the batch over several commits or use '*' in a target",
      }),
    ]);
  });
});
