import { describe, expect, it } from "vitest";
import { error } from "../diagnostic.js";
import type { CliIO } from "./io.js";
import { printDiagnostics } from "./printDiagnostics.js";

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
