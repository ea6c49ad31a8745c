import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Directive } from "./directive.js";
import { directiveArbitrary } from "../../test/support/directiveArbitrary.js";
import { directiveToJson } from "./directiveToJson.js";

describe("directiveToJson", () => {
  it("prints SPEC's shapes with kind first", () => {
    const scrambled = {
      legacy: false,
      instances: [{ deploymentId: null, name: "a", extra: 1 }],
      kind: "update",
      stray: true,
    } as unknown as Directive;
    expect(JSON.stringify(directiveToJson(scrambled))).toBe(
      '{"kind":"update","instances":[{"name":"a","deploymentId":null}],"legacy":false}',
    );
    expect(JSON.stringify(directiveToJson({ kind: "none" }))).toBe('{"kind":"none"}');
    const upgrade = {
      targets: [{ version: "v", repository: "r" }],
      commit: "abcdef1",
      kind: "batch-upgrade-to",
    };
    expect(JSON.stringify(directiveToJson(upgrade as Directive))).toBe(
      '{"kind":"batch-upgrade-to","commit":"abcdef1","targets":[{"repository":"r","version":"v"}]}',
    );
    expect(JSON.stringify(directiveToJson({ instances: [{ name: "a" }], kind: "archive" }))).toBe(
      '{"kind":"archive","instances":[{"name":"a"}]}',
    );
  });

  it("keeps every value", () => {
    fc.assert(
      fc.property(directiveArbitrary, (d) => {
        const json = directiveToJson(d);
        expect(json).toEqual(d);
        expect(Object.keys(json)[0]).toBe("kind");
      }),
      { numRuns: 300 },
    );
  });
});
