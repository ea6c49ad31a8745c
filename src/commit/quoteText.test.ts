import { describe, expect, it } from "vitest";
import { describeCharacter, QUOTE_LIMIT, quoteText } from "./quoteText.js";

describe("quoteText", () => {
  it("quotes printable ASCII as written", () => {
    expect(quoteText("site-a|42")).toBe("'site-a|42'");
  });

  it("escapes everything outside printable ASCII, so messages stay one visible line", () => {
    expect(quoteText("a\nb\r\u001b[1m\u202e\u0430\u{1F600}")).toBe(
      "'a\\u{A}b\\u{D}\\u{1B}[1m\\u{202E}\\u{430}\\u{1F600}'",
    );
  });

  it("truncates long text to the limit, counting code points", () => {
    expect(quoteText("x".repeat(100))).toBe(`'${"x".repeat(QUOTE_LIMIT)}...'`);
    expect(quoteText("x".repeat(QUOTE_LIMIT))).toBe(`'${"x".repeat(QUOTE_LIMIT)}'`);
    expect(quoteText("\u{1F600}".repeat(3), 2)).toBe("'\\u{1F600}\\u{1F600}...'");
  });
});

describe("describeCharacter", () => {
  it.each([
    ["|", "'|'"],
    [" ", "a space"],
    ["\t", "a tab"],
    ["\u0430", "U+0430"],
    ["\u{1F600}", "U+1F600"],
    ["\u0000", "U+0000"],
  ])("names %j as %s", (ch, name) => expect(describeCharacter(ch)).toBe(name));
});
