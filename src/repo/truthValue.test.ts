import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseBatchUpgradeDisabled } from "./truthValue.js";

const TRUE_WORDS = ["true", "yes", "on", "1"];
const FALSE_WORDS = ["false", "no", "off", "0"];

/** Randomly upper-cases letters of a word. */
const anyCase = (word: string) =>
  fc
    .array(fc.boolean(), { minLength: word.length, maxLength: word.length })
    .map((ups) => [...word].map((c, i) => (ups[i] === true ? c.toUpperCase() : c)).join(""));

describe("parseBatchUpgradeDisabled", () => {
  it("reads booleans as they are", () => {
    expect(parseBatchUpgradeDisabled(true)).toBe(true);
    expect(parseBatchUpgradeDisabled(false)).toBe(false);
  });

  it.each(["true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON", "1"])(
    "reads the string %j as true",
    (word) => expect(parseBatchUpgradeDisabled(word)).toBe(true),
  );

  it.each(["false", "False", "no", "NO", "off", "Off", "0"])(
    "reads the string %j as false",
    (word) => expect(parseBatchUpgradeDisabled(word)).toBe(false),
  );

  it("reads the integers 1 and 0 like the strings", () => {
    expect(parseBatchUpgradeDisabled(1)).toBe(true);
    expect(parseBatchUpgradeDisabled(0)).toBe(false);
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
    expect(parseBatchUpgradeDisabled(value)).toBeUndefined();
  });

  it("ignores case for every truth word", () => {
    const word = fc.constantFrom(...TRUE_WORDS, ...FALSE_WORDS);
    fc.assert(
      fc.property(
        word.chain((w) => anyCase(w).map((written) => [w, written] as const)),
        ([w, written]) => parseBatchUpgradeDisabled(written) === TRUE_WORDS.includes(w),
      ),
    );
  });

  it("accepts no string outside the truth words", () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const known = [...TRUE_WORDS, ...FALSE_WORDS].includes(s.toLowerCase());
        return (parseBatchUpgradeDisabled(s) !== undefined) === known;
      }),
    );
  });
});
