import fc from "fast-check";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { emitYaml } from "./emitYaml.js";
import { DUMP_OPTIONS } from "./gitlabRenderer.js";
import type { YamlValue } from "./yamlValue.js";

/** What js-yaml writes: the bytes emitYaml must give. */
const dumped = (value: YamlValue): string => yaml.dump(value, DUMP_OPTIONS);

/** Strings each of which some part of js-yaml's choice of style treats specially. */
const HOSTILE = [
  "",
  " ",
  "on",
  "Off",
  "y",
  "NO",
  "true",
  "False",
  "null",
  "Null",
  "~",
  "1_000",
  "20240101_1200",
  "1:20",
  "190:20:30",
  "0x1F",
  "0o17",
  "0b101",
  "1e3",
  "1.5",
  ".5",
  ".inf",
  "-.Inf",
  ".NaN",
  "2024-01-01",
  "2024-1-5 10:00",
  "<<",
  "=",
  "- x",
  "-x",
  "-",
  "? x",
  "a: b",
  "a:b",
  "a:",
  "http://example.com/a#b",
  "a #b",
  "a#b",
  "#",
  "'",
  "it's",
  '"',
  'say "hi"',
  "\\",
  "{",
  "}",
  "[a]",
  "a, b",
  "*ref",
  "&anchor",
  "!tag",
  "%TAG",
  "@user",
  "`cmd`",
  "|",
  ">",
  "a\nb",
  "a\n",
  "a\n\n",
  "\n",
  "\n\n",
  "\na",
  " a\nb",
  "\n a",
  "a\n\nb\n",
  "trailing ",
  " leading",
  "a\tb",
  "\t",
  "a\rb",
  "a\r\nb",
  "\u0000",
  "\u0007\u001b",
  "\u0085",
  "\u00a0",
  "\u2028",
  "\ufeff",
  "\ufffe",
  "é",
  "naïve café",
  "日本語",
  "😀",
  "a😀",
  "\ud800",
  "a\udc00",
  "\ud83d",
  "x".repeat(2000),
  "'".repeat(600),
  "deploy:site-a",
  "instance-site-a",
  ".grove-deploy",
  "$CI_COMMIT_SHA",
  "${X}",
];

/** Characters that decide styles: indicators, spaces, breaks, escapes, wide and lone units. */
const CHARACTERS = [
  ..."ab0123456789_:.,-+eExo~#'\"\\{}[]*&!%@`|>?=< \t\n\r",
  "\u0000",
  "\u0085",
  "\u00a0",
  "\u2028",
  "\ufeff",
  "é",
  "😀",
  "\ud800",
  "\udc00",
];

const hostile: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...HOSTILE),
  fc.string({ unit: fc.constantFrom(...CHARACTERS), maxLength: 16 }),
  fc.string({ unit: "grapheme", maxLength: 8 }),
  fc.string({ unit: "binary", maxLength: 8 }),
  // Keys of more than 1024 characters are written as explicit `? key` pairs.
  fc
    .tuple(fc.constantFrom(...HOSTILE), fc.integer({ min: 1000, max: 1100 }))
    .map(([text, length]) => text.padEnd(length, "x")),
);

const number: fc.Arbitrary<number> = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -0, 1e21, 5e-100, 1.5e300, -1e-7, Number.MAX_SAFE_INTEGER),
);

const value = fc.letrec<{ value: YamlValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    hostile,
    number,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(hostile, tie("value"), { maxKeys: 4 }),
  ),
})).value;

describe("emitYaml", () => {
  it("writes exactly what js-yaml's dump writes with DUMP_OPTIONS, for any value", () => {
    fc.assert(
      fc.property(value, (v) => {
        expect(emitYaml(v)).toBe(dumped(v));
      }),
      { numRuns: 3000 },
    );
  });

  it("writes every hostile string as js-yaml does, as a key and as a value at any depth", () => {
    for (const text of HOSTILE) {
      for (const v of [
        text,
        { [text]: text },
        [text, [text], { [text]: [text] }],
        { a: { b: [{ c: text, [text]: { d: text } }] } },
      ]) {
        expect(emitYaml(v), JSON.stringify(text)).toBe(dumped(v));
      }
    }
  });

  it("writes block scalars, empty collections and numbers as js-yaml does", () => {
    const doc: YamlValue = {
      stages: ["a", "b"],
      job: {
        script: ["echo 1\necho 2\n", " indented\nnext"],
        needs: [],
        variables: {},
        nested: [[], {}, [["x"]], [{ k: "a\nb" }]],
        numbers: [0, -0, 1.5, -2, 1e21, 5e-100, Number.NaN, Number.POSITIVE_INFINITY],
        flags: [true, false, null],
      },
    };
    const text = emitYaml(doc);
    expect(text).toBe(dumped(doc));
    // A block scalar is indented two more than the `- ` it follows, with an indicator when its
    // first line starts with a space.
    expect(text).toContain("    - |\n      echo 1\n      echo 2\n    - |2-\n       indented\n");
    expect(text).toContain("  needs: []\n  variables: {}\n");
  });

  it("keeps keys in the object's own order, integer-like keys first as JavaScript lists them", () => {
    const doc = { b: "1", 10: "2", a: "3", 2: "4" };
    expect(emitYaml(doc)).toBe("'2': '4'\n'10': '2'\nb: '1'\na: '3'\n");
    expect(emitYaml(doc)).toBe(dumped(doc));
  });
});
