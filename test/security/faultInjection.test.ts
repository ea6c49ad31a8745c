import { buildSync } from "esbuild";
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTempDir, removeTempDirs } from "../support/tempTree.js";
import { STACK_LINE } from "../support/testCli.js";
import type { CliBundle } from "./support/bundleCli.js";
import { bundleCli } from "./support/bundleCli.js";
import { copyCluster } from "./support/clusterRepo.js";
import { spawnCli } from "./support/spawnCli.js";

/*
 * Issue 14's fault-injection suite: what the outside world can do to a run in the middle of it.
 * Signals during a large write, a full disk and unreadable repository files here; special files
 * and caps are in hostileFiles.test.ts, an unreadable instance file in a batch in
 * brokenRepository.test.ts, shallow clones at several depths in shallowClone.test.ts.
 */

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
let bundle: CliBundle;
let writer: string;

beforeAll(() => {
  bundle = bundleCli();
  writer = path.join(bundle.dir, "writeLarge.mjs");
  buildSync({
    entryPoints: [path.join(ROOT, "test/security/support/writeLarge.ts")],
    outfile: writer,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    logLevel: "warning",
  });
});
afterAll(() => {
  fs.rmSync(bundle.dir, { recursive: true, force: true });
  removeTempDirs();
});

const temporaryFiles = (dir: string) => fs.readdirSync(dir).filter((f) => f.endsWith(".tmp"));

/** Starts a 64 MB write over `out`, sends `signal` once its temporary file exists, and waits. */
async function interruptWrite(
  out: string,
  signal: NodeJS.Signals,
): Promise<{ code: number | null; sawTemporary: boolean }> {
  const child = spawn(process.execPath, [writer, out, "64"], { stdio: "ignore" });
  const dir = path.dirname(out);
  let sawTemporary = false;
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const deadline = Date.now() + 20_000;
  while (child.exitCode === null && Date.now() < deadline) {
    if (temporaryFiles(dir).length > 0) {
      sawTemporary = true;
      child.kill(signal);
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  return { code: await exited, sawTemporary };
}

describe("a signal during a large write", () => {
  it.each([
    ["SIGTERM", 143],
    ["SIGINT", 130],
  ] as const)(
    "%s leaves the old output or the whole new one, and no temporary file",
    async (signal, code) => {
      const dir = makeTempDir(`signal-${signal}`);
      const out = path.join(dir, "generated-pipeline.yml");
      fs.writeFileSync(out, "old: pipeline\n");
      const run = await interruptWrite(out, signal);
      // The write was caught in the middle: the temporary file existed when the signal was sent.
      expect(run.sawTemporary).toBe(true);
      // Ended by the signal, or, when the write was the last step, by finishing it.
      expect([code, 0]).toContain(run.code);
      expect(temporaryFiles(dir)).toEqual([]);
      const size = fs.statSync(out).size;
      expect([14, 64 * 1024 * 1024]).toContain(size);
    },
  );
});

describe("a full disk", () => {
  /** A 64 KiB tmpfs, filled to the brim; null where this process may not mount one. */
  function fullTmpfs(): string | null {
    if (process.getuid?.() !== 0) return null;
    const dir = makeTempDir("full-disk");
    try {
      execFileSync("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", dir], { stdio: "ignore" });
    } catch {
      return null;
    }
    fs.writeFileSync(path.join(dir, "generated-pipeline.yml"), "old: pipeline\n");
    try {
      fs.writeFileSync(path.join(dir, "filler"), Buffer.alloc(1024 * 1024));
    } catch {
      // ENOSPC: the filler took all there was.
    }
    return dir;
  }

  it("fails generate with exit 74 naming the file, keeping the old output, leaving no temporary file", (context) => {
    const dir = fullTmpfs();
    if (dir === null) {
      context.skip("mounting a small tmpfs needs root (and a container that allows mount)");
      return;
    }
    try {
      const cluster = copyCluster("full-disk");
      const out = path.join(dir, "generated-pipeline.yml");
      const r = spawnCli(bundle, [
        "generate",
        "--repo",
        cluster,
        "--output",
        out,
        "--message",
        "[AutoDeploy][Update] demo",
      ]);
      expect(r.status).toBe(74);
      expect(r.stderr).not.toMatch(STACK_LINE);
      expect(r.stderr).toBe(`error: cannot write ${out}: no space left on device (ENOSPC)\n`);
      expect(fs.readFileSync(out, "utf8")).toBe("old: pipeline\n");
      expect(temporaryFiles(dir)).toEqual([]);
    } finally {
      execFileSync("umount", [dir]);
    }
  });
});

describe("unreadable repository files (permission denied)", () => {
  // As root, chmod 000 hides nothing, so the command runs as the unprivileged user `nobody` then.
  const asUser = process.getuid?.() === 0 ? { uid: 65534 } : {};

  /** A copy of the example cluster everyone may read, with templates in ci/, then `lock`ed. */
  function lockedCluster(label: string, lock: (dir: string) => string): string {
    const dir = copyCluster(label);
    fs.mkdirSync(path.join(dir, "ci"));
    fs.copyFileSync(
      path.join(ROOT, "templates/grove-templates.yml"),
      path.join(dir, "ci/grove-templates.yml"),
    );
    fs.appendFileSync(path.join(dir, "grove-pipelines.yml"), "templates: ci/grove-templates.yml\n");
    const open = (folder: string): void => {
      fs.chmodSync(folder, 0o755);
      for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
        const full = path.join(folder, entry.name);
        if (entry.isDirectory()) open(full);
        else fs.chmodSync(full, 0o644);
      }
    };
    open(dir);
    fs.chmodSync(path.join(dir, lock(dir)), 0o000);
    return dir;
  }

  const denied = (file: string) =>
    `error: ${file}: ${file} cannot be read: permission denied (EACCES)\n`;
  it.each([
    // Locked, and the line the command prints: a locked folder is named through what it holds.
    ["grove-pipelines.yml", denied("grove-pipelines.yml")],
    ["ci/grove-templates.yml", denied("ci/grove-templates.yml")],
    ["ci", denied("ci/grove-templates.yml")],
    ["instances", denied("instances/demo")],
  ])("%s: exit 1 and one line naming it", (locked, expected) => {
    const dir = lockedCluster(`locked-${locked.replaceAll("/", "-")}`, () => locked);
    try {
      const r = spawnCli(
        bundle,
        ["generate", "--repo", dir, "--output", "-", "--message", "[AutoDeploy][Update] demo"],
        asUser,
      );
      expect(r.stderr).not.toMatch(STACK_LINE);
      expect({ status: r.status, stdout: r.stdout }).toEqual({ status: 1, stdout: "" });
      expect(r.stderr).toBe(expected);
    } finally {
      fs.chmodSync(path.join(dir, locked), 0o755);
    }
  });
});
