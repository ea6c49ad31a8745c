import { describe, expect, it } from "vitest";
import { columnOfEntry } from "./columnOfEntry.js";

describe("columnOfEntry", () => {
  it("finds an instance name as a whole list entry", () => {
    const title = "[AutoDeploy][Update] demo-2|4,demo";
    expect(columnOfEntry(title, "demo")).toBe(title.lastIndexOf("demo") + 1);
    expect(columnOfEntry(title, "demo-2")).toBe(22);
  });

  it("finds a target whole, or by its repository when spaced differently", () => {
    const title = "[AutoDeploy][Batch][Upgrade] https://x/e.git|v1, https://y/e.git | v2";
    expect(columnOfEntry(title, "https://x/e.git|v1")).toBe(30);
    expect(columnOfEntry(title, "https://y/e.git|v2")).toBe(title.indexOf("https://y") + 1);
  });

  it("reads the title of a merge commit and counts characters, not UTF-16 units", () => {
    const message = "Merge branch 'x' into 'main'\n\n[AutoDeploy][Archive] 🚀,site\n";
    expect(columnOfEntry(message, "site")).toBe(25);
  });

  it("answers for each message when several are asked about in turn", () => {
    const plain = "[AutoDeploy][Update] a,site";
    const astral = "[AutoDeploy][Archive] \u{1F680},site";
    expect(columnOfEntry(plain, "site")).toBe(24);
    expect(columnOfEntry(astral, "site")).toBe(25);
    expect(columnOfEntry(plain, "site")).toBe(24);
    expect(columnOfEntry(astral, "\u{1F680}")).toBe(23);
  });

  it("is undefined when the entry is not in the title", () => {
    expect(columnOfEntry("[AutoDeploy][Update] demo", "dem")).toBeUndefined();
    expect(columnOfEntry("[AutoDeploy][Update] demo", "other")).toBeUndefined();
  });
});
