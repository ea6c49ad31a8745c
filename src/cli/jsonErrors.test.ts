import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { makeTempDir, removeTempDirs, tempTree } from "../../test/support/tempTree.js";
import { testCli } from "../../test/support/testCli.js";

/*
 * Machine-readable everywhere: plan, status, history and lint asked for JSON print their problems
 * as JSON on standard output too (each with its code, message and position), under a
 * formatVersion, with the exit code the same failure has as text.
 */

afterAll(removeTempDirs);

const EXAMPLE = path.resolve("examples/cluster");

interface JsonFailure {
  formatVersion: number;
  ok: boolean;
  errors: Record<string, unknown>[];
}

describe("--json failures", () => {
  it("plan --json: an unknown instance, with its code and title column (exit 1)", async () => {
    const run = await testCli([
      "plan",
      "--json",
      "--repo",
      EXAMPLE,
      "--message",
      "[AutoDeploy][Update] dmeo",
    ]);
    expect(run.code).toBe(1);
    const body = JSON.parse(run.stdout) as JsonFailure;
    expect(body).toMatchObject({ formatVersion: 1, ok: false });
    expect(body.errors).toEqual([
      expect.objectContaining({ code: "unknown-instance", severity: "error", column: 22 }),
    ]);
    // The same problem as a line on standard error, for the person reading the log.
    expect(run.stderr).toMatch(/^error: column 22: unknown instance 'dmeo'/);
  });

  it("plan --format json: a settings file problem names file, line and key", async () => {
    const repo = tempTree("json-settings", {
      "grove-pipelines.yml": "batch:\n  waveSize: 0\n",
      "instances/a/config.yml": "EDX_PLATFORM_VERSION: v1\n",
    });
    const run = await testCli([
      "plan",
      "--format",
      "json",
      "--repo",
      repo,
      "--message",
      "[AutoDeploy][Update] a",
    ]);
    expect(run.code).toBe(1);
    const body = JSON.parse(run.stdout) as JsonFailure;
    expect(body.errors).toEqual([
      expect.objectContaining({
        code: "invalid-setting",
        file: "grove-pipelines.yml",
        line: 2,
        keyPath: "batch.waveSize",
      }),
    ]);
  });

  it("plan --json: a --repo that does not exist is a command-line error (exit 2), in JSON", async () => {
    const run = await testCli(["plan", "--json", "--repo", "/no/such/folder", "--message", "x"]);
    expect(run.code).toBe(2);
    const body = JSON.parse(run.stdout) as JsonFailure;
    expect(body.errors[0]).toMatchObject({ code: "missing-repository" });
  });

  it("status --json and history --json: git problems and unknown instances", async () => {
    const status = await testCli(["status", "--json", "--repo", makeTempDir("json-not-git")]);
    expect(status.code).toBe(1);
    expect((JSON.parse(status.stdout) as JsonFailure).errors[0]).toMatchObject({
      code: "git-failed",
    });
    const history = await testCli([
      "history",
      "nobody",
      "--json",
      "--repo",
      makeTempDir("json-not-git"),
    ]);
    expect(history.code).toBe(1);
    expect(JSON.parse(history.stdout)).toMatchObject({ formatVersion: 1, ok: false });
  });

  it("lint --json: a message file that cannot be read is a usage error (exit 2), in JSON", async () => {
    const run = await testCli(["lint", "--json", "--message-file", "/no/such/file"]);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toEqual({
      formatVersion: 1,
      ok: false,
      errors: [
        { code: "usage", severity: "error", message: expect.stringContaining("/no/such/file") },
      ],
    });
  });
});
