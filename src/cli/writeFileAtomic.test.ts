import { mkdirSync, readdirSync, readFileSync, symlinkSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { removeTempDirs, tempTree } from "../../test/support/tempTree.js";
import { OutputError, writeFileAtomic } from "./writeFileAtomic.js";

afterEach(() => {
  vi.restoreAllMocks();
  removeTempDirs();
});

/** The temporary name writeFileAtomic draws when Math.random returns `r`. */
const temporaryName = (base: string, r: number): string =>
  `.${base}.${process.pid}.${r.toString(36).slice(2, 12)}.tmp`;

describe("writeFileAtomic", () => {
  it("replaces the file whole and leaves no temporary file", () => {
    const dir = tempTree("out", { "out.yml": "old\n" });
    writeFileAtomic(path.join(dir, "out.yml"), "new\n");
    expect(readFileSync(path.join(dir, "out.yml"), "utf8")).toBe("new\n");
    expect(readdirSync(dir)).toEqual(["out.yml"]);
  });

  it("never writes through a symbolic link planted under the temporary file's name", () => {
    const dir = tempTree("out", { "victim.txt": "keep\n" });
    const victim = path.join(dir, "victim.txt");
    const planted = temporaryName("out.yml", 0.25);
    symlinkSync(victim, path.join(dir, planted));
    // The first name drawn is the planted one; the write must take the next instead.
    vi.spyOn(Math, "random").mockReturnValueOnce(0.25).mockReturnValueOnce(0.75);
    writeFileAtomic(path.join(dir, "out.yml"), "pipeline\n");
    expect(readFileSync(victim, "utf8")).toBe("keep\n");
    expect(readFileSync(path.join(dir, "out.yml"), "utf8")).toBe("pipeline\n");
    expect(readdirSync(dir).sort()).toEqual([planted, "out.yml", "victim.txt"].sort());
  });

  it("leaves no temporary file when the rename fails", () => {
    const dir = tempTree("out", {});
    // A folder where the output should go: the temporary file is written, the rename fails.
    mkdirSync(path.join(dir, "out.yml"));
    expect(() => writeFileAtomic(path.join(dir, "out.yml"), "x")).toThrow(OutputError);
    expect(readdirSync(dir)).toEqual(["out.yml"]);
  });

  it("names the path and the cause when the folder does not exist", () => {
    const dir = tempTree("out", {});
    const file = path.join(dir, "no", "such", "out.yml");
    expect(() => writeFileAtomic(file, "x", { shown: "no/such/out.yml" })).toThrow(
      "cannot write no/such/out.yml: no such file or directory (ENOENT)",
    );
  });
});
