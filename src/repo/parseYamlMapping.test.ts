import { describe, expect, it } from "vitest";
import { describeYamlValue } from "./describeYamlValue.js";
import { parseYamlMapping } from "./parseYamlMapping.js";

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
});
