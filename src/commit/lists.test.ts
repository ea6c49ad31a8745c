import { describe, expect, it } from "vitest";
import {
  listEntries,
  parseInstanceList,
  parseTargetList,
  parseUpgradeToPayload,
  singleWord,
  splitPieces,
  trimmedPiece,
} from "./lists.js";
import { TitleRecord } from "./title.js";

describe("pieces", () => {
  it("trims a range and remembers where its text starts", () => {
    expect(trimmedPiece("ab  cd  ef", 2, 8)).toEqual({ text: "cd", start: 4, separatorAt: -1 });
  });

  it("splits at a separator, remembering each separator's place", () => {
    expect(splitPieces("a | b|", 0, 6, "|")).toEqual([
      { text: "a", start: 0, separatorAt: -1 },
      { text: "b", start: 4, separatorAt: 2 },
      { text: "", start: 6, separatorAt: 5 },
    ]);
  });
});

describe("listEntries", () => {
  it("ignores white space around entries", () => {
    const record = new TitleRecord("x  a , b\t,c ");
    expect(listEntries(record.title, 1, record, "names").map((e) => [e.text, e.start])).toEqual([
      ["a", 3],
      ["b", 7],
      ["c", 10],
    ]);
    expect(record.hasErrors).toBe(false);
  });

  it("reports an empty list", () => {
    const record = new TitleRecord("x   ");
    expect(listEntries(record.title, 1, record, "names")).toEqual([]);
    expect(record.diagnostics()).toMatchObject([{ code: "empty-list", column: 5 }]);
  });

  it("reports each empty entry at its place", () => {
    const record = new TitleRecord("a,,b, ,");
    expect(listEntries(record.title, 0, record, "names").map((e) => e.text)).toEqual(["a", "b"]);
    expect(record.diagnostics().map((d) => [d.code, d.column])).toEqual([
      ["empty-entry", 3],
      ["empty-entry", 7],
      ["empty-entry", 8],
    ]);
  });
});

describe("singleWord", () => {
  it("keeps the first word and reports the rest as trailing text", () => {
    const record = new TitleRecord("xx site-a please now");
    const word = singleWord({ text: "site-a please now", start: 3, separatorAt: -1 }, record);
    expect(word).toEqual({ text: "site-a", start: 3, separatorAt: -1 });
    expect(record.diagnostics()).toMatchObject([
      { code: "trailing-text", column: 11, message: expect.stringContaining("'please now'") },
    ]);
  });

  it("returns a one-word piece unchanged", () => {
    const record = new TitleRecord("abc");
    const piece = { text: "abc", start: 0, separatorAt: -1 };
    expect(singleWord(piece, record)).toBe(piece);
    expect(record.hasErrors).toBe(false);
  });
});

const NAMES_ONLY = "Archive and Delete take instance names only, without '|ID'";

function runInstances(list: string, withIds: boolean) {
  const record = new TitleRecord(`> ${list}`);
  const instances = parseInstanceList(record.title, 2, record, withIds ? null : NAMES_ONLY);
  return { instances, diagnostics: record.diagnostics().map((d) => [d.code, d.column]) };
}

describe("parseInstanceList", () => {
  it("reads names with and without ids", () => {
    expect(runInstances("a|1, b ,c | x-2", true)).toEqual({
      instances: [
        { name: "a", deploymentId: "1" },
        { name: "b", deploymentId: null },
        { name: "c", deploymentId: "x-2" },
      ],
      diagnostics: [],
    });
  });

  it("refuses ids where only names are allowed, saying why", () => {
    expect(runInstances("a,b|1", false).diagnostics).toEqual([["id-not-allowed", 6]]);
    const record = new TitleRecord("> b|1");
    parseInstanceList(record.title, 2, record, NAMES_ONLY);
    expect(record.diagnostics()[0]?.message).toBe(`'b|1': ${NAMES_ONLY}`);
  });

  it("keeps the first of duplicate names and points at the repeat", () => {
    const { instances, diagnostics } = runInstances("a|1,a|2", true);
    expect(instances).toEqual([{ name: "a", deploymentId: "1" }]);
    expect(diagnostics).toEqual([["duplicate-instance", 7]]);
  });

  it("treats names case-sensitively, as instance folders are", () => {
    expect(runInstances("Site,site", true).diagnostics).toEqual([]);
  });

  it("checks every entry", () => {
    expect(runInstances("a|, |1, b c, d|1|2, e|.x", true).diagnostics).toEqual([
      ["stray-pipe", 4],
      ["bad-instance-name", 7],
      ["trailing-text", 13],
      ["stray-pipe", 19],
      ["bad-deployment-id", 25],
    ]);
  });

  it("reads 10,000 entries", () => {
    const names = Array.from({ length: 10_000 }, (_, i) => `site-${i}`);
    const { instances, diagnostics } = runInstances(names.join(","), false);
    expect(diagnostics).toEqual([]);
    expect(instances.map((i) => i.name)).toEqual(names);
  });
});

function runTargets(list: string) {
  const record = new TitleRecord(`> ${list}`);
  const targets = parseTargetList(record.title, 2, record);
  return { targets, diagnostics: record.diagnostics().map((d) => [d.code, d.column]) };
}

describe("parseTargetList", () => {
  it("reads targets as written, white space around entries and '|' ignored", () => {
    expect(runTargets(" https://GitHub.com/o/r.git/ | main , git@h.io:o/r|v1.*")).toEqual({
      targets: [
        { repository: "https://GitHub.com/o/r.git/", version: "main" },
        { repository: "git@h.io:o/r", version: "v1.*" },
      ],
      diagnostics: [],
    });
  });

  it("counts only exact repeats as duplicates (normalising is the planner's job)", () => {
    expect(runTargets("r|v,r|v").diagnostics).toEqual([["duplicate-target", 7]]);
    expect(runTargets("r|v,r/|v,R|v").diagnostics).toEqual([]);
  });

  it("checks every entry", () => {
    expect(runTargets("r, |v, r|, a|b|c, $x|v, r|v w").diagnostics).toEqual([
      ["missing-version", 4],
      ["missing-repository", 6],
      ["missing-version", 12],
      ["stray-pipe", 17],
      ["bad-repository", 21],
      ["trailing-text", 31],
    ]);
  });

  it("reports an empty list", () => {
    expect(runTargets("").diagnostics).toEqual([["empty-list", 3]]);
  });
});

function runUpgradeTo(payload: string) {
  const record = new TitleRecord(`>${payload}`);
  const directive = parseUpgradeToPayload(record.title, 1, record);
  return { directive, diagnostics: record.diagnostics().map((d) => [d.code, d.column]) };
}

describe("parseUpgradeToPayload", () => {
  it("reads a hash alone as every eligible instance", () => {
    expect(runUpgradeTo(" abcdef1  ")).toEqual({
      directive: { kind: "batch-upgrade-to", commit: "abcdef1", targets: [] },
      diagnostics: [],
    });
  });

  it("reads targets after the hash", () => {
    expect(runUpgradeTo(" abcdef1 *|main,r|v").directive).toEqual({
      kind: "batch-upgrade-to",
      commit: "abcdef1",
      targets: [
        { repository: "*", version: "main" },
        { repository: "r", version: "v" },
      ],
    });
  });

  it("reports a missing hash, a bad hash and bad targets together", () => {
    expect(runUpgradeTo("").diagnostics).toEqual([["missing-commit-hash", 2]]);
    expect(runUpgradeTo(" abcdef1,r|v").diagnostics).toEqual([["bad-commit-hash", 10]]);
    expect(runUpgradeTo(" 0123 r").diagnostics).toEqual([
      ["bad-commit-hash", 3],
      ["missing-version", 9],
    ]);
  });
});

describe("entry columns", () => {
  it("records each accepted instance name where it starts", () => {
    const record = new TitleRecord("> a|1, b ,c@d,e");
    parseInstanceList(record.title, 2, record, null);
    expect([...record.entryColumns()]).toEqual([
      ["a", 3],
      ["b", 8],
      ["e", 15],
    ]);
  });

  it("records each target under REPO|VERSION, at its repository", () => {
    const record = new TitleRecord("> r|v, s | w,r|v");
    parseTargetList(record.title, 2, record);
    expect([...record.entryColumns()]).toEqual([
      ["r|v", 3],
      ["s|w", 8],
    ]);
  });

  it("counts code points, so an emoji before an entry is one column", () => {
    const record = new TitleRecord("[AutoDeploy][Archive] \u{1F680},site");
    parseInstanceList(record.title, 22, record, null);
    expect(record.entryColumn("site")).toBe(25);
    // A rejected entry has no column: the title fails before anything can be about it.
    expect(record.entryColumn("\u{1F680}")).toBeUndefined();
  });
});
