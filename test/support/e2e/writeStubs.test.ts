import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readStubLog, readStubTimes } from "./readStubLog.js";
import { writeStubs } from "./writeStubs.js";

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function stubs() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "grove-e2e-stubs-"));
  made.push(dir);
  return writeStubs(dir);
}

/** Runs a stub by name through PATH, as a job's script does. */
function call(
  env: Record<string, string>,
  command: string,
  args: string[],
  extra: Record<string, string> = {},
) {
  return spawnSync(command, args, { env: { ...process.env, ...env, ...extra }, encoding: "utf8" });
}

describe("writeStubs", () => {
  it("records one line per call and succeeds", () => {
    const s = stubs();
    const job = { CI_JOB_NAME: "deploy:a", INSTANCE_NAME: "a" };
    expect(call(s.env, "grove", ["deploy", "a"], job).status).toBe(0);
    expect(call(s.env, "terraform", ["init"], { CI_JOB_NAME: "tf" }).status).toBe(0);
    expect(readStubLog(s.logFile)).toEqual([
      { job: "deploy:a", instance: "a", args: "deploy a" },
      { job: "tf", instance: "", args: "init" },
    ]);
  });

  it("fails the calls of the jobs named in GROVE_STUB_FAIL, and only those", () => {
    const s = stubs();
    const fail = { GROVE_STUB_FAIL: "build-image:a,deploy:b" };
    expect(call(s.env, "grove", ["x"], { ...fail, CI_JOB_NAME: "deploy:b" }).status).toBe(1);
    expect(call(s.env, "grove", ["x"], { ...fail, CI_JOB_NAME: "deploy:a" }).status).toBe(0);
    expect(call(s.env, "grove", ["x"], { ...fail, CI_JOB_NAME: "build-image:a" }).status).toBe(1);
    expect(call(s.env, "grove", ["x"], { CI_JOB_NAME: "deploy:b" }).status).toBe(0);
    expect(readStubLog(s.logFile)).toHaveLength(4);
  });

  it("writes the Terraform plan file and refuses to apply a missing one", () => {
    const s = stubs();
    const planFile = path.join(s.binDir, "tfplan");
    expect(call(s.env, "grove", ["terraform", "apply", planFile]).status).toBe(1);
    expect(call(s.env, "grove", ["terraform", "plan", `-out=${planFile}`]).status).toBe(0);
    expect(fs.existsSync(planFile)).toBe(true);
    expect(call(s.env, "grove", ["terraform", "apply", planFile]).status).toBe(0);
  });

  it("records when each call began and ended, sleeping GROVE_STUB_SLEEP in between", () => {
    const s = stubs();
    const times = path.join(s.binDir, "times.log");
    const timed = { GROVE_STUB_TIMES: times, GROVE_STUB_SLEEP: "0.3" };
    const before = Date.now();
    expect(
      call(s.env, "grove", ["deploy", "a"], { ...timed, CI_JOB_NAME: "deploy:a" }).status,
    ).toBe(0);
    expect(
      call(s.env, "grove", ["deploy", "b"], { ...timed, CI_JOB_NAME: "deploy:b" }).status,
    ).toBe(0);
    const spans = readStubTimes(times);
    const a = spans.get("deploy:a");
    const b = spans.get("deploy:b");
    expect(a?.start).toBeGreaterThanOrEqual(before - 5);
    expect((a?.end ?? 0) - (a?.start ?? 0)).toBeGreaterThanOrEqual(250);
    expect(b?.start).toBeGreaterThanOrEqual(a?.end ?? Infinity);
    // Without GROVE_STUB_TIMES nothing is timed.
    expect(call(s.env, "grove", ["x"], { CI_JOB_NAME: "deploy:c" }).status).toBe(0);
    expect([...readStubTimes(times).keys()]).toEqual(["deploy:a", "deploy:b"]);
  });
});
