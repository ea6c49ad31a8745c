import { execFileSync } from "node:child_process";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { shellQuote } from "./shellQuote.js";

/** What a real POSIX shell makes of the quoted word. */
function throughShell(word: string): string {
  return execFileSync("sh", ["-c", `printf '%s' ${word}`], { encoding: "utf8" });
}

describe("shellQuote", () => {
  it("leaves plain words bare and quotes the rest", () => {
    expect(shellQuote("--output=shard-1.yml")).toBe("--output=shard-1.yml");
    expect(shellQuote("a b")).toBe("'a b'");
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(shellQuote("")).toBe("''");
  });

  it("gives back exactly the argument through sh, whatever it holds", () => {
    const text = fc.string({ unit: "grapheme", minLength: 0, maxLength: 30 });
    const nasty = fc.constantFrom("$HOME", "`id`", "$(id)", "'", '"', "\\", "a b", "*", "\n", "-n");
    fc.assert(
      fc.property(fc.oneof(text, nasty), (arg) => {
        expect(throughShell(shellQuote(arg))).toBe(arg);
      }),
      { numRuns: 40 },
    );
  });
});
