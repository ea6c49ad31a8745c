import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  closestWord,
  describeCharacter,
  editDistance,
  excerpt,
  isBidiControl,
  isControl,
  QUOTE_LIMIT,
  quoteText,
  sanitizeForTerminal,
  suggestNames,
  withoutControls,
} from "./text.js";

describe("editDistance", () => {
  it.each([
    ["", "", 0],
    ["abc", "", 3],
    ["kitten", "sitting", 3],
    ["site-a", "site-b", 1],
    ["ab", "ba", 1],
    ["acme", "amce", 1],
  ])("%j to %j is %i", (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });

  it("is a metric-like distance: zero only for equal strings, symmetric", () => {
    const s = fc.string({ maxLength: 8 });
    fc.assert(
      fc.property(s, s, (a, b) => {
        expect(editDistance(a, b) === 0).toBe(a === b);
        expect(editDistance(a, b)).toBe(editDistance(b, a));
        expect(editDistance(a, b)).toBeLessThanOrEqual(Math.max(a.length, b.length));
      }),
    );
  });
});

const KEYS = ["canary", "canaryInstances", "waveSize"];

describe("closestWord", () => {
  it("matches another case", () => expect(closestWord("wavesize", KEYS)).toBe("waveSize"));
  it("matches a small typo", () => expect(closestWord("wavSize", KEYS)).toBe("waveSize"));
  it("picks the closest", () => expect(closestWord("canari", KEYS)).toBe("canary"));
  it("does not guess wildly", () => expect(closestWord("parallel", KEYS)).toBeUndefined());
  it("does not match short words to anything", () =>
    expect(closestWord("ab", ["cd", "xy"])).toBeUndefined());
  it("has nothing to offer without candidates", () =>
    expect(closestWord("waveSize", [])).toBeUndefined());
});

const NAMES = ["acme-university", "beta-college", "site-a", "site-b", "site-c", "zeta"];

describe("suggestNames", () => {
  it("suggests the full name for an abbreviation", () => {
    expect(suggestNames("acme-univ", NAMES)).toEqual(["acme-university"]);
  });

  it("lists the close ones, closest first, then alphabetically", () => {
    expect(suggestNames("site-d", NAMES)).toEqual(["site-a", "site-b", "site-c"]);
    expect(suggestNames("sit-b", NAMES)).toEqual(["site-b", "site-a", "site-c"]);
  });

  it("honours max", () => {
    expect(suggestNames("site-d", NAMES, 2)).toEqual(["site-a", "site-b"]);
    expect(suggestNames("site-d", NAMES, 0)).toEqual([]);
  });

  it("puts a different-case spelling first", () => {
    expect(suggestNames("Site-B", NAMES)[0]).toBe("site-b");
  });

  it("catches swapped letters", () => {
    expect(suggestNames("beta-colelge", NAMES)).toEqual(["beta-college"]);
  });

  it("offers nothing when nothing is reasonably close", () => {
    expect(suggestNames("production", NAMES)).toEqual([]);
    expect(suggestNames("xy", NAMES)).toEqual([]);
    expect(suggestNames("site-a", [])).toEqual([]);
  });

  it("never suggests the name itself and never repeats a candidate", () => {
    expect(suggestNames("site-a", ["site-a", "site-b", "site-b"])).toEqual(["site-b"]);
  });

  it("only returns candidates, at most max of them, deterministically", () => {
    const name = fc.stringMatching(/^[a-c-]{1,6}$/);
    fc.assert(
      fc.property(name, fc.array(name, { maxLength: 12 }), fc.nat(4), (n, cands, max) => {
        const out = suggestNames(n, cands, max);
        expect(out.length).toBeLessThanOrEqual(max);
        for (const s of out) expect(cands).toContain(s);
        expect(new Set(out).size).toBe(out.length);
        expect(suggestNames(n, [...cands].reverse(), max)).toEqual(out);
      }),
    );
  });
});

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

describe("sanitizeForTerminal", () => {
  it("keeps ordinary text, tabs and newlines", () => {
    expect(sanitizeForTerminal("deploy:site-a\tok\nnext é")).toBe("deploy:site-a\tok\nnext é");
  });

  it("shows ANSI escapes, carriage returns and bidi overrides as visible escapes", () => {
    expect(sanitizeForTerminal("a\u001b[31mred\r\u202eevil\u200b")).toBe(
      "a\\x1b[31mred\\x0d\\u202eevil\\u200b",
    );
  });
});

describe("withoutControls", () => {
  it("turns every control character into a space and keeps the rest", () => {
    expect(withoutControls("a\nb\u001b[1m\u0085c\u202e")).toBe("a b [1m c\u202e");
  });
});

describe("sanitizeForTerminal in one scan (issue 14, point 6)", () => {
  /** The rule character by character, as it was written before: the one scan must agree. */
  function reference(text: string): string {
    let out = "";
    for (const ch of text) {
      const code = ch.codePointAt(0) ?? 0;
      const zeroWidth = (code >= 0x200b && code <= 0x200d) || code === 0xfeff;
      const unsafe =
        (isControl(code) && code !== 0x09 && code !== 0x0a) || isBidiControl(code) || zeroWidth;
      if (!unsafe) out += ch;
      else if (code <= 0xff) out += `\\x${code.toString(16).padStart(2, "0")}`;
      else out += `\\u${code.toString(16).padStart(4, "0")}`;
    }
    return out;
  }

  it("escapes exactly what the character rule escapes", () => {
    const special = fc.constantFrom(
      ..."\u0000\u0007\t\n\u001b\u007f\u0085\u009b\u200b\u200d\u200e\u202e\u2066\u2069\ufeffaé€",
      "😀",
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(special, fc.string({ unit: "grapheme" }))), (parts) => {
        const text = parts.join("");
        expect(sanitizeForTerminal(text)).toBe(reference(text));
      }),
    );
  });
});

describe("excerpt", () => {
  it("keeps short text and cuts long text, saying how long it was", () => {
    expect(excerpt("abc", 5)).toBe("abc");
    expect(excerpt("a".repeat(2000), 5)).toBe("aaaaa... (2,000 characters in all)");
  });

  it("never cuts a character in two", () => {
    expect(excerpt("ab😀cd", 3)).toBe("ab... (6 characters in all)");
  });
});
