import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { STACK_LINE, testCli } from "../../test/support/testCli.js";

/* run(): the exit codes of SPEC.md and the promise that no input shows a stack trace. */

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const EXAMPLE = "examples/cluster";
const cli = (argv: readonly string[], stdin?: string) => testCli(argv, { cwd: ROOT, stdin });

describe("run: exit codes", () => {
  it("0 when the command succeeds", async () => {
    const r = await cli(["lint", "[AutoDeploy][Update] demo"]);
    expect(r).toMatchObject({ code: 0, stderr: "" });
  });

  it("1 when the commit message is invalid", async () => {
    const r = await cli(["lint", "[AutoDeploy][Updat] demo"]);
    expect(r.code).toBe(1);
  });

  it("1 when the repository content is invalid (an instance that does not exist)", async () => {
    const r = await cli(["plan", "--repo", EXAMPLE, "--message", "[AutoDeploy][Update] nope"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: .*'nope'/);
  });

  it("2 for an unknown command, with a suggestion", async () => {
    const r = await cli(["plam"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown command 'plam'");
    expect(r.stderr).toContain("Did you mean plan?");
    expect(r.stdout).toBe("");
  });

  it("2 for an unknown flag, with a suggestion", async () => {
    const r = await cli(["plan", "--jsn"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown option '--jsn'");
    expect(r.stderr).toContain("Did you mean --json?");
  });

  it("2 for a missing or an extra argument", async () => {
    expect((await cli(["message"])).code).toBe(2);
    expect((await cli(["lint", "one", "two"])).code).toBe(2);
  });

  it("2 for no command at all, with the usage on stderr", async () => {
    const r = await cli([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Usage: grove-pipelines");
  });

  it("0 for --help, with every command listed on stdout", async () => {
    const r = await cli(["--help"]);
    expect(r.code).toBe(0);
    for (const command of ["lint", "plan", "generate", "message"]) {
      expect(r.stdout).toMatch(new RegExp(`^  ${command} `, "m"));
    }
  });

  it("--version prints the package version and exits 0", async () => {
    const pkg = JSON.parse(fs.readFileSync(`${ROOT}/package.json`, "utf8")) as { version: string };
    const r = await cli(["--version"]);
    expect(r).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: "" });
  });
});

describe("run: internal errors (exit 70)", () => {
  // A stdout that fails is the honest way to break the CLI from outside: no input reaches that
  // code path, so run() must treat it as a bug of its own.
  const brokenStdout = (): never => {
    throw new Error("stdout went away\nsecond line of the error");
  };

  it("prints one line asking for a report, without a stack", async () => {
    const r = await testCli(["lint", "[AutoDeploy][Update] demo"], {
      cwd: ROOT,
      stdout: brokenStdout,
    });
    expect(r.code).toBe(70);
    const lines = r.stderr.split("\n").filter((l) => l !== "");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^internal error: stdout went away .*report/);
    expect(r.stderr).not.toMatch(STACK_LINE);
  });

  it("adds the stack with --debug", async () => {
    const r = await testCli(["--debug", "lint", "[AutoDeploy][Update] demo"], {
      cwd: ROOT,
      stdout: brokenStdout,
    });
    expect(r.code).toBe(70);
    expect(r.stderr).toMatch(/^internal error: stdout went away/);
    expect(r.stderr).toMatch(STACK_LINE);
  });
});

describe("run: command-line mistakes exit 2", () => {
  it.each([
    [
      ["plan", "--repo", "/nonexistent/cluster", "--message", "[AutoDeploy][Update] demo"],
      /repository folder \/nonexistent\/cluster does not exist/,
    ],
    [["message", "updat", "demo"], /did you mean 'update'\?/],
  ])("%j", async (argv, why) => {
    const r = await cli(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(why);
  });
});

describe("run: no stack trace for any bad input", () => {
  const cases: readonly (readonly string[])[] = [
    ["lint", "[AutoDeploy][Update] a|b|c,,"],
    ["lint", "--json", "[AutoDeploy][Batch][UpgradeTo] xyz"],
    ["lint", "--message-file", "/nonexistent/message.txt"],
    ["lint", "--hook", "/nonexistent/COMMIT_EDITMSG"],
    ["plan", "--repo", "/nonexistent/cluster", "--message", "[AutoDeploy][Update] demo"],
    ["plan", "--repo", EXAMPLE, "--message", "[AutoDeploy][Batch][Upgrade] x|y"],
    ["plan", "--repo", EXAMPLE, "--message", "a", "--message-file", "b"],
    ["generate", "--repo", EXAMPLE, "--message", "x", "--output", "/nonexistent/dir/out.yml"],
    ["generate", "--repo", EXAMPLE, "--shard", "1", "--output", "/nonexistent/out.yml"],
    ["message", "update", "site-a:"],
    ["message", "no-such-kind", "x"],
    ["message", "update", "dmeo", "--repo", EXAMPLE],
    ["--no-such-flag"],
  ];

  it.each(cases.map((argv) => [argv]))(
    "%j fails with a documented code and no stack",
    async (argv) => {
      const r = await cli(argv);
      expect([1, 2, 74]).toContain(r.code);
      // --json reports on stdout; everything else on stderr.
      expect(r.stderr + r.stdout).not.toBe("");
      expect(r.stderr + r.stdout).not.toMatch(STACK_LINE);
    },
  );
});
