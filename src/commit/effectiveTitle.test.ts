import { describe, expect, it } from "vitest";
import { effectiveTitle } from "./effectiveTitle.js";

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
