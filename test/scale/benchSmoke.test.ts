import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "./scaleCluster.js";

// The benchmark itself (npm run bench) takes minutes; its smoke run checks that it still runs.
describe("npm run bench --smoke", () => {
  it("runs every measurement on small clusters and prints the table", () => {
    const run = spawnSync(
      process.execPath,
      [path.join(PROJECT_ROOT, "bench", "run.mjs"), "--smoke"],
      {
        cwd: PROJECT_ROOT,
        encoding: "utf8",
      },
    );
    expect(run.stderr).not.toMatch(/failed|Error/);
    expect(run.status).toBe(0);
    const rows = run.stdout.split("\n");
    expect(rows[0]).toMatch(/^grove-pipelines bench \(smoke\): dist\/cli.js, node v\d+/);
    for (const measure of [
      /^generate: batch over all of 200 +\d+ ms +floor B: read \+ js-yaml +\d+ ms +\d+\.\d\dx/,
      /^generate: batch over all of 200 +\d+ ms +floor A: read the files +\d+ ms +\d+\.\d\dx/,
      /^generate: Update of 1 in 200 +\d+ ms +the same in 10 +\d+ ms +\d+\.\d\dx/,
      /^generate: no directive \(no settings file\) +\d+ ms +node -e "" +\d+ ms +\d+\.\d\dx/,
      /^status: 200 instances, 300 commits +\d+ ms +git log --name-only +\d+ ms +\d+\.\d\dx/,
      /^peak memory: batch over all of 200 +\d+ MB/,
      /^batch: all generator work over 200 +\d+ ms +floor B: read \+ js-yaml +\d+ ms +\d+\.\d\dx/,
      /^batch: all generator work over 400 +\d+ ms +floor B: read \+ js-yaml +\d+ ms +\d+\.\d\dx/,
      /^plan --json: batch over 400 +\d+ ms +floor B: read \+ js-yaml +\d+ ms +\d+\.\d\dx/,
      /^graph: batch over 400 +\d+ ms +floor B: read \+ js-yaml +\d+ ms +\d+\.\d\dx/,
      /^peak memory: batch, plan --json, graph over 400 +\d+ MB/,
    ]) {
      expect(
        rows.some((r) => measure.test(r)),
        String(measure),
      ).toBe(true);
    }
  });
});
