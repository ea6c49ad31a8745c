import fc from "fast-check";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTempDir, removeTempDirs } from "../support/tempTree.js";
import { STACK_LINE } from "../support/testCli.js";
import type { CliBundle } from "./support/bundleCli.js";
import { bundleCli } from "./support/bundleCli.js";
import type { DriverCase } from "./support/driverCase.js";
import { runDriver } from "./support/spawnCli.js";

/*
 * Issue 14: random small cluster trees, hostile and unlucky (instance folders that are files,
 * FIFOs or links in and out of the repository, config files in Latin-1 or UTF-16, links to
 * devices, nested settings folders), through `plan` and `generate`. Each run must end within the
 * driver's time bound, never print a stack, and either succeed or fail with lines that each name
 * a file of the tree.
 */

let bundle: CliBundle;
let outside: string;
beforeAll(() => {
  bundle = bundleCli();
  outside = makeTempDir("tree-outside");
  fs.mkdirSync(path.join(outside, "folder"));
  fs.writeFileSync(path.join(outside, "folder/config.yml"), "EDX_PLATFORM_VERSION: stolen\n");
  fs.writeFileSync(path.join(outside, "secret.yml"), "TOKEN: stolen\n");
});
afterAll(() => {
  fs.rmSync(bundle.dir, { recursive: true, force: true });
  removeTempDirs();
});

const NAMES = ["demo", "site-a", "acme_2", "z9"] as const;

type FileShape =
  | "valid"
  | "latin1"
  | "utf16"
  | "bom"
  | "fifo"
  | "folder"
  | "link-outside"
  | "link-device"
  | "link-inside"
  | "link-loop"
  | "bad-date"
  | "binary"
  | "list";
type FolderShape = "folder" | "file" | "fifo" | "link-inside" | "link-outside" | "missing";
type SettingsShape = "none" | "valid" | "fifo" | "latin1" | "templates-outside" | "nested";

const anyFileShape = fc.constantFrom<FileShape>(
  "valid",
  "latin1",
  "utf16",
  "bom",
  "fifo",
  "folder",
  "link-outside",
  "link-device",
  "link-inside",
  "link-loop",
  "bad-date",
  "binary",
  "list",
);
// Mostly sound files, so that some trees plan and both outcomes are checked.
const fileShape = fc.oneof(
  { arbitrary: fc.constant<FileShape>("valid"), weight: 5 },
  { arbitrary: anyFileShape, weight: 1 },
);
const tree = fc.record({
  settings: fc.constantFrom<SettingsShape>(
    "none",
    "valid",
    "valid",
    "nested",
    "fifo",
    "latin1",
    "templates-outside",
    "nested",
  ),
  instances: fc.uniqueArray(
    fc.record({
      name: fc.constantFrom(...NAMES),
      folder: fc.constantFrom<FolderShape>(
        "folder",
        "folder",
        "folder",
        "folder",
        "folder",
        "file",
        "fifo",
        "link-inside",
        "link-outside",
        "missing",
      ),
      config: fileShape,
      grove: fc.option(fileShape, { nil: undefined, freq: 3 }),
    }),
    { selector: (i) => i.name, minLength: 1, maxLength: 4 },
  ),
});
type Tree = typeof tree extends fc.Arbitrary<infer T> ? T : never;

const CONFIG =
  "EDX_PLATFORM_REPOSITORY: https://github.com/openedx/edx-platform.git\nEDX_PLATFORM_VERSION: open-release/quince.3\n";

function writeFile(abs: string, shape: FileShape, dir: string): void {
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  switch (shape) {
    case "valid":
      return fs.writeFileSync(abs, CONFIG);
    case "latin1":
      return fs.writeFileSync(abs, Buffer.from(`${CONFIG}LMS_HOST: caf\u00e9.example\n`, "latin1"));
    case "utf16":
      return fs.writeFileSync(
        abs,
        Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(CONFIG, "utf16le")]),
      );
    case "bom":
      return fs.writeFileSync(abs, `\ufeff${CONFIG}`);
    case "fifo":
      return void execFileSync("mkfifo", [abs]);
    case "folder":
      return fs.mkdirSync(abs);
    case "link-outside":
      return fs.symlinkSync(path.join(outside, "secret.yml"), abs);
    case "link-device":
      return fs.symlinkSync("/dev/zero", abs);
    case "link-inside":
      fs.writeFileSync(path.join(dir, "shared.yml"), CONFIG);
      return fs.symlinkSync(path.relative(path.dirname(abs), path.join(dir, "shared.yml")), abs);
    case "link-loop":
      return fs.symlinkSync(path.basename(abs), abs);
    case "bad-date":
      return fs.writeFileSync(abs, "EDX_PLATFORM_VERSION: 2024-13-45\n");
    case "binary":
      return fs.writeFileSync(abs, "EDX_PLATFORM_VERSION: !!binary aGVsbG8=\n");
    case "list":
      return fs.writeFileSync(abs, "EDX_PLATFORM_VERSION: [a, b]\n");
  }
}

/** Builds the tree in a fresh folder; returns it and where its instances are. */
function build(t: Tree): { dir: string; instancesDir: string } {
  const dir = makeTempDir("tree");
  const instancesDir = t.settings === "nested" ? "clusters/prod/instances" : "instances";
  const settings = path.join(dir, "grove-pipelines.yml");
  switch (t.settings) {
    case "none":
      break;
    case "valid":
      fs.writeFileSync(settings, "batch:\n  waveSize: 2\n");
      break;
    case "fifo":
      execFileSync("mkfifo", [settings]);
      break;
    case "latin1":
      fs.writeFileSync(settings, Buffer.from("# r\u00e9glages\nbatch:\n  waveSize: 2\n", "latin1"));
      break;
    case "templates-outside":
      fs.symlinkSync(outside, path.join(dir, "ci"));
      fs.writeFileSync(settings, "templates: ci/secret.yml\n");
      break;
    case "nested":
      fs.writeFileSync(settings, `instancesDir: ${instancesDir}\n`);
      break;
  }
  const root = path.join(dir, instancesDir);
  fs.mkdirSync(root, { recursive: true });
  for (const i of t.instances) {
    const folder = path.join(root, i.name);
    switch (i.folder) {
      case "missing":
        continue;
      case "file":
        fs.writeFileSync(folder, CONFIG);
        continue;
      case "fifo":
        execFileSync("mkfifo", [folder]);
        continue;
      case "link-outside":
        fs.symlinkSync(path.join(outside, "folder"), folder);
        continue;
      case "link-inside": {
        const real = path.join(dir, "real", i.name);
        writeFile(path.join(real, "config.yml"), i.config, dir);
        fs.symlinkSync(path.relative(root, real), folder);
        continue;
      }
      case "folder":
        writeFile(path.join(folder, "config.yml"), i.config, dir);
        if (i.grove !== undefined) writeFile(path.join(folder, "grove.yml"), i.grove, dir);
    }
  }
  return { dir, instancesDir };
}

/** Every error line names a file or folder of the tree (or the settings file). */
function namesAFile(line: string, t: Tree, instancesDir: string): boolean {
  const names = [
    "grove-pipelines.yml",
    "ci",
    instancesDir,
    ...t.instances.map((i) => `${instancesDir}/${i.name}`),
  ];
  return names.some((n) => line.includes(n));
}

describe("random small cluster trees", () => {
  it("plan and generate end in time, print no stack, and succeed or name a file", () => {
    const trees = fc.sample(tree, { numRuns: 60, seed: 14 });
    const built = trees.map(build);
    const cases: DriverCase[] = trees.flatMap((t, index) => {
      const b = built[index];
      if (b === undefined) return [];
      const message = `[AutoDeploy][Update] ${t.instances.map((i) => i.name).join(",")}`;
      const out = path.join(b.dir, "generated-pipeline.yml");
      return [
        { argv: ["plan", "--repo", b.dir, "--json", "--message", message], env: {}, cwd: b.dir },
        {
          argv: ["generate", "--repo", b.dir, "--output", out, "--message", message],
          env: {},
          cwd: b.dir,
        },
      ];
    });
    const results = runDriver(bundle, cases, 60_000, (i) =>
      JSON.stringify(trees[Math.floor(i / 2)]),
    );
    results.forEach((r, i) => {
      const t = trees[Math.floor(i / 2)];
      const b = built[Math.floor(i / 2)];
      if (t === undefined || b === undefined) throw new Error("no tree for a result");
      const where = `${JSON.stringify(t)} (${cases[i]?.argv[0] ?? "?"})`;
      expect(r.stderr, where).not.toMatch(STACK_LINE);
      expect([0, 1], where).toContain(r.code);
      const errors = r.stderr.split("\n").filter((l) => l.startsWith("error: "));
      if (r.code === 0) expect(errors, where).toEqual([]);
      else {
        expect(errors.length, where).toBeGreaterThan(0);
        for (const line of errors)
          expect(namesAFile(line, t, b.instancesDir), `${where}: ${line}`).toBe(true);
      }
      // Nothing from outside the repository reaches the output.
      expect(r.stdout, where).not.toContain("stolen");
      const out = path.join(b.dir, "generated-pipeline.yml");
      if (fs.existsSync(out)) expect(fs.readFileSync(out, "utf8"), where).not.toContain("stolen");
    });
    // The sample holds both outcomes, so both halves of the check ran.
    const codes = new Set(results.map((r) => r.code));
    expect([...codes].sort()).toEqual([0, 1]);
  });
});
