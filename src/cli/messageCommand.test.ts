import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { testCli } from "../../test/support/testCli.js";

/* `message`: composes canonical titles that `lint` accepts, optionally checked against a cluster. */

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
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
