import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeClusterRepo } from "../../test/support/e2e/makeClusterRepo.js";
import { testCli } from "../../test/support/testCli.js";

/* `lint`: SPEC.md's text and --json shapes, and where the message comes from. */

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const EXAMPLE = fileURLToPath(new URL("../../examples/cluster", import.meta.url));
let tmp = "";
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "grove-lint-"));
});
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

const lint = (argv: readonly string[], env: Record<string, string> = {}, stdin?: string) =>
  testCli(["lint", ...argv], { cwd: tmp, env, stdin });

describe("lint text output", () => {
  it("says valid and what the directive does, exit 0", async () => {
    const r = await lint(["[AutoDeploy][Update] site-a|42,site-b"]);
    expect(r).toEqual({
      code: 0,
      stdout: "valid: update: site-a (deployment 42), site-b\n",
      stderr: "",
    });
  });

  it("prints every problem as one `error: column N: ...` line, exit 1, nothing on stdout", async () => {
    const r = await lint(["[AutoDeploy][Update] site-a|,-bad,site-a"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(line).toMatch(/^error: column \d+: \S/);
  });

  it("warns about a title that only contains [AutoDeploy], and stays valid", async () => {
    const r = await lint(['Revert "[AutoDeploy][Update] demo"']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("valid: no directive: nothing to deploy\n");
    expect(r.stderr).toMatch(/^warning: column 9: .*not at the start of the title/);
  });
});

describe("lint: what Grove's trigger client and format allow (issue 11)", () => {
  it("accepts [Infrastructure] with no text, warning that the history will not say why", async () => {
    const r = await lint(["[AutoDeploy][Infrastructure]"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("valid: infrastructure\n");
    expect(r.stderr).toBe(
      "warning: column 29: [Infrastructure] has no description after the tag, so the history will not say why Terraform ran\n",
    );
  });

  it("warns about each instance name the trigger client could never send", async () => {
    const long = `a${"b".repeat(49)}`;
    const r = await lint([`[AutoDeploy][Update] Demo_Site|4,ok-site,${long},a--b`]);
    expect(r.code).toBe(0);
    expect(r.stderr.trimEnd().split("\n")).toEqual([
      "warning: column 22: instance name 'Demo_Site' is not in slug form (lower-case letters, digits, - and _, no leading, trailing or doubled -), the only form the trigger client sends: the trigger client can never ask for this instance",
      `warning: column 42: instance name '${long}' is 50 characters long, and the trigger client sends at most 49: the trigger client can never ask for this instance`,
      "warning: column 93: instance name 'a--b' is not in slug form (lower-case letters, digits, - and _, no leading, trailing or doubled -), the only form the trigger client sends: the trigger client can never ask for this instance",
    ]);
  });
});

describe("lint --json", () => {
  it('prints {"valid": true, "directive", "warnings"} for a valid title', async () => {
    const r = await lint(["--json", "[AutoDeploy][Update] site-a|42,site-b"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      formatVersion: 1,
      valid: true,
      directive: {
        kind: "update",
        instances: [
          { name: "site-a", deploymentId: "42" },
          { name: "site-b", deploymentId: null },
        ],
        legacy: false,
      },
      warnings: [],
    });
    expect(Object.keys(JSON.parse(r.stdout) as object)).toEqual([
      "formatVersion",
      "valid",
      "directive",
      "warnings",
    ]);
  });

  it("puts warnings in the same {code, severity, message, column} shape", async () => {
    const r = await lint(["--json", 'Revert "[AutoDeploy][Update] demo"']);
    expect(JSON.parse(r.stdout)).toEqual({
      formatVersion: 1,
      valid: true,
      directive: { kind: "none" },
      warnings: [
        {
          code: "autodeploy-not-at-start",
          severity: "warning",
          message: expect.stringContaining("[AutoDeploy]"),
          column: 9,
        },
      ],
    });
  });

  it('prints {"valid": false, "errors": [{"code", "message", "column"}]} and exits 1', async () => {
    const r = await lint(["--json", "[AutoDeploy][Archive] a|1,b"]);
    expect(r.code).toBe(1);
    const body = JSON.parse(r.stdout) as { valid: boolean; errors: unknown[] };
    expect(Object.keys(body)).toEqual(["formatVersion", "valid", "errors"]);
    expect(body.valid).toBe(false);
    expect(body.errors.length).toBeGreaterThan(0);
    for (const e of body.errors) {
      expect(e).toEqual({
        code: expect.any(String),
        severity: "error",
        message: expect.any(String),
        column: expect.any(Number),
      });
    }
    expect(r.stderr).toBe("");
  });

  it("prints each directive shape of SPEC.md", async () => {
    const shapes: [string, unknown][] = [
      [
        "[AutoDeploy][Infrastructure] grow the pool",
        { kind: "infrastructure", text: "grow the pool" },
      ],
      ["[AutoDeploy][Delete] a,b", { kind: "delete", instances: [{ name: "a" }, { name: "b" }] }],
      [
        "[AutoDeploy] a:7 - deploy new instance :rocket:",
        { kind: "create", instances: [{ name: "a", deploymentId: "7" }], legacy: true },
      ],
      [
        "[AutoDeploy][Batch][Upgrade] git@github.com:o/e.git|v1",
        {
          kind: "batch-upgrade",
          targets: [{ repository: "git@github.com:o/e.git", version: "v1" }],
        },
      ],
      [
        "[AutoDeploy][Batch][UpgradeTo] abcdef1",
        { kind: "batch-upgrade-to", commit: "abcdef1", targets: [] },
      ],
    ];
    for (const [title, directive] of shapes) {
      const r = await lint(["--json", title]);
      expect((JSON.parse(r.stdout) as { directive: unknown }).directive, title).toEqual(directive);
    }
  });
});

describe("lint message sources", () => {
  const title = "[AutoDeploy][Delete] from-file";

  it("reads --message-file F", async () => {
    const file = path.join(tmp, "message.txt");
    fs.writeFileSync(file, `${title}\n\nbody text\n`);
    const r = await lint(["--message-file", file]);
    expect(r).toMatchObject({ code: 0, stdout: "valid: delete: from-file\n" });
  });

  it("reads standard input for --message-file -", async () => {
    const r = await lint(["--message-file", "-"], {}, "[AutoDeploy][Archive] from-stdin\n");
    expect(r).toMatchObject({ code: 0, stdout: "valid: archive: from-stdin\n" });
  });

  it("reads CI_COMMIT_MESSAGE when no message is given", async () => {
    const r = await lint([], { CI_COMMIT_MESSAGE: "[AutoDeploy][Update] from-env" });
    expect(r).toMatchObject({ code: 0, stdout: "valid: update: from-env\n" });
  });

  it("prefers the argument to CI_COMMIT_MESSAGE", async () => {
    const r = await lint(["[AutoDeploy][Update] from-arg"], {
      CI_COMMIT_MESSAGE: "[AutoDeploy][Update] from-env",
    });
    expect(r.stdout).toBe("valid: update: from-arg\n");
  });

  it("falls back to git log -1 in the current folder", async () => {
    const repo = makeClusterRepo(
      EXAMPLE,
      "[AutoDeploy][Update] from-git|9\n\nThe body is not the title.",
    );
    try {
      const r = await testCli(["lint"], { cwd: repo });
      expect(r).toMatchObject({ code: 0, stdout: "valid: update: from-git (deployment 9)\n" });
    } finally {
      fs.rmSync(repo, { recursive: true, force: true });
    }
  });

  it("exits 1 outside a git repository with no message, saying how to give one", async () => {
    const r = await lint([]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("pass --message or --message-file");
  });

  it("exits 2 when the message is given twice", async () => {
    const file = path.join(tmp, "twice.txt");
    fs.writeFileSync(file, title);
    const r = await lint([title, "--message-file", file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: give the message once/);
  });

  it("exits 2 for a message file that cannot be read", async () => {
    const r = await lint(["--message-file", path.join(tmp, "missing.txt")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: cannot read --message-file .*missing\.txt: ENOENT\n$/);
  });

  it("--hook ignores git's comment lines", async () => {
    const file = path.join(tmp, "COMMIT_EDITMSG");
    fs.writeFileSync(file, "# Please enter the commit message\n[AutoDeploy][Delete] hooked\n");
    const r = await lint(["--hook", file]);
    // A hook is silent when the title is fine.
    expect(r).toEqual({ code: 0, stdout: "", stderr: "" });
    const bad = path.join(tmp, "COMMIT_EDITMSG_BAD");
    fs.writeFileSync(bad, "# [AutoDeploy][Delete] hooked\n[AutoDeploy][Delet] hooked\n");
    expect(await lint(["--hook", bad])).toMatchObject({ code: 1, stdout: "" });
  });
});

/* `message`: composes canonical titles that `lint` accepts, optionally checked against a cluster. */

const message = (argv: readonly string[]) => testCli(["message", ...argv], { cwd: ROOT });

describe("message", () => {
  it("composes update site-a:42 site-b", async () => {
    const r = await message(["update", "site-a:42", "site-b"]);
    expect(r).toEqual({ code: 0, stdout: "[AutoDeploy][Update] site-a|42,site-b\n", stderr: "" });
  });

  it.each([
    [["create", "a:req-1"], "[AutoDeploy][Create] a|req-1"],
    [["archive", "a", "b"], "[AutoDeploy][Archive] a,b"],
    [["delete", "a"], "[AutoDeploy][Delete] a"],
    [["infrastructure", "Grow", "the", "pool"], "[AutoDeploy][Infrastructure] Grow the pool"],
    [
      ["batch-upgrade", "*|open-release/quince.*"],
      "[AutoDeploy][Batch][Upgrade] *|open-release/quince.*",
    ],
    [["batch-upgrade-to", "abcdef1"], "[AutoDeploy][Batch][UpgradeTo] abcdef1"],
  ])("composes %j as a title lint accepts", async (argv, title) => {
    const r = await message(argv);
    expect(r).toEqual({ code: 0, stdout: `${title}\n`, stderr: "" });
    const lint = await testCli(["lint", title], { cwd: ROOT });
    expect(lint.code).toBe(0);
  });

  it("exits 1 with every bad argument named, printing no title", async () => {
    const r = await message(["update", "site-a:", "_bad"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^error: .*argument 1: /);
    expect(lines[1]).toMatch(/^error: .*argument 2: /);
  });

  it("with --repo, accepts names the cluster has", async () => {
    const r = await message(["update", "demo:7", "acme-staging", "--repo", "examples/cluster"]);
    expect(r).toEqual({
      code: 0,
      stdout: "[AutoDeploy][Update] demo|7,acme-staging\n",
      stderr: "",
    });
  });

  it("with --repo, rejects an unknown instance with a suggestion (exit 1)", async () => {
    const r = await message(["update", "dmeo:42", "--repo", "examples/cluster"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(
      /^error: argument 1: unknown instance 'dmeo'.*did you mean 'demo'\?\n$/,
    );
  });

  it("with --repo, rejects a batch target that matches no instance (exit 1)", async () => {
    const r = await message([
      "batch-upgrade",
      "https://github.com/openedx/edx-platform.git|open-release/quince.9",
      "--repo",
      "examples/cluster",
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^error: .*matches no instance; the cluster runs .*open-release\/quince\.3/,
    );
  });
});
