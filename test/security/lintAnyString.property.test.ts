import fc from "fast-check";
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CliBundle } from "./support/bundleCli.js";
import { bundleCli } from "./support/bundleCli.js";
import type { DriverResult } from "./support/driverCase.js";
import { testCli } from "../support/testCli.js";
import { runDriver } from "./support/spawnCli.js";

/*
 * Issue 4, point 4: for any string, `lint` answers (exit 0 or 1, JSON that says which) and never
 * throws. The grammar has its own property tests (src/commit); these go through the whole CLI.
 */

/** Any text, biased towards titles that reach deep into the grammar. */
const anyMessage: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: "binary", maxLength: 300 }),
  fc.string({ unit: "grapheme", maxLength: 300 }),
  fc
    .tuple(
      fc.constantFrom(
        "[AutoDeploy]",
        "[AutoDeploy][Update] ",
        "[AutoDeploy][Create] ",
        "[AutoDeploy][Archive] ",
        "[AutoDeploy][Delete] ",
        "[AutoDeploy][Batch][Upgrade] ",
        "[AutoDeploy][Batch][UpgradeTo] ",
        "[AutoDeploy][Infrastructure] ",
        "Merge branch 'a' into 'main'\n\n",
        "  [autodeploy] ",
      ),
      fc.array(
        fc.oneof(
          fc.constantFrom("demo", "|", ",", ":", "*", " ", "\t", "\r", "\n", "[", "]", "-", "."),
          fc.string({ unit: "binary", maxLength: 8 }),
        ),
        { maxLength: 40 },
      ),
    )
    .map(([prefix, parts]) => prefix + parts.join("")),
);

/** A line of a JavaScript stack trace, e.g. `    at parse (file.js:1:2)`. */
const STACK_LINE = /^\s+at .*(:\d+:\d+\)?|<anonymous>\)?)$/m;

function checkLintJson(result: { code: number; stdout: string; stderr: string }): void {
  expect(result.stderr).not.toMatch(STACK_LINE);
  expect(result.stderr).not.toContain("internal error");
  expect([0, 1]).toContain(result.code);
  const body = JSON.parse(result.stdout) as {
    valid: boolean;
    errors?: { message: string }[];
  };
  expect(body.valid).toBe(result.code === 0);
  for (const e of body.errors ?? []) expect(e.message).not.toMatch(/[\r\n]/);
}

describe("lint, for any string", () => {
  it("answers valid or invalid in JSON and never throws (in-process, shrinking)", async () => {
    await fc.assert(
      fc.asyncProperty(anyMessage, async (message) => {
        checkLintJson(await testCli(["lint", "--json", "--message-file", "-"], { stdin: message }));
        // As an argument too; `--` keeps a message starting with `-` from reading as an option.
        const asArgument = await testCli(["lint", "--json", "--", message]);
        checkLintJson(asArgument);
      }),
      { numRuns: 200 },
    );
  });

  describe("in a process of its own, killed if it hangs", () => {
    let bundle: CliBundle;
    beforeAll(() => {
      bundle = bundleCli();
    });
    afterAll(() => {
      if (bundle !== undefined) fs.rmSync(bundle.dir, { recursive: true, force: true });
    });

    it("finishes every message of a random sample", () => {
      // Random inputs plus the largest kinds the grammar cares about.
      const messages = [
        ...fc.sample(anyMessage, 150),
        `[AutoDeploy][Update] ${"a|b,".repeat(25_000)}`,
        `[AutoDeploy][Batch][Upgrade] ${"*".repeat(100_000)}|${"*a".repeat(50_000)}`,
        `[AutoDeploy][Infrastructure] ${"\u200b".repeat(100_000)}`,
      ];
      const cases = messages.map((stdin) => ({
        argv: ["lint", "--json", "--message-file", "-"],
        env: {},
        cwd: bundle.dir,
        stdin,
      }));
      const results: DriverResult[] = runDriver(bundle, cases, 60_000, (i) =>
        JSON.stringify(messages[i]?.slice(0, 200)),
      );
      expect(results).toHaveLength(messages.length);
      for (const result of results) checkLintJson(result);
    });
  });
});
