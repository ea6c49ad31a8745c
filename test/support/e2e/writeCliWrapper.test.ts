import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { BUILT_CLI, PROJECT_ROOT, writeCliWrapper } from "./writeCliWrapper.js";

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe("writeCliWrapper", () => {
  it("finds the checkout from its own location", () => {
    expect(fs.existsSync(path.join(PROJECT_ROOT, "package.json"))).toBe(true);
    expect(BUILT_CLI).toBe(path.join(PROJECT_ROOT, "dist", "cli.js"));
  });

  it("runs the built CLI with its arguments, from a folder whose name needs quoting", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "grove-e2e-it's a bin-"));
    made.push(dir);
    const file = writeCliWrapper(dir, process.execPath);
    const run = (title: string) => spawnSync(file, ["lint", title], { encoding: "utf8" });
    expect(run("[AutoDeploy][Update] demo|42").status).toBe(0);
    expect(run("[AutoDeploy][Update] demo|").status).toBe(1);
  });
});
