import { ESLint } from "eslint";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

/*
 * eslint.config.js keeps product code (src/, except *.test.ts) from importing test helpers
 * (test/), vitest or fast-check. These lint snippets with the project's own configuration as
 * if they were files at the given paths (the files need not exist).
 */

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const RULE = "no-restricted-imports";

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT });
});

/** The messages of the import rule for `code` linted as the project file `file`. */
async function importProblems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  if (result === undefined) throw new Error(`ESLint returned no result for ${file}`);
  // Any other problem (a parse error, say) means the snippet tested nothing.
  expect(result.messages.filter((m) => m.ruleId !== RULE)).toEqual([]);
  return result.messages.map((m) => m.message);
}

const FORBIDDEN: readonly [string, string, RegExp][] = [
  [
    "a test helper",
    'import { testCli } from "../../test/support/testCli.js";\nexport const x = testCli;\n',
    /test\/ holds test helpers/,
  ],
  [
    "a test helper's type",
    'import type { PlanJson } from "../test/support/planJson.js";\nexport type X = PlanJson;\n',
    /test\/ holds test helpers/,
  ],
  ["vitest", 'import { expect } from "vitest";\nexport const x = expect;\n', /vitest is for tests/],
  ["fast-check", 'import fc from "fast-check";\nexport const x = fc;\n', /fast-check is for tests/],
  [
    "a re-export of a test helper",
    'export { tempTree } from "../../test/support/tempTree.js";\n',
    /test\/ holds test helpers/,
  ],
];

describe("the lint rule on imports of test code", () => {
  it.each(FORBIDDEN)("stops product code importing %s", async (_, code, message) => {
    const problems = await importProblems("src/cli/someCommand.ts", code);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });

  it.each(FORBIDDEN)("lets a test beside the code import %s", async (_, code) => {
    expect(await importProblems("src/cli/someCommand.test.ts", code)).toEqual([]);
  });

  it("lets tests and their helpers under test/ import them", async () => {
    const [, helper = ""] = FORBIDDEN[0] ?? [];
    expect(await importProblems("test/e2e/someRun.e2e.test.ts", helper)).toEqual([]);
    const fastCheck = 'import fc from "fast-check";\nexport const x = fc;\n';
    expect(await importProblems("test/support/someArbitrary.ts", fastCheck)).toEqual([]);
  });

  it("leaves product imports of product code alone", async () => {
    const code =
      'import { DEFAULT_SETTINGS } from "../repo/settings.js";\nimport { testify } from "./testify.js";\nexport const x = [DEFAULT_SETTINGS, testify];\n';
    expect(await importProblems("src/cli/someCommand.ts", code)).toEqual([]);
  });
});
