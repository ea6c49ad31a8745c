import { describe, expect, it } from "vitest";
import { loadYaml11 } from "./yaml11Reader.js";

/** Whether the reader takes `word`, written plain, for anything but the string itself. */
const notString = (word: string) => (loadYaml11(`k: ${word}\n`) as { k: unknown }).k !== word;

describe("the YAML 1.1 reader of the tests", () => {
  // What PyYAML 6.0.3 (`yaml.safe_load`) makes of each plain word: true when not a string
  // (`=` makes it fail, which is not a string either).
  const PYYAML: Record<string, boolean> = {
    on: true,
    yes: true,
    Yes: true,
    NO: true,
    off: true,
    y: false,
    n: false,
    "1_000": true,
    "20240101_1200": true,
    "1:20": true,
    "190:20:30": true,
    "0b101": true,
    "017": true,
    "0x1F": true,
    "1e3": false,
    "1.5e3": false,
    "1.0e+3": true,
    "=": true,
    "~": true,
    null: true,
    "2024-01-01": true,
    ".5": true,
    "+1": true,
    "1_0.5": true,
    ".inf": true,
    "-.inf": true,
    ".NaN": true,
    "0o17": false,
    "685_230.15": true,
    "1.2.3": false,
    "site-a": false,
    "quince.3": false,
    "1.": true,
    "+.": false,
    "._": false,
    "1._": true,
    ".1_": true,
    "1__": true,
    "-1_0": true,
    _1: false,
    "0": true,
    "-0": true,
    "12:30:45.5": true,
    "2001-12-14t21:59:43.10-05:00": true,
    "2001-12-14 21:59:43.10 -5": true,
  };

  it("reads plain words as PyYAML does", () => {
    const read = Object.fromEntries(Object.keys(PYYAML).map((w) => [w, notString(w)]));
    expect(read).toEqual(PYYAML);
  });

  it("reads as numbers and dates what Ruby's Psych (GitLab) does beyond PyYAML", () => {
    // psych/scalar_scanner.rb: `,` between digits, dates with one-digit months and days.
    for (const word of ["1,000", "2024-1-5"]) expect(notString(word), word).toBe(true);
  });
});
