import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FILE_SIZE_CAPS } from "../../src/repo/regularFile.js";
import { makeTempDir, removeTempDirs } from "../support/tempTree.js";
import { STACK_LINE } from "../support/testCli.js";
import type { CliBundle } from "./support/bundleCli.js";
import { bundleCli } from "./support/bundleCli.js";
import { copyCluster } from "./support/clusterRepo.js";
import { spawnCli } from "./support/spawnCli.js";

/*
 * Issue 14, points 1, 5 and 9, through the real command: files a cluster repository or a command
 * line points at that would make the generator read outside the repository, block, read without
 * end, or quietly change bytes. Each ends at once with one line naming the file and exit 1 (the
 * repository's content) or 2 (the command line). Spawned with a timeout: a hang fails the test.
 */

let bundle: CliBundle;
beforeAll(() => {
  bundle = bundleCli();
});
afterAll(() => {
  fs.rmSync(bundle.dir, { recursive: true, force: true });
  removeTempDirs();
});

const UPDATE = "[AutoDeploy][Update] demo";
const TIMEOUT = 15_000;

/** The command in a real process, killed after TIMEOUT; one error line, no stack. */
function cli(argv: readonly string[], input?: string) {
  const r =
    input === undefined
      ? spawnCli(bundle, argv, { timeoutMs: TIMEOUT })
      : spawnSync(process.execPath, [bundle.cli, ...argv], {
          input,
          encoding: "utf8",
          timeout: TIMEOUT,
          env: { PATH: process.env["PATH"] ?? "" },
        });
  expect(r.signal).toBeNull();
  expect(r.stderr).not.toMatch(STACK_LINE);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("every path the repository names resolves inside it (point 1)", () => {
  it("refuses templates behind a folder that links out of the repository", () => {
    const cluster = copyCluster("templates-escape");
    const outside = makeTempDir("outside-ci");
    fs.writeFileSync(
      path.join(outside, "grove-templates.yml"),
      ".grove-deploy:\n  script: [cat /etc/shadow]\n",
    );
    fs.symlinkSync(outside, path.join(cluster, "ci"));
    fs.appendFileSync(
      path.join(cluster, "grove-pipelines.yml"),
      "templates: ci/grove-templates.yml\n",
    );
    const r = cli(["generate", "--repo", cluster, "--message", UPDATE]);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain("shadow");
    expect(r.stderr).toBe(
      `error: ci: ci resolves to ${fs.realpathSync(outside)}, outside the repository (through a symbolic link); refusing to read from it\n`,
    );
  });

  it("refuses an instances folder nested below a link out of the repository", () => {
    const cluster = copyCluster("instances-escape");
    const outside = makeTempDir("outside-instances");
    fs.cpSync(path.join(cluster, "instances"), path.join(outside, "instances"), {
      recursive: true,
    });
    fs.symlinkSync(outside, path.join(cluster, "clusters"));
    fs.appendFileSync(
      path.join(cluster, "grove-pipelines.yml"),
      "instancesDir: clusters/instances\n",
    );
    const r = cli(["plan", "--repo", cluster, "--message", UPDATE]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: clusters\/instances: .*outside the repository.*\n$/);
  });
});

describe("only regular files, within their caps (point 5)", () => {
  it("refuses grove-pipelines.yml as a FIFO at once", () => {
    const cluster = copyCluster("settings-fifo");
    fs.rmSync(path.join(cluster, "grove-pipelines.yml"));
    execFileSync("mkfifo", [path.join(cluster, "grove-pipelines.yml")]);
    const r = cli(["plan", "--repo", cluster, "--message", UPDATE]);
    expect(r).toMatchObject({
      code: 1,
      stderr:
        "error: grove-pipelines.yml: grove-pipelines.yml is a FIFO (named pipe), not a regular file; refusing to read it\n",
    });
  });

  it("refuses an instance's config.yml as a FIFO at once", () => {
    const cluster = copyCluster("config-fifo");
    const config = path.join(cluster, "instances/demo/config.yml");
    fs.rmSync(config);
    execFileSync("mkfifo", [config]);
    const r = cli(["plan", "--repo", cluster, "--message", UPDATE]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("instances/demo/config.yml is a FIFO (named pipe)");
  });

  it("refuses a character device inside the repository without reading it", () => {
    const cluster = copyCluster("config-device");
    const config = path.join(cluster, "instances/demo/config.yml");
    fs.rmSync(config);
    if (process.getuid?.() === 0) {
      // Like /dev/zero (major 1, minor 5): endless zero bytes.
      execFileSync("mknod", [config, "c", "1", "5"]);
      const r = cli(["plan", "--repo", cluster, "--message", UPDATE]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("instances/demo/config.yml is a character device");
    } else {
      // Only root makes device nodes; a link to one leaves the repository and is refused first.
      fs.symlinkSync("/dev/zero", config);
      const r = cli(["plan", "--repo", cluster, "--message", UPDATE]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("outside the repository");
    }
  });

  it("refuses an instance file over its cap", () => {
    const cluster = copyCluster("config-huge");
    fs.appendFileSync(
      path.join(cluster, "instances/demo/config.yml"),
      `# ${"x".repeat(FILE_SIZE_CAPS.instance)}\n`,
    );
    const r = cli(["plan", "--repo", cluster, "--message", UPDATE]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "instances/demo/config.yml is larger than 1 MiB, the most read from a file of this kind",
    );
  });

  it("refuses --message-file /dev/zero as a command-line error (exit 2)", () => {
    const r = cli(["lint", "--message-file", "/dev/zero"]);
    expect(r).toMatchObject({
      code: 2,
      stderr:
        "error: --message-file /dev/zero is a character device, not a regular file; refusing to read it\n",
    });
  });

  it("stops reading standard input at the message cap", () => {
    const r = cli(["lint", "--message-file", "-"], "y".repeat(FILE_SIZE_CAPS.message + 1));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "error: --message-file - (standard input) is larger than 1 MiB, the most read from a file of this kind\n",
    );
  });

  it("still reads a message from a pipe (process substitution)", () => {
    const dir = makeTempDir("fifo-message");
    const fifo = path.join(dir, "message");
    execFileSync("mkfifo", [fifo]);
    const run = spawnSync(
      "sh",
      [
        "-c",
        `printf '%s' "$0" > "$1" & exec "$2" "$3" lint --message-file "$1"`,
        UPDATE,
        fifo,
        process.execPath,
        bundle.cli,
      ],
      { encoding: "utf8", timeout: TIMEOUT, env: { PATH: process.env["PATH"] ?? "" } },
    );
    expect({ code: run.status, stdout: run.stdout }).toEqual({
      code: 0,
      stdout: "valid: update: demo\n",
    });
  });

  it("init refuses an existing .gitlab-ci.yml that is a FIFO instead of blocking", () => {
    const cluster = copyCluster("init-fifo");
    fs.rmSync(path.join(cluster, ".gitlab-ci.yml"), { force: true });
    execFileSync("mkfifo", [path.join(cluster, ".gitlab-ci.yml")]);
    const r = cli(["init", "--repo", cluster, "--registry", "npm"]);
    expect(r).toMatchObject({
      code: 1,
      stderr:
        "error: .gitlab-ci.yml: .gitlab-ci.yml is a FIFO (named pipe), not a regular file; refusing to read it\n",
    });
  });
});

describe("bytes mean what they say (point 9)", () => {
  it("refuses config.yml that is not UTF-8, at its line and column", () => {
    const cluster = copyCluster("latin1");
    fs.writeFileSync(
      path.join(cluster, "instances/demo/config.yml"),
      Buffer.concat([
        Buffer.from("EDX_PLATFORM_VERSION: open-release/quince.3\nLMS_HOST: caf"),
        Buffer.from([0xe9]), // é in Latin-1
        Buffer.from(".example.com\n"),
      ]),
    );
    const r = cli(["plan", "--repo", cluster, "--message", UPDATE]);
    expect(r).toMatchObject({
      code: 1,
      stderr:
        "error: instances/demo/config.yml:2:14: instances/demo/config.yml is not valid UTF-8; save it as UTF-8\n",
    });
  });

  it.each([
    [
      "EDX_PLATFORM_VERSION: 2024-13-45\n",
      "EDX_PLATFORM_VERSION in instances/demo/config.yml must be text, found 2024-13-45, which YAML reads as a date that does not exist (Grove cannot load the file); put it in quotes to make it text",
    ],
    [
      "EDX_PLATFORM_VERSION: !!binary aGVsbG8=\n",
      "EDX_PLATFORM_VERSION in instances/demo/config.yml must be text, found binary data (!!binary)",
    ],
    [
      "EDX_PLATFORM_VERSION: [open-release/quince.3]\n",
      "EDX_PLATFORM_VERSION in instances/demo/config.yml must be text, found a list",
    ],
  ])("describes %j as it is written", (line, message) => {
    const cluster = copyCluster("described");
    fs.writeFileSync(
      path.join(cluster, "instances/demo/config.yml"),
      `LMS_HOST: demo.example.com\n${line}`,
    );
    const r = cli(["plan", "--repo", cluster, "--message", UPDATE]);
    expect(r).toMatchObject({
      code: 1,
      stderr: `error: instances/demo/config.yml:2:1: ${message}\n`,
    });
  });
});

describe("exit codes (point 8)", () => {
  it("a --repo that is a file is a command-line error even when the message would come from git", () => {
    const dir = makeTempDir("repo-file");
    const file = path.join(dir, "cluster.yml");
    fs.writeFileSync(file, "not: a folder\n");
    for (const command of ["plan", "generate", "graph"]) {
      const r = cli([command, "--repo", file]);
      expect(r).toMatchObject({
        code: 2,
        stderr: `error: repository folder ${file} is not a folder\n`,
      });
    }
  });

  it("standard input that is a folder is a command-line error", () => {
    const r = spawnSync(process.execPath, [bundle.cli, "lint", "--message-file", "-"], {
      stdio: [fs.openSync(makeTempDir("stdin-folder"), "r"), "pipe", "pipe"],
      encoding: "utf8",
      timeout: TIMEOUT,
    });
    expect({ code: r.status, stderr: r.stderr }).toEqual({
      code: 2,
      stderr: "error: cannot read --message-file - (standard input): EISDIR\n",
    });
  });
});
