import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ok, fail, error } from "../diagnostic.js";
import type { HistoryCommit } from "../repo/gitHistory.js";
import { foldHistory } from "./deploymentLedger.js";
import type { BatchSelector } from "./deploymentLedger.js";

let n = 0;
function c(message: string, changed: string[] = []): HistoryCommit {
  n += 1;
  return {
    sha: `c${n}`,
    date: `2026-01-${String(n).padStart(2, "0")}`,
    message,
    changedInstances: changed,
    files: [],
  };
}

const selectAll: BatchSelector = () => ok({ selected: ["a", "b"] });

describe("foldHistory", () => {
  it("clears an instance's pending changes at each request, and keeps later ones", () => {
    const commits = [
      c("Add a", ["a"]),
      c("[AutoDeploy][Update] a|7"),
      c("Tune a", ["a"]),
      c("Tune b", ["b"]),
    ];
    const ledger = foldHistory(commits, selectAll);
    if (!ledger.ok) throw new Error("fold failed");
    expect(ledger.value.instances.get("a")).toEqual({
      requests: [
        {
          commit: commits[1]?.sha,
          date: commits[1]?.date,
          kind: "update",
          deploymentId: "7",
          batch: false,
        },
      ],
      changedSince: [commits[2]?.sha],
    });
    expect(ledger.value.instances.get("b")).toEqual({
      requests: [],
      changedSince: [commits[3]?.sha],
    });
  });

  it("does not count a request's own changes as pending", () => {
    const ledger = foldHistory([c("[AutoDeploy][Create] a", ["a"])], selectAll);
    if (!ledger.ok) throw new Error("fold failed");
    expect(ledger.value.instances.get("a")?.changedSince).toEqual([]);
  });

  it("counts a batch for the instances its selector chose, without deployment ids", () => {
    const batch = c("[AutoDeploy][Batch][UpgradeTo] 1a2b3c4d");
    const ledger = foldHistory([batch], () => ok({ selected: ["b"] }));
    if (!ledger.ok) throw new Error("fold failed");
    expect([...ledger.value.instances.keys()]).toEqual(["b"]);
    expect(ledger.value.instances.get("b")?.requests[0]).toMatchObject({
      kind: "batch-upgrade-to",
      batch: true,
      deploymentId: null,
    });
  });

  it("lists invalid directives and failing batches as not counted", () => {
    const bad = c("[AutoDeploy][Updte] a");
    const failing = c("[AutoDeploy][Batch][Upgrade] https://x.example/r.git|v1");
    const ledger = foldHistory([bad, failing], () => ok({ failure: "matches nothing" }));
    if (!ledger.ok) throw new Error("fold failed");
    expect(ledger.value.uncounted.map((u) => u.commit)).toEqual([bad.sha, failing.sha]);
    expect(ledger.value.uncounted[1]?.reason).toBe(
      "its batch fails at that commit: matches nothing",
    );
    expect(ledger.value.instances.size).toBe(0);
  });

  it("ends with the selector's failure (git could not read the commit)", () => {
    const broken: BatchSelector = () => fail([error("git-failed", "git failed")]);
    const ledger = foldHistory([c("[AutoDeploy][Batch][UpgradeTo] 1a2b3c4d")], broken);
    expect(ledger.ok).toBe(false);
  });

  it("keeps exactly the changes after the last request (any history)", () => {
    const step = fc.record({
      request: fc.boolean(),
      changes: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), (steps) => {
        const commits = steps.map((s) =>
          c(s.request ? "[AutoDeploy][Update] a" : "edit", s.changes ? ["a"] : []),
        );
        const ledger = foldHistory(commits, selectAll);
        if (!ledger.ok) return false;
        const last = steps.map((s) => s.request).lastIndexOf(true);
        const expected = commits
          .filter((cm, i) => i > last && steps[i]?.changes)
          .map((cm) => cm.sha);
        const a = ledger.value.instances.get("a");
        return (
          (a?.changedSince ?? []).join() === expected.join() &&
          (a?.requests.length ?? 0) === steps.filter((s) => s.request).length
        );
      }),
    );
  });
});
