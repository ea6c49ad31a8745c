import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { scanSimpleMapping } from "./scanSimpleMapping.js";

const WANTED = new Set([
  "EDX_PLATFORM_REPOSITORY",
  "EDX_PLATFORM_VERSION",
  "BATCH_UPGRADE_DISABLED",
]);

/** What a full js-yaml parse says: the wanted keys' values, or that it is no mapping / fails. */
function fullParse(text: string): Record<string, unknown> | "not a mapping" | "error" {
  let doc: unknown;
  try {
    doc = yaml.load(text);
  } catch {
    return "error";
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc) || doc instanceof Date) {
    return "not a mapping";
  }
  const mapping = doc as Record<string, unknown>;
  return Object.fromEntries(
    [...WANTED].filter((k) => Object.hasOwn(mapping, k)).map((k) => [k, mapping[k]]),
  );
}

// Lines a config.yml may have, simple and not: the scanner must give up on anything it cannot
// be sure of, so the generator throws it everything YAML allows.
const keyArb = fc.constantFrom(
  "EDX_PLATFORM_REPOSITORY",
  "EDX_PLATFORM_VERSION",
  "BATCH_UPGRADE_DISABLED",
  "LMS_HOST",
  "PLUGINS",
  "true",
  "True",
  "null",
  "a",
  "<<",
  "K K",
  "__proto__",
);
const scalarArb = fc.oneof(
  fc.constantFrom(
    "https://github.com/openedx/edx-platform.git",
    "git@github.com:openedx/edx-platform.git",
    "open-release/quince.3",
    "yes",
    "true",
    "False",
    "~",
    "null",
    "1",
    "1.0",
    "0x1F",
    ".inf",
    "-1",
    "+1",
    "2024-01-31",
    "1_000",
    '"quoted"',
    '"esc\\"aped"',
    "'single'",
    "'it''s'",
    "a # comment",
    "a#b",
    "a: b",
    "a:",
    "&anchor a",
    "*alias",
    "!tag a",
    "|",
    ">",
    "[a, b]",
    "{a: b}",
    "%x",
    "@x",
    "`x",
    "a\tb",
    "Université",
    "",
    " ",
  ),
  fc.string({
    unit: fc.constantFrom(
      "a",
      "1",
      ".",
      ":",
      " ",
      "#",
      "'",
      '"',
      "-",
      "/",
      "\\",
      "[",
      "{",
      "&",
      "*",
    ),
    maxLength: 12,
  }),
);
const simpleLineArb = fc.oneof(
  fc
    .tuple(keyArb, fc.constantFrom("x", "open-release/quince.3", "true", "1.0", "yes"))
    .map(([k, v]) => `${k}: ${v}`),
  fc.constantFrom("PLUGINS:", "  - forum", "# comment"),
);
const lineArb = fc.oneof(
  { arbitrary: simpleLineArb, weight: 4 },
  fc.tuple(keyArb, scalarArb).map(([k, v]) => `${k}: ${v}`),
  keyArb.map((k) => `${k}:`),
  fc.tuple(fc.constantFrom("  ", "", "    ", "   "), scalarArb).map(([i, v]) => `${i}- ${v}`),
  fc
    .tuple(fc.constantFrom("  ", "    ", "   "), keyArb, scalarArb)
    .map(([i, k, v]) => `${i}${k}: ${v}`),
  fc.constantFrom(
    "# comment",
    "  # indented comment",
    "",
    "   ",
    "---",
    "...",
    "%YAML 1.2",
    "\tKEY: tab",
    "KEY:value",
    "KEY : v",
    "? k",
    "  continued",
    "-",
    "\r",
  ),
);
const fileArb = fc.array(lineArb, { minLength: 0, maxLength: 12 }).map((lines) => lines.join("\n"));

describe("scanSimpleMapping", () => {
  it("whenever it answers, answers exactly what a full js-yaml parse gives", () => {
    let answered = 0;
    fc.assert(
      fc.property(fileArb, (text) => {
        const fast = scanSimpleMapping(text, WANTED);
        if (fast === null) return;
        answered += 1;
        expect(fullParse(text)).toEqual(fast);
      }),
      { numRuns: 3000 },
    );
    // Not vacuous: a good share of the generated files are simple enough to answer.
    expect(answered).toBeGreaterThan(100);
  });

  it("answers for every config.yml of the example cluster", () => {
    const dir = path.resolve("examples/cluster/instances");
    for (const name of fs.readdirSync(dir)) {
      const text = fs.readFileSync(path.join(dir, name, "config.yml"), "utf8");
      expect(scanSimpleMapping(text, WANTED), name).toEqual(fullParse(text));
    }
  });

  it("types values as js-yaml does", () => {
    const text =
      "EDX_PLATFORM_VERSION: 1.0\nBATCH_UPGRADE_DISABLED: yes\nEDX_PLATFORM_REPOSITORY: ~\n";
    expect(scanSimpleMapping(text, WANTED)).toEqual({
      EDX_PLATFORM_VERSION: 1,
      BATCH_UPGRADE_DISABLED: "yes",
      EDX_PLATFORM_REPOSITORY: null,
    });
  });

  it("gives up on what it cannot be sure of, leaving it to js-yaml", () => {
    for (const text of [
      "A: 1\nA: 2\n",
      "true: 1\nTrue: 2\n",
      "A: &x 1\nB: *x\n",
      'A: "a\\tb"\n',
      "A: a\n  continued\n",
      "A:\n  B:\n    C: 1\n",
      "EDX_PLATFORM_VERSION:\n  - a\n",
      "---\nA: 1\n",
      "A: 1\r\n",
      "A: Université\n",
      "",
      "# only a comment\n",
    ]) {
      expect(scanSimpleMapping(text, WANTED), JSON.stringify(text)).toBeNull();
    }
  });
});
