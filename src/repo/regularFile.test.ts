import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { removeTempDirs, tempTree } from "../../test/support/tempTree.js";
import {
  decodeUtf8,
  FILE_SIZE_CAPS,
  firstInvalidUtf8,
  formatBytes,
  readRegularFile,
} from "./regularFile.js";

afterEach(removeTempDirs);

describe("readRegularFile", () => {
  it("reads a regular file as text", () => {
    const dir = tempTree("regular", { "a.txt": "héllo\n" });
    expect(readRegularFile(path.join(dir, "a.txt"), { kind: "message" })).toEqual({
      ok: true,
      text: "héllo\n",
    });
  });

  it("refuses a character device without reading it", () => {
    expect(readRegularFile("/dev/zero", { kind: "message", allowPipes: true })).toEqual({
      ok: false,
      refusal: { kind: "special", what: "a character device" },
    });
  });

  it("refuses a FIFO at once unless pipes are allowed", () => {
    const dir = tempTree("fifo", {});
    const fifo = path.join(dir, "f");
    execFileSync("mkfifo", [fifo]);
    expect(readRegularFile(fifo, { kind: "settings" })).toEqual({
      ok: false,
      refusal: { kind: "special", what: "a FIFO (named pipe)" },
    });
  });

  it("refuses a file past its cap", () => {
    const big = "x".repeat(FILE_SIZE_CAPS.message + 10);
    const dir = tempTree("pipe", { "big.txt": big });
    expect(readRegularFile(path.join(dir, "big.txt"), { kind: "message" })).toEqual({
      ok: false,
      refusal: { kind: "too-large", cap: FILE_SIZE_CAPS.message },
    });
  });

  it("refuses a folder as EISDIR", () => {
    const dir = tempTree("dir", { sub: null });
    writeFileSync(path.join(dir, "x"), "");
    expect(readRegularFile(path.join(dir, "sub"), { kind: "settings" })).toEqual({
      ok: false,
      refusal: { kind: "errno", code: "EISDIR" },
    });
  });
});

describe("UTF-8", () => {
  it("finds the first invalid byte exactly where a strict decoder fails", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 24 }), (bytes) => {
        const offset = firstInvalidUtf8(bytes);
        const strict = new TextDecoder("utf-8", { fatal: true });
        expect(() => strict.decode(bytes.subarray(0, offset))).not.toThrow();
        if (offset < bytes.length) expect(() => strict.decode(bytes)).toThrow();
        else expect(() => strict.decode(bytes)).not.toThrow();
        // The fast check decodeUtf8 makes agrees with the strict decoder too.
        expect(decodeUtf8(bytes).ok).toBe(offset === bytes.length);
      }),
      { numRuns: 500 },
    );
  });

  it("names the line and the column in characters", () => {
    const bytes = Buffer.concat([Buffer.from("ok\nαβ"), Buffer.from([0xc3, 0x28])]);
    expect(decodeUtf8(bytes)).toEqual({
      ok: false,
      refusal: { kind: "invalid-utf8", line: 2, column: 3 },
    });
  });

  it("drops a leading byte-order mark, as a strict decoder does", () => {
    expect(decodeUtf8(Buffer.from("\ufeffA: 1\n"))).toEqual({ ok: true, text: "A: 1\n" });
  });

  it("accepts text a strict decoder accepts", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (text) => {
        expect(decodeUtf8(Buffer.from(text, "utf8"))).toEqual({ ok: true, text });
      }),
    );
  });
});

it("formats caps for messages", () => {
  expect([formatBytes(1024 * 1024), formatBytes(4096), formatBytes(7)]).toEqual([
    "1 MiB",
    "4 KiB",
    "7 bytes",
  ]);
});
