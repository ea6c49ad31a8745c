import { describe, it, expect } from "vitest";
import fc from "fast-check";
import {
  baseImageJobNames,
  baseImageKeyId,
  fitJobName,
  MAX_JOB_NAME_LENGTH,
  shortHash,
} from "./plan.js";

describe("shortHash", () => {
  it("is eight hex digits, stable, and differs for different text", () => {
    expect(shortHash("")).toBe("811c9dc5");
    expect(shortHash("a")).toBe("e40c292c");
    expect(shortHash("abc")).toMatch(/^[0-9a-f]{8}$/);
    expect(shortHash("abc")).not.toBe(shortHash("abd"));
  });
});

describe("fitJobName", () => {
  it("leaves names that fit alone", () => {
    const name = "x".repeat(MAX_JOB_NAME_LENGTH);
    expect(fitJobName(name)).toBe(name);
  });

  it("shortens long names to the limit with a hash of the whole name", () => {
    const name = "base-image:" + "y".repeat(400);
    const fitted = fitJobName(name);
    expect(fitted).toHaveLength(MAX_JOB_NAME_LENGTH);
    expect(fitted.endsWith(`~${shortHash(name)}`)).toBe(true);
    expect(fitted.startsWith("base-image:yyy")).toBe(true);
  });

  it("never splits a surrogate pair", () => {
    const name = "a".repeat(245) + "😀".repeat(20);
    const fitted = fitJobName(name);
    expect(fitted.length).toBeLessThanOrEqual(MAX_JOB_NAME_LENGTH);
    const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
    expect(fitted).not.toMatch(loneSurrogate);
    expect(fitted.endsWith(`~${shortHash(name)}`)).toBe(true);
  });

  it("keeps long names that differ only at the end distinct", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 5 }),
        fc.string({ minLength: 1, maxLength: 5 }),
        (a, b) => {
          fc.pre(a !== b);
          const prefix = "z".repeat(300);
          expect(fitJobName(prefix + a)).not.toBe(fitJobName(prefix + b));
        },
      ),
    );
  });
});

describe("baseImageJobNames", () => {
  const names = (keys: { repository: string; ref: string }[]): string[] => {
    const map = baseImageJobNames(keys);
    return keys.map((k) => map.get(baseImageKeyId(k)) ?? "missing");
  };

  it("labels an image by repository path and ref", () => {
    expect(
      names([{ repository: "github.com/openedx/edx-platform", ref: "open-release/quince.3" }]),
    ).toEqual(["base-image:openedx/edx-platform@open-release/quince.3"]);
  });

  it("adds the host only where two hosts share a path", () => {
    expect(
      names([
        { repository: "github.com/openedx/edx-platform", ref: "v1" },
        { repository: "gitlab.com/openedx/edx-platform", ref: "v1" },
        { repository: "github.com/acme/edx-platform", ref: "v1" },
      ]),
    ).toEqual([
      "base-image:github.com/openedx/edx-platform@v1",
      "base-image:gitlab.com/openedx/edx-platform@v1",
      "base-image:acme/edx-platform@v1",
    ]);
  });

  it("falls back to a hash when even full labels collide", () => {
    const result = names([
      { repository: "h/a@b", ref: "c" },
      { repository: "h/a", ref: "b@c" },
    ]);
    expect(new Set(result).size).toBe(2);
    for (const name of result) expect(name).toMatch(/^base-image:h\/a@b@c~[0-9a-f]{8}$/);
  });

  it("gives distinct keys distinct names of at most 255 characters", () => {
    const part = fc.constantFrom("a", "b", "@", " ", "_", "/", "x".repeat(140));
    const text = fc.array(part, { minLength: 1, maxLength: 4 }).map((p) => p.join(""));
    const key = fc.record({ repository: text, ref: text });
    fc.assert(
      fc.property(fc.uniqueArray(key, { selector: baseImageKeyId, maxLength: 8 }), (keys) => {
        const result = names(keys);
        expect(new Set(result).size).toBe(keys.length);
        for (const name of result) {
          expect(name.length).toBeLessThanOrEqual(MAX_JOB_NAME_LENGTH);
          expect(name).not.toMatch(/\s/);
        }
      }),
    );
  });
});
