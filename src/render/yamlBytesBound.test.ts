import fc from "fast-check";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { DUMP_OPTIONS } from "./gitlabRenderer.js";
import { keyBytesBound, scalarBytesBound, yamlBytesBound } from "./yamlBytesBound.js";
import type { YamlValue } from "./yamlValue.js";

const dumpedBytes = (key: string, value: YamlValue): number =>
  Buffer.byteLength(yaml.dump(Object.fromEntries([[key, value]]), DUMP_OPTIONS), "utf8");

// Text that makes js-yaml quote, escape or use block scalars: quotes, YAML indicators, line
// breaks, control characters, non-ASCII and astral characters, and words it reads as other types.
const awkward = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({
    unit: fc.constantFrom(
      "'",
      '"',
      ":",
      "#",
      "-",
      " ",
      "\n",
      "\t",
      "\\",
      "é",
      "😀",
      "a",
      "\u0085",
      "\u2028",
    ),
    maxLength: 30,
  }),
  fc.constantFrom(
    "",
    "yes",
    "on",
    "null",
    "~",
    "1.0",
    "0x1F",
    "2024-01-01",
    "- a",
    "'",
    "a: b",
    "|",
    ">",
  ),
  // Long runs of what escapes or indents worst.
  fc.constantFrom("\x01".repeat(50), "😀".repeat(30), "\n".repeat(40), "é\n".repeat(20)),
);

const value = fc.letrec<{ value: YamlValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    awkward,
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 4 }),
    fc
      .dictionary(awkward, tie("value"), { maxKeys: 4 })
      .map((d) => Object.fromEntries(Object.entries(d))),
  ),
})).value;

describe("yamlBytesBound", () => {
  it("is never below what js-yaml writes, for any key and value", () => {
    fc.assert(
      fc.property(awkward, value, (key, v) => {
        expect(dumpedBytes(key, v)).toBeLessThanOrEqual(
          keyBytesBound(key, 0) + yamlBytesBound(v, 0),
        );
      }),
      { numRuns: 400 },
    );
  });

  it("stays close to the real size for a typical job entry", () => {
    const job = {
      extends: ".grove-deploy",
      stage: "wave-3-deploy",
      needs: ["build-image:site-0042"],
      variables: {
        EDX_PLATFORM_REPOSITORY: {
          value: "https://github.com/openedx/edx-platform.git",
          expand: false,
        },
        INSTANCE_NAME: { value: "site-0042", expand: false },
      },
      environment: { name: "site-0042" },
    };
    const real = dumpedBytes("deploy:site-0042", job);
    const bound = keyBytesBound("deploy:site-0042", 0) + yamlBytesBound(job, 0);
    expect(bound).toBeGreaterThanOrEqual(real);
    // Loose enough to be safe, tight enough that default limits never need the exact count.
    expect(bound).toBeLessThan(2 * real);
  });

  it("counts quotes and escapes of a scalar", () => {
    expect(scalarBytesBound("plain", 1)).toBe(7);
    expect(scalarBytesBound("it's", 1)).toBe(4 + 2 + 1);
    expect(scalarBytesBound("a\nb", 2)).toBeGreaterThanOrEqual(
      Buffer.byteLength(yaml.dump("a\nb")),
    );
  });
});
