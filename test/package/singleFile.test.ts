import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VERSION } from "../../src/version.js";
import { loadScenario } from "../support/goldenScenarios.js";
import { BUILT_COMMAND } from "../support/e2e/vendoredCommand.js";
import { PROJECT_ROOT } from "../support/e2e/writeCliWrapper.js";

/*
 * dist/grove-pipelines.cjs, the command in one file: copied alone into an empty folder it runs
 * with plain `node`, with no node_modules, no other file of dist/ and no package.json, even
 * below a package.json that declares ES modules (its extension makes it CommonJS).
 */

let empty = "";
let esmPackage = "";
let nodeBin = "";
/** Only a folder holding `node`: nothing of this checkout, no node_modules. */
let env: NodeJS.ProcessEnv = {};

beforeAll(() => {
  if (!fs.existsSync(BUILT_COMMAND)) throw new Error(`${BUILT_COMMAND} is missing: npm run build`);
  empty = fs.mkdtempSync(path.join(os.tmpdir(), "grove-single-"));
  esmPackage = fs.mkdtempSync(path.join(os.tmpdir(), "grove-single-esm-"));
  fs.writeFileSync(path.join(esmPackage, "package.json"), JSON.stringify({ type: "module" }));
  for (const dir of [empty, esmPackage]) {
    fs.copyFileSync(BUILT_COMMAND, path.join(dir, "grove-pipelines.cjs"));
  }
  nodeBin = fs.mkdtempSync(path.join(os.tmpdir(), "grove-single-node-"));
  fs.symlinkSync(process.execPath, path.join(nodeBin, "node"));
  env = { PATH: nodeBin };
});
afterAll(() => {
  for (const dir of [empty, esmPackage, nodeBin]) {
    if (dir !== "") fs.rmSync(dir, { recursive: true, force: true });
  }
});

function run(dir: string, args: readonly string[], command = "node") {
  const argv = command === "node" ? ["grove-pipelines.cjs", ...args] : args;
  return spawnSync(command, argv, { cwd: dir, env, encoding: "utf8" });
}

describe("dist/grove-pipelines.cjs alone", () => {
  it("is the only file in its folder, and the package's command", () => {
    expect(fs.readdirSync(empty)).toEqual(["grove-pipelines.cjs"]);
    const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8")) as {
      bin: Record<string, string>;
    };
    expect(pkg.bin).toEqual({ "grove-pipelines": "dist/grove-pipelines.cjs" });
  });

  it.each([
    ["an empty folder", () => empty],
    ["a folder of an ES module package", () => esmPackage],
  ])("runs with plain node in %s", (_, dir) => {
    const version = run(dir(), ["--version"]);
    expect(version.stderr).toBe("");
    expect(version.stdout).toBe(`${VERSION}\n`);
    const lint = run(dir(), ["lint", "[AutoDeploy][Update] demo|42"]);
    expect(lint.status).toBe(0);
    expect(lint.stdout).toMatch(/^valid: update/);
  });

  it("writes the golden pipeline, run through its own shebang", () => {
    const s = loadScenario("batch-upgrade-to-targets");
    const out = path.join(empty, "pipeline.yml");
    const args = ["generate", "--repo", s.repo, "--message-file", s.messageFile, "--output", out];
    const r = spawnSync(path.join(empty, "grove-pipelines.cjs"), args, {
      cwd: PROJECT_ROOT,
      env,
      encoding: "utf8",
    });
    expect(r.stderr).toMatch(/^wrote /);
    expect(r.status).toBe(0);
    expect(fs.readFileSync(out, "utf8")).toBe(s.expectedPipeline);
  });
});
