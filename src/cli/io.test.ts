import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { error, fail, ok, warning } from "../diagnostic.js";
import { errnoCode, InvalidInputError } from "../errors.js";
import { printDiagnostics, unwrap, writeAllSync, type CliIO } from "./io.js";

function capture(): { io: CliIO; text: () => string } {
  let stderr = "";
  const io: CliIO = {
    stdout: () => expect.unreachable("nothing goes to standard output"),
    stderr: (s) => {
      stderr += s;
    },
    env: {},
    cwd: "/",
    readStdin: () => "",
    stdoutIsTTY: false,
  };
  return { io, text: () => stderr };
}

const problems = (n: number) =>
  Array.from({ length: n }, (_, i) => error("unknown-instance", `unknown instance 'x${i}'`));

describe("printDiagnostics", () => {
  it("prints every problem, one line each, when there are few", () => {
    const { io, text } = capture();
    printDiagnostics(io, [...problems(2), error("yaml-syntax", "bad", { file: "a.yml", line: 3 })]);
    expect(text()).toBe(
      "error: unknown instance 'x0'\nerror: unknown instance 'x1'\nerror: a.yml:3: bad\n",
    );
  });

  it("prints exactly the limit without a count line", () => {
    const { io, text } = capture();
    printDiagnostics(io, problems(3), 3);
    expect(text().split("\n").filter(Boolean)).toHaveLength(3);
  });

  it("prints the first problems up to the limit, then how many more there were", () => {
    const { io, text } = capture();
    printDiagnostics(io, problems(10_000));
    const lines = text().split("\n").filter(Boolean);
    expect(lines).toHaveLength(201);
    expect(lines[199]).toBe("error: unknown instance 'x199'");
    expect(lines[200]).toBe("error: 9800 more problems not shown (10000 in all)");
  });
});

describe("unwrap", () => {
  const late = warning("deployment-id-replaced", "its jobs report the later id");

  it("gives the value and prints the warnings, one line each", () => {
    const { io, text } = capture();
    expect(unwrap(io, ok(42, [late]))).toBe(42);
    expect(text()).toBe("warning: its jobs report the later id\n");
  });

  it("prints the warnings of a failed step, then fails with its problems, adjusted", () => {
    const { io, text } = capture();
    const failed = fail([error("unknown-instance", "unknown instance 'x'", { column: 3 })], [late]);
    let thrown: unknown;
    try {
      unwrap(io, failed, ({ column, ...rest }) => rest);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(InvalidInputError);
    expect((thrown as InvalidInputError).diagnostics).toEqual([
      error("unknown-instance", "unknown instance 'x'"),
    ]);
    expect(text()).toBe("warning: its jobs report the later id\n");
  });
});

describe("writeAllSync", () => {
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
        if (errnoCode(err) !== "ENXIO") throw err;
      }
    }
  }

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
