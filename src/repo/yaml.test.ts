import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  describeYamlValue,
  findKeyLine,
  parseYamlMapping,
  quotingMakesText,
  truthValue,
  writtenValue,
} from "./yaml.js";

const FILE = "instances/a/config.yml";
const strict = { emptyIsMapping: false };

describe("parseYamlMapping", () => {
  it("parses a mapping", () => {
    const r = parseYamlMapping("A: 1\nB: two\n", FILE, strict);
    expect(r).toEqual({ ok: true, value: { A: 1, B: "two" }, warnings: [] });
  });

  it("reports a syntax error at its 1-based line and column", () => {
    const r = parseYamlMapping("A: 1\nB: [x\nC: 2\n", FILE, strict);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ code: "yaml-syntax", file: FILE, line: 3 });
    expect(r.diagnostics[0]?.fileColumn).toBeGreaterThanOrEqual(1);
  });

  it("reports a duplicated key where the duplicate is", () => {
    const r = parseYamlMapping("A: 1\nA: 2\n", FILE, strict);
    expect(r.ok ? null : r.diagnostics[0]).toMatchObject({
      code: "yaml-syntax",
      line: 2,
      fileColumn: 1,
    });
    expect(r.ok ? "" : r.diagnostics[0]?.message).toContain("duplicated mapping key");
  });

  it("reports several documents without a position", () => {
    const r = parseYamlMapping("A: 1\n---\nB: 2\n", FILE, strict);
    expect(r.ok ? null : r.diagnostics[0]).toMatchObject({ code: "yaml-syntax", file: FILE });
  });

  it.each([
    ["a list", "- a\n- b\n", "a list"],
    ["a scalar", "hello\n", 'the text "hello"'],
    ["a number", "42\n", "the number 42"],
  ])("refuses %s", (_label, text, words) => {
    const r = parseYamlMapping(text, FILE, strict);
    expect(r.ok ? null : r.diagnostics[0]).toMatchObject({ code: "not-a-mapping", file: FILE });
    expect(r.ok ? "" : r.diagnostics[0]?.message).toContain(words);
  });

  it.each([
    ["at the start", "- a\n", 1, 1],
    ["after comments and blank lines", "# Tutor config\n\n  # more\n- a\n- b\n", 4, 1],
    ["after a directive and a document marker", "%YAML 1.2\n---\n  hello\n", 3, 3],
    ["on the document marker's line", "--- [a, b]\n", 1, 1],
  ])("points at the document's first line of content %s", (_label, text, line, fileColumn) => {
    const r = parseYamlMapping(text, FILE, strict);
    expect(r.ok ? null : r.diagnostics[0]).toMatchObject({
      code: "not-a-mapping",
      line,
      fileColumn,
    });
  });

  it("treats an empty document as an empty mapping only when asked", () => {
    expect(parseYamlMapping("# nothing\n", FILE, { emptyIsMapping: true })).toMatchObject({
      ok: true,
      value: {},
    });
    const r = parseYamlMapping("", FILE, strict);
    expect(r.ok ? null : r.diagnostics[0]).toMatchObject({ code: "not-a-mapping", file: FILE });
  });
});

describe("describeYamlValue", () => {
  it.each([
    [null, "nothing (null)"],
    [[1], "a list"],
    [{}, "a mapping"],
    [true, "the boolean true"],
    [1.5, "the number 1.5"],
    [new Date("2024-01-02T00:00:00Z"), "the date 2024-01-02"],
    ["x".repeat(50), `the text "${"x".repeat(37)}..."`],
  ])("describes %j", (value, words) => expect(describeYamlValue(value)).toBe(words));

  it("tells binary data from a mapping", () => {
    expect(describeYamlValue(new Uint8Array([104, 105]))).toBe("binary data (!!binary)");
  });

  it("tells a date as written when it does not exist, since js-yaml rolls it over", () => {
    const parsed = parseYamlMapping("V: 2024-13-45  # comment\n", FILE, strict);
    const value = parsed.ok ? parsed.value["V"] : null;
    expect(value).toBeInstanceOf(Date);
    const written = writtenValue("V: 2024-13-45  # comment\n", { line: 1, fileColumn: 1 });
    expect(written).toBe("2024-13-45");
    expect(describeYamlValue(value, written)).toBe(
      "2024-13-45, which YAML reads as a date that does not exist (Grove cannot load the file)",
    );
    expect(describeYamlValue(new Date("2024-02-29T00:00:00Z"), "2024-02-29")).toBe(
      "the date 2024-02-29",
    );
  });

  it("offers quotes only where quoting makes text", () => {
    expect([1, true, new Date(0), [1], {}, new Uint8Array(1), null].map(quotingMakesText)).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
  });
});

const TEXT = [
  "# settings", //                       1
  "instancesDir: instances", //          2
  "batch:", //                           3
  "  # rollout", //                      4
  "  canary: 1", //                      5
  "  waveSize: 25", //                   6
  "limits:", //                          7
  '  "maxJobsPerPipeline": 500', //    8
  "  'maxNeedsPerJob': 50", //           9
  "deployBranches:", //                 10
  "  - main", //                        11
  "  - release", //                     12
  "manual: {deploy: true}", //          13
  "waveSize: 3", //                     14
].join("\n");

describe("findKeyLine", () => {
  it("finds a top-level key", () => {
    expect(findKeyLine(TEXT, ["instancesDir"])).toEqual({ line: 2, fileColumn: 1 });
  });

  it("finds a nested key inside its own section only", () => {
    expect(findKeyLine(TEXT, ["batch", "waveSize"])).toEqual({ line: 6, fileColumn: 3 });
    expect(findKeyLine(TEXT, ["waveSize"])).toEqual({ line: 14, fileColumn: 1 });
  });

  it("finds quoted keys", () => {
    expect(findKeyLine(TEXT, ["limits", "maxJobsPerPipeline"])).toEqual({ line: 8, fileColumn: 3 });
    expect(findKeyLine(TEXT, ["limits", "maxNeedsPerJob"])).toEqual({ line: 9, fileColumn: 3 });
  });

  it("finds list entries by index", () => {
    expect(findKeyLine(TEXT, ["deployBranches", 1])).toEqual({ line: 12, fileColumn: 3 });
  });

  it("finds list entries written at the key's own indentation", () => {
    expect(findKeyLine("a:\n- x\n- y\nb: 1\n", ["a", 1])).toEqual({ line: 3, fileColumn: 1 });
  });

  it("falls back to the deepest key found (flow style)", () => {
    expect(findKeyLine(TEXT, ["manual", "deploy"])).toEqual({ line: 13, fileColumn: 1 });
  });

  it("does not take a key of another section", () => {
    expect(findKeyLine(TEXT, ["limits", "canary"])).toEqual({ line: 7, fileColumn: 1 });
  });

  it("does not match a key that only starts the same way", () => {
    expect(findKeyLine("batchSize: 1\nbatch: 2\n", ["batch"])).toEqual({ line: 2, fileColumn: 1 });
  });

  it("is empty when the first key is absent", () => {
    expect(findKeyLine(TEXT, ["image"])).toEqual({});
    expect(findKeyLine("", ["image"])).toEqual({});
  });
});

const TRUE_WORDS = ["true", "yes", "on", "1"];
const FALSE_WORDS = ["false", "no", "off", "0"];

/** Randomly upper-cases letters of a word. */
const anyCase = (word: string) =>
  fc
    .array(fc.boolean(), { minLength: word.length, maxLength: word.length })
    .map((ups) => [...word].map((c, i) => (ups[i] === true ? c.toUpperCase() : c)).join(""));

describe("truthValue", () => {
  it("reads booleans as they are", () => {
    expect(truthValue(true)).toBe(true);
    expect(truthValue(false)).toBe(false);
  });

  it.each(["true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON", "1"])(
    "reads the string %j as true",
    (word) => expect(truthValue(word)).toBe(true),
  );

  it.each(["false", "False", "no", "NO", "off", "Off", "0"])(
    "reads the string %j as false",
    (word) => expect(truthValue(word)).toBe(false),
  );

  it("reads the integers 1 and 0 like the strings", () => {
    expect(truthValue(1)).toBe(true);
    expect(truthValue(0)).toBe(false);
  });

  it.each([
    ["maybe", "maybe"],
    ["the integer 2", 2],
    ["a fraction", 1.5],
    ["a list", [true]],
    ["a mapping", { value: true }],
    ["null", null],
    ["undefined", undefined],
    ["the empty string", ""],
    ["a padded word", " yes"],
    ["y (not a YAML 1.1 boolean in PyYAML)", "y"],
    ["a date", new Date(0)],
  ])("rejects %s", (_label, value) => {
    expect(truthValue(value)).toBeUndefined();
  });

  it("ignores case for every truth word", () => {
    const word = fc.constantFrom(...TRUE_WORDS, ...FALSE_WORDS);
    fc.assert(
      fc.property(
        word.chain((w) => anyCase(w).map((written) => [w, written] as const)),
        ([w, written]) => truthValue(written) === TRUE_WORDS.includes(w),
      ),
    );
  });

  it("accepts no string outside the truth words", () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const known = [...TRUE_WORDS, ...FALSE_WORDS].includes(s.toLowerCase());
        return (truthValue(s) !== undefined) === known;
      }),
    );
  });
});
