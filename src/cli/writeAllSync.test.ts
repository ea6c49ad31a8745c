import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeAllSync } from "./writeAllSync.js";

// Real pipes (named ones, so the test can open both ends itself and make them non-blocking).
let dir: string;
let fifo: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "grove-write-"));
  fifo = path.join(dir, "pipe");
  execFileSync("mkfifo", [fifo]);
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const { O_WRONLY, O_RDONLY, O_NONBLOCK } = fs.constants;

/** Opens the pipe's write end without blocking, once a reader has it open. */
function openWriter(): number {
  for (;;) {
    try {
      return fs.openSync(fifo, O_WRONLY | O_NONBLOCK);
    } catch (err) {
      // ENXIO: no reader yet; the reader is another process, starting.
      if (!(err instanceof Error && "code" in err && err.code === "ENXIO")) throw err;
    }
  }
}

describe("writeAllSync", () => {
  it("writes everything through a non-blocking pipe far larger than its buffer", async () => {
    const copied = path.join(dir, "copied");
    const reader = spawn("sh", ["-c", 'cat "$1" > "$2"', "sh", fifo, copied]);
    const done = new Promise((resolve) => reader.on("exit", resolve));
    // 2 MiB of text with multi-byte characters: the pipe holds 64 KiB, so writes must wait.
    const text = "wave-gate:ü → ✓\n".repeat(120_000);
    const fd = openWriter();
    expect(writeAllSync(fd, text)).toBe("written");
    fs.closeSync(fd);
    expect(await done).toBe(0);
    expect(fs.readFileSync(copied, "utf8")).toBe(text);
  });

  it("says the output is closed when the reader has gone", () => {
    const readEnd = fs.openSync(fifo, O_RDONLY | O_NONBLOCK);
    const fd = fs.openSync(fifo, O_WRONLY | O_NONBLOCK);
    fs.closeSync(readEnd);
    expect(writeAllSync(fd, "plan\n")).toBe("closed");
    fs.closeSync(fd);
  });

  it("throws any other error", () => {
    const fd = fs.openSync(path.join(dir, "file"), "w");
    fs.closeSync(fd);
    expect(() => writeAllSync(fd, "x")).toThrow(/EBADF/);
  });
});
