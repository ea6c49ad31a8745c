import { describe, expect, it } from "vitest";
import { didYouMean } from "./didYouMean.js";

const KEYS = ["canary", "canaryInstances", "waveSize"];

describe("didYouMean", () => {
  it("matches another case", () => expect(didYouMean("wavesize", KEYS)).toBe("waveSize"));
  it("matches a small typo", () => expect(didYouMean("wavSize", KEYS)).toBe("waveSize"));
  it("picks the closest", () => expect(didYouMean("canari", KEYS)).toBe("canary"));
  it("does not guess wildly", () => expect(didYouMean("parallel", KEYS)).toBeUndefined());
  it("does not match short words to anything", () =>
    expect(didYouMean("ab", ["cd", "xy"])).toBeUndefined());
  it("has nothing to offer without candidates", () =>
    expect(didYouMean("waveSize", [])).toBeUndefined());
});
