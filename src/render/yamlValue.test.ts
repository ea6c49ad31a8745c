import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mappingOf } from "./yamlValue.js";

/** Keys a plain assignment would treat differently from Object.fromEntries, and ordinary ones. */
const key = fc.oneof(
  fc.constantFrom("__proto__", "constructor", "toString", "hasOwnProperty", "0", "1", "01", "-1"),
  fc.constantFrom("4294967294", "4294967295", "stages", "deploy:site-a", ""),
  fc.string({ maxLength: 4 }),
);
const value = fc.oneof(fc.string({ maxLength: 4 }), fc.constant(null), fc.constant({ a: "b" }));

describe("mappingOf", () => {
  it("makes what Object.fromEntries makes: own keys, their order, last values, the prototype", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(key, value), { maxLength: 12 }), (entries) => {
        const made = mappingOf(entries);
        const reference: unknown = Object.fromEntries(entries);
        expect(Reflect.ownKeys(made)).toEqual(Reflect.ownKeys(reference as object));
        expect(made).toStrictEqual(reference);
        expect(Object.getPrototypeOf(made)).toBe(Object.prototype);
      }),
      { numRuns: 1000 },
    );
  });

  it("keeps a __proto__ key as data, never as the prototype", () => {
    const made = mappingOf([["__proto__", { polluted: "yes" }]]);
    expect(Object.getPrototypeOf(made)).toBe(Object.prototype);
    expect(Object.keys(made)).toEqual(["__proto__"]);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });
});
