import { execFileSync, spawnSync } from "node:child_process";
import type { SpawnSyncReturns } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/** The checkout these tests belong to, found from this file's place in it. */
const PROJECT_ROOT = fileURLToPath(new URL("../../", import.meta.url));

interface PackageJson {
  readonly version: string;
  readonly license: string;
  readonly dependencies?: Record<string, string>;
  readonly bin: Record<string, string>;
  readonly main: string;
  readonly types: string;
  readonly exports: { readonly ".": { readonly types: string; readonly default: string } };
  readonly engines: { readonly node: string };
}

const readPackageJson = (dir: string): PackageJson =>
  JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as PackageJson;

/** Runs a command to completion; a failure shows everything it printed. */
function run(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): SpawnSyncReturns<string> {
  const r = spawnSync(command, args, { ...options, encoding: "utf8" });
  if (r.error !== undefined || r.status !== 0) {
    const output = `${r.stdout ?? ""}${r.stderr ?? ""}`;
    throw new Error(`${command} ${args.join(" ")} failed (${r.error ?? r.status}):\n${output}`);
  }
  return r;
}

/**
 * Copies the files a clone of this checkout would have (tracked and new, not ignored: so no
 * dist/), as `npm install -g git+URL` gets them, and gives the copy this checkout's
 * devDependencies, as npm installs them there before it runs `prepare`.
 */
function copyCheckout(to: string): void {
  const listed = execFileSync(
    "git",
    ["ls-files", "-z", "--cached", "--others", "--exclude-standard"],
    { cwd: PROJECT_ROOT, encoding: "utf8" },
  );
  for (const file of listed.split("\0")) {
    // A node_modules symbolic link is not matched by the `node_modules/` ignore rule.
    if (file === "" || file === "node_modules") continue;
    const from = path.join(PROJECT_ROOT, file);
    if (!fs.existsSync(from)) continue; // deleted in the work tree, not yet in the index
    fs.mkdirSync(path.dirname(path.join(to, file)), { recursive: true });
    fs.cpSync(from, path.join(to, file), { verbatimSymlinks: true });
  }
  fs.symlinkSync(
    fs.realpathSync(path.join(PROJECT_ROOT, "node_modules")),
    path.join(to, "node_modules"),
  );
}

describe("the npm package, packed and installed offline as an operator would", () => {
  let work = "";
  let tarball = "";
  let packed: readonly string[] = [];
  let globalPrefix = "";
  let consumer = "";
  /** Only Node.js and the global install's bin folder: no grove-pipelines from this checkout. */
  let operatorEnv: NodeJS.ProcessEnv = {};

  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "grove-pack-"));
    const clone = path.join(work, "clone");
    const home = path.join(work, "home");
    const nodeBin = path.join(work, "node-bin");
    globalPrefix = path.join(work, "global");
    consumer = path.join(work, "consumer");
    for (const dir of [clone, home, nodeBin, consumer]) fs.mkdirSync(dir);
    fs.symlinkSync(process.execPath, path.join(nodeBin, "node"));

    // npm itself, without any node_modules/.bin (an `npm test` run puts this checkout's on PATH),
    // with an empty cache of its own and nothing that would reach a registry.
    const systemPath = (process.env.PATH ?? "")
      .split(path.delimiter)
      .filter((dir) => dir !== "" && !dir.split(path.sep).includes("node_modules"));
    const npmEnv: NodeJS.ProcessEnv = {
      PATH: [nodeBin, ...systemPath].join(path.delimiter),
      HOME: home,
      npm_config_cache: path.join(work, "npm-cache"),
      npm_config_update_notifier: "false",
    };
    operatorEnv = {
      PATH: [path.join(globalPrefix, "bin"), nodeBin].join(path.delimiter),
      HOME: home,
    };
    const whereIsIt = spawnSync("grove-pipelines", ["--version"], { env: operatorEnv });
    expect((whereIsIt.error as NodeJS.ErrnoException | undefined)?.code).toBe("ENOENT");

    copyCheckout(clone);
    expect(fs.existsSync(path.join(clone, "dist"))).toBe(false);
    // `npm pack` runs `prepare`, which builds dist/ in the copy (this checkout's dist/ stays as
    // other tests use it).
    run("npm", ["pack", "--offline", "--pack-destination", work], { cwd: clone, env: npmEnv });
    const version = readPackageJson(PROJECT_ROOT).version;
    tarball = path.join(work, `grove-pipelines-${version}.tgz`);
    packed = run("tar", ["-tzf", tarball], { cwd: work, env: npmEnv })
      .stdout.split("\n")
      .filter((entry) => entry !== "")
      .map((entry) => entry.replace(/^package\//, ""));

    const install = ["install", "--offline", "--no-audit", "--no-fund"];
    run("npm", [...install, "--global", "--prefix", globalPrefix, tarball], {
      cwd: work,
      env: npmEnv,
    });
    run("npm", [...install, "--prefix", consumer, tarball], { cwd: work, env: npmEnv });
  });

  afterAll(() => {
    if (work !== "") fs.rmSync(work, { recursive: true, force: true });
  });

  it("has no runtime dependencies", () => {
    expect(readPackageJson(PROJECT_ROOT).dependencies).toBeUndefined();
    const installed = path.join(globalPrefix, "lib", "node_modules");
    expect(fs.readdirSync(installed)).toEqual(["grove-pipelines"]);
    expect(readPackageJson(path.join(installed, "grove-pipelines")).dependencies).toBeUndefined();
    expect(fs.existsSync(path.join(installed, "grove-pipelines", "node_modules"))).toBe(false);
  });

  it("holds what the package needs and nothing of the source or the tests", () => {
    const pkg = readPackageJson(PROJECT_ROOT);
    const needed = [
      "package.json",
      "LICENSE",
      "CHANGELOG.md",
      "README.md",
      "templates/grove-templates.yml",
      ...Object.values(pkg.bin),
      pkg.main,
      pkg.types,
      pkg.exports["."].types,
      pkg.exports["."].default,
    ].map((file) => path.posix.normalize(file));
    for (const file of needed) expect(packed).toContain(file);

    const topLevel = new Set(["package.json", "LICENSE", "CHANGELOG.md", "README.md"]);
    const stray = packed.filter(
      (file) => !topLevel.has(file) && !file.startsWith("dist/") && !file.startsWith("templates/"),
    );
    expect(stray).toEqual([]);
    expect(packed.filter((file) => file.endsWith(".ts") && !file.endsWith(".d.ts"))).toEqual([]);
    expect(packed.filter((file) => /\.test\.|(^|\/)(src|test)\//.test(file))).toEqual([]);
  });

  it("ships the licence it declares and a changelog entry for its version", () => {
    const root = path.join(globalPrefix, "lib", "node_modules", "grove-pipelines");
    const pkg = readPackageJson(root);
    expect(pkg.license).toBe("AGPL-3.0-only");
    const licence = fs.readFileSync(path.join(root, "LICENSE"), "utf8");
    expect(licence).toMatch(
      /^\s+GNU AFFERO GENERAL PUBLIC LICENSE\n\s+Version 3, 19 November 2007\n/,
    );
    expect(licence).toBe(fs.readFileSync(path.join(PROJECT_ROOT, "LICENSE"), "utf8"));
    const changelog = fs.readFileSync(path.join(root, "CHANGELOG.md"), "utf8");
    expect(changelog).toContain("## [Unreleased]");
    expect(changelog).toContain(`## [${pkg.version}] - `);
    expect(pkg.engines.node).toMatch(/^>=20(\.|$)/);
  });

  it("installs a grove-pipelines command that runs with nothing but Node.js", () => {
    const version = readPackageJson(PROJECT_ROOT).version;
    const versionOut = run("grove-pipelines", ["--version"], { cwd: work, env: operatorEnv });
    expect(versionOut.stdout.trim()).toBe(version);

    const lint = run("grove-pipelines", ["lint", "[AutoDeploy][Update] a|1"], {
      cwd: work,
      env: operatorEnv,
    });
    expect(lint.stdout).toMatch(/^valid: update/);

    const plan = run(
      "grove-pipelines",
      [
        "plan",
        "--repo",
        path.join(PROJECT_ROOT, "examples", "cluster"),
        "--message",
        "[AutoDeploy][Update] demo|42",
      ],
      { cwd: work, env: operatorEnv },
    );
    expect(plan.stdout).toMatch(/^deploy\s+deploy:demo\s+demo\s+42\s+build-image:demo$/m);
  });

  it("gives a project that installs it the library, by its package name", () => {
    const script = [
      'import { generatePipeline, parseCommitMessage } from "grove-pipelines";',
      "const parsed = parseCommitMessage(process.argv[2]);",
      "const generated = generatePipeline(process.argv[3], [{ sha: null, message: process.argv[2] }], { env: {} });",
      "console.log(JSON.stringify({",
      "  kind: parsed.ok ? parsed.value.kind : parsed.diagnostics,",
      "  yaml: generated.ok ? generated.value.yaml : generated.diagnostics,",
      "}));",
    ].join("\n");
    fs.writeFileSync(path.join(consumer, "consumer.mjs"), script);
    const r = run(
      process.execPath,
      [
        "consumer.mjs",
        "[AutoDeploy][Update] demo|42",
        path.join(PROJECT_ROOT, "examples", "cluster"),
      ],
      { cwd: consumer, env: operatorEnv },
    );
    const out = JSON.parse(r.stdout) as { kind: unknown; yaml: unknown };
    expect(out.kind).toBe("update");
    expect(out.yaml).toEqual(expect.stringContaining("\ndeploy:demo:\n"));
  });

  it("gives TypeScript the library's declarations, typed", () => {
    const source = [
      'import { parseCommitMessage, type Directive, type Result } from "grove-pipelines";',
      "",
      'const parsed: Result<Directive> = parseCommitMessage("[AutoDeploy][Update] demo|42");',
      'export const kind: Directive["kind"] | null = parsed.ok ? parsed.value.kind : null;',
      "// @ts-expect-error a commit message is a string (fails if the declarations were `any`)",
      "parseCommitMessage(42);",
      "",
    ].join("\n");
    fs.writeFileSync(path.join(consumer, "consumer.mts"), source);
    // The options `tsc --init` gives a new project.
    const tsconfig = {
      compilerOptions: {
        module: "nodenext",
        target: "esnext",
        types: [],
        strict: true,
        skipLibCheck: true,
        verbatimModuleSyntax: true,
        noEmit: true,
      },
      files: ["consumer.mts"],
    };
    fs.writeFileSync(path.join(consumer, "tsconfig.json"), JSON.stringify(tsconfig));
    const tsc = path.join(PROJECT_ROOT, "node_modules", "typescript", "bin", "tsc");
    const r = spawnSync(process.execPath, [tsc, "-p", ".", "--listFiles"], {
      cwd: consumer,
      env: operatorEnv,
      encoding: "utf8",
    });
    expect(r.stdout).not.toMatch(/error TS/);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(
      path.join(consumer, "node_modules", "grove-pipelines", "dist", "types", "index.d.ts"),
    );
  });
});
