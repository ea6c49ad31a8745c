import { describe, expect, it } from "vitest";
import { effectiveTitle, MAX_TITLE_ERRORS, TitleRecord } from "./title.js";

describe("effectiveTitle", () => {
  it.each([
    ["[AutoDeploy][Update] a", "[AutoDeploy][Update] a", 1],
    ["[AutoDeploy][Update] a\n\nbody [AutoDeploy][Delete] b", "[AutoDeploy][Update] a", 1],
    ["title\r\nsecond", "title", 1],
    ["title\rhidden", "title", 1],
    ["", "", 1],
    ["\n\n  \nreal title\nbody", "real title", 4],
    ["\n \t\n", "", 3],
    ["\uFEFF[AutoDeploy][Update] a", "[AutoDeploy][Update] a", 1],
    ["  indented\nx", "  indented", 1],
  ])("reads %j as %j (line %d)", (message, title, line) => {
    expect(effectiveTitle(message)).toEqual({ title, line });
  });

  it("reads a GitLab merge commit's merge request title", () => {
    const message = [
      "Merge branch 'feature/x' into 'main'",
      "",
      "[AutoDeploy][Update] site-a|42",
      "",
      "See merge request grove/cluster!12",
    ].join("\n");
    expect(effectiveTitle(message)).toEqual({ title: "[AutoDeploy][Update] site-a|42", line: 3 });
  });

  it("handles CRLF merge commits and white-space-only lines", () => {
    const message = "Merge branch 'a' into 'b'  \r\n \t \r\n[AutoDeploy][Delete] x\r\n";
    expect(effectiveTitle(message)).toEqual({ title: "[AutoDeploy][Delete] x", line: 3 });
  });

  it("keeps the merge title when nothing follows it", () => {
    expect(effectiveTitle("Merge branch 'a' into 'b'\n\n")).toEqual({
      title: "Merge branch 'a' into 'b'",
      line: 1,
    });
  });

  it.each([
    "Merge branch 'a'\n\n[AutoDeploy][Update] x", // git's own form, no merge request
    "Merge branch 'a' into 'b' now\n[AutoDeploy][Update] x",
    "merge branch 'a' into 'b'\n[AutoDeploy][Update] x",
    "Merge remote-tracking branch 'a' into 'b'\n[AutoDeploy][Update] x",
    "Revert \"Merge branch 'a' into 'b'\"\n[AutoDeploy][Update] x",
  ])("does not treat %j as a GitLab merge commit", (message) => {
    expect(effectiveTitle(message).line).toBe(1);
  });

  it("reads a hostile merge-like line without trouble", () => {
    const line = `Merge branch '${"' into '".repeat(20_000)}`;
    expect(effectiveTitle(`${line}\nnext`)).toEqual({ title: "next", line: 2 });
  });
});

describe("TitleRecord", () => {
  it("gives 1-based columns", () => {
    const record = new TitleRecord("abc");
    expect([0, 2, 3].map((i) => record.column(i))).toEqual([1, 3, 4]);
  });

  it("counts an astral character as one column", () => {
    const title = "\u{1F600}a\u{1F680}b";
    const record = new TitleRecord(title);
    expect(record.column(title.indexOf("a"))).toBe(2);
    expect(record.column(title.indexOf("b"))).toBe(4);
    expect(record.column(title.length)).toBe(5);
  });

  it("counts a lone surrogate as one column", () => {
    const record = new TitleRecord("\ud83dab");
    expect(record.column(2)).toBe(3);
  });

  it("lists errors in column order", () => {
    const record = new TitleRecord("0123456789");
    record.error("bad-text", 5, "second");
    record.error("bad-version", 1, "first");
    expect(record.diagnostics().map((d) => [d.code, d.column, d.severity])).toEqual([
      ["bad-version", 2, "error"],
      ["bad-text", 6, "error"],
    ]);
    expect(record.hasErrors).toBe(true);
  });

  it("caps the list and says how many were left out", () => {
    const record = new TitleRecord("x".repeat(1000));
    for (let i = 0; i < MAX_TITLE_ERRORS + 7; i++) record.error("bad-text", i, `problem ${i}`);
    const diagnostics = record.diagnostics();
    expect(diagnostics).toHaveLength(MAX_TITLE_ERRORS + 1);
    expect(diagnostics.at(-1)?.code).toBe("too-many-errors");
    expect(diagnostics.at(-1)?.message).toMatch(/^7 more problem/);
  });

  it("has no errors until one is added", () => {
    const record = new TitleRecord("");
    expect(record.hasErrors).toBe(false);
    expect(record.diagnostics()).toEqual([]);
  });

  it("records where each list entry starts, the first place of a repeat", () => {
    const record = new TitleRecord("\u{1F680} a,b|v,a");
    record.entry("a", 3);
    record.entry("b|v", 5);
    record.entry("a", 9);
    expect(record.entryColumn("a")).toBe(3);
    expect(record.entryColumn("b")).toBeUndefined();
    expect([...record.entryColumns()]).toEqual([
      ["a", 3],
      ["b|v", 5],
    ]);
  });
});
