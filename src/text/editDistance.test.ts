import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { editDistance } from "./editDistance.js";

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
