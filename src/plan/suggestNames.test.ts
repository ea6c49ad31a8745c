import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { suggestNames } from "./suggestNames.js";

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
