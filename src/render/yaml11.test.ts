import fc from "fast-check";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { loadYaml11 } from "../../test/support/yaml11Reader.js";
import { DUMP_OPTIONS } from "./gitlabRenderer.js";
import { literalVariables } from "./yamlValue.js";
import { dumpSchemaResolves, yaml11ReadsOtherwise } from "./yaml11.js";

/** Characters that make up YAML 1.1 numbers, truth words, dates and nulls. */
const LOOKALIKE = fc.string({
  unit: fc.constantFrom(..."0123456789_,:.+-eExXbBoO nNyYsSfFtTlLuUrRaA~=<".split("")),
  maxLength: 12,
});

describe("what we write means the same to a YAML 1.1 reader", () => {
  it("quotes the values GitLab's and Grove's readers would take for numbers or truth values", () => {
    for (const word of [
      "on",
      "1_000",
      "20240101_1200",
      "1:20",
      "685_230.15",
      "1,000",
      "2024-1-5",
    ]) {
      expect(yaml11ReadsOtherwise(word), word).toBe(true);
      expect(yaml.dump({ k: word }, DUMP_OPTIONS)).toBe(`k: '${word}'\n`);
    }
    // Words that are text to every reader stay plain.
    for (const word of ["site-a", "open-release/quince.3", "1.2.3", "deploy-7f3a", "1e3x"]) {
      expect(yaml11ReadsOtherwise(word), word).toBe(false);
      expect(yaml.dump({ k: word }, DUMP_OPTIONS)).toBe(`k: ${word}\n`);
    }
  });

  it("reads back every string written as a variable value or a key as that string", () => {
    fc.assert(
      fc.property(LOOKALIKE, LOOKALIKE, (value, key) => {
        const doc = { [`job ${key}`]: { variables: literalVariables({ V: value }) }, [key]: "x" };
        const text = yaml.dump(doc, DUMP_OPTIONS);
        expect(loadYaml11(text)).toEqual(yaml.load(text));
        expect(yaml.load(text)).toEqual(doc);
      }),
      { numRuns: 2000 },
    );
  });

  it("knows which plain strings js-yaml quotes with the dump schema, its own types and ours", () => {
    // js-yaml's YAML 1.2 types (octal `0o17`, `.inf`, null, timestamps) and the YAML 1.1 rule.
    for (const word of ["0o17", ".inf", "null", "~", "2024-01-01", "<<", "true", "1_000", "on"]) {
      expect(dumpSchemaResolves(word), word).toBe(true);
      expect(yaml.dump(word, DUMP_OPTIONS)).toBe(`'${word}'\n`);
    }
    for (const word of ["site-a", "open-release/quince.3", "deploy:site-a", ".grove-deploy"]) {
      expect(dumpSchemaResolves(word), word).toBe(false);
      expect(yaml.dump(word, DUMP_OPTIONS)).toBe(`${word}\n`);
    }
  });
});
