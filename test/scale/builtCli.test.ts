import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUILT_CLI, makeScaleCluster, runCli, scaleSettings } from "./scaleCluster.js";

// What a user of the built command (dist/cli.js, as npm installs it) relies on beyond its output:
// it runs alone, colours only a terminal, and ends quietly when its reader goes away.

const BATCH = "[AutoDeploy][Batch][UpgradeTo] 1a2b3c4d5e6f7a8b9c0d";

const generateArgs = (repo: string, out: string) => [
  "generate",
  "--repo",
  repo,
  "--message",
  "Fix a typo",
  "--output",
  out,
];

/** POSIX single-quoting for a `sh -c` command line. */
const quote = (args: readonly string[]) =>
  args.map((a) => `'${a.replaceAll("'", `'\\''`)}'`).join(" ");

let bare: string;
let withSettings: string;
beforeAll(() => {
  bare = makeScaleCluster(3, undefined);
  withSettings = makeScaleCluster(3, scaleSettings({ waveSize: 2 }));
});
afterAll(() => {
  fs.rmSync(bare, { recursive: true, force: true });
  fs.rmSync(withSettings, { recursive: true, force: true });
});

describe("the built grove-pipelines", () => {
  it("runs from its shebang with nothing beside it, with the same output", () => {
    const expected = path.join(withSettings, "expected.yml");
    expect(runCli(generateArgs(withSettings, expected)).status).toBe(0);
    const alone = fs.mkdtempSync(path.join(os.tmpdir(), "grove-cli-alone-"));
    try {
      const cli = path.join(alone, "grove-pipelines");
      fs.copyFileSync(BUILT_CLI, cli);
      fs.chmodSync(cli, 0o755);
      const out = path.join(withSettings, "alone.yml");
      // As npm's bin link runs it: the file itself, `node` found on PATH.
      const run = spawnSync(cli, generateArgs(withSettings, out), {
        encoding: "utf8",
        env: { PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env["PATH"]}` },
      });
      expect(run.stderr).toContain("alone.yml: 1 job(s)");
      expect(run.status).toBe(0);
      expect(fs.readFileSync(out, "utf8")).toBe(fs.readFileSync(expected, "utf8"));
    } finally {
      fs.rmSync(alone, { recursive: true, force: true });
    }
  });

  it("colours its plan only when standard output is a terminal", () => {
    const args = ["plan", "--repo", bare, "--message", "Fix a typo"];
    const plain = runCli(args);
    expect(plain.status).toBe(0);
    expect(plain.stdout).toContain("Directive:");
    expect(plain.stdout).not.toContain("\u001b[");
    // `script` gives the command a terminal.
    const onTerminal = execFileSync(
      "script",
      ["-qec", quote([process.execPath, BUILT_CLI, ...args]), "/dev/null"],
      {
        encoding: "utf8",
        env: { PATH: process.env["PATH"] ?? "", HOME: os.tmpdir() },
      },
    );
    expect(onTerminal).toContain("\u001b[1mDirective:");
  });

  it("ends quietly, with its own exit code, when its reader stops early", () => {
    const big = makeScaleCluster(1_000, scaleSettings({ waveSize: 40 }));
    try {
      const args = ["plan", "--repo", big, "--json", "--message", BATCH];
      const whole = runCli(args);
      expect(whole.status).toBe(0);
      // Far more than a pipe holds, so the writes after `head` has gone fail with EPIPE.
      expect(whole.stdout.length).toBeGreaterThan(1_000_000);
      const piped = spawnSync(
        "bash",
        [
          "-c",
          `${quote([process.execPath, BUILT_CLI, ...args])} | head -c 100 >/dev/null; exit \${PIPESTATUS[0]}`,
        ],
        { encoding: "utf8" },
      );
      expect(piped.status).toBe(0);
      expect(piped.stderr).toBe("");
      // A command that fails keeps its exit code too: `instances` lists every instance, and one
      // problem per broken one, and exits 1.
      const instances = path.join(big, "instances");
      for (const name of fs.readdirSync(instances)) {
        fs.writeFileSync(path.join(instances, name, "config.yml"), "A: [\n");
      }
      const listArgs = ["instances", "--repo", big];
      const broken = runCli(listArgs);
      expect(broken.status).toBe(1);
      expect(broken.stdout.length + broken.stderr.length).toBeGreaterThan(200_000);
      const failing = spawnSync(
        "bash",
        [
          "-c",
          `${quote([process.execPath, BUILT_CLI, ...listArgs])} 2>&1 | head -c 100 >/dev/null; exit \${PIPESTATUS[0]}`,
        ],
        { encoding: "utf8" },
      );
      expect(failing.status).toBe(1);
      expect(failing.stderr).toBe("");
    } finally {
      fs.rmSync(big, { recursive: true, force: true });
    }
  });

  it("validates a settings file with its schema", () => {
    fs.writeFileSync(path.join(withSettings, "grove-pipelines.yml"), "batch:\n  waveSiz: 3\n");
    const run = runCli(generateArgs(withSettings, path.join(withSettings, "out2.yml")));
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("unknown setting batch.waveSiz (did you mean batch.waveSize?)");
  });

  it("exits 2 naming standard input when --message-file - reads a folder", () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), "grove-stdin-"));
    const fd = fs.openSync(folder, "r");
    try {
      const run = spawnSync(process.execPath, [BUILT_CLI, "lint", "--message-file", "-"], {
        stdio: [fd, "pipe", "pipe"],
        encoding: "utf8",
      });
      expect(run.status).toBe(2);
      expect(run.stderr).toBe("error: cannot read --message-file - (standard input): EISDIR\n");
    } finally {
      fs.closeSync(fd);
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it("exits 2 naming the path when --repo is a file", () => {
    const file = path.join(withSettings, "grove-pipelines.yml");
    const run = runCli(["plan", "--repo", file, "--message", "[AutoDeploy][Update] a"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`error: repository folder ${file} is not a folder\n`);
  });
});
