// Regenerates the golden files of test/fixtures/<scenario>/ (plan.json, pipeline.yml) by running
// the built CLI, exactly as test/golden/golden.test.ts runs it in-process. Run it through
// `npm run golden:update`, which builds first, then review `git diff test/fixtures`: the golden
// files are the contract, so every changed line must be a change you meant.
//
//   npm run golden:update                  every scenario
//   npm run golden:update -- create none   only these scenarios
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const cli = path.join(root, "dist", "cli.js");
const fixtures = path.join(root, "test", "fixtures");
const DEFAULT_REPO = "examples/cluster";

if (!fs.existsSync(cli)) {
  console.error(`${path.relative(root, cli)} does not exist: run npm run build first`);
  process.exit(1);
}

/** Scenario folders are the folders of test/fixtures holding a message.txt. */
const all = fs
  .readdirSync(fixtures, { withFileTypes: true })
  .filter((d) => d.isDirectory() && fs.existsSync(path.join(fixtures, d.name, "message.txt")))
  .map((d) => d.name)
  .sort();
const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !all.includes(name) && name !== "status-demo");
if (unknown.length > 0) {
  console.error(`no such scenario: ${unknown.join(", ")} (scenarios: ${all.join(", ")})`);
  process.exit(2);
}

function readOptional(file) {
  return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : null;
}

/**
 * The CLI sees only the scenario's env.json: the variables of the machine running this (GITLAB_CI,
 * CI_COMMIT_MESSAGE, ...) would otherwise change the output.
 */
function runCli(args, env) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, env, encoding: "utf8" });
  if (r.status !== 0) {
    throw new Error(`grove-pipelines ${args.join(" ")} exited ${r.status}:\n${r.stderr}`);
  }
  return r.stdout;
}

let failed = false;
for (const name of wanted.length > 0 ? wanted.filter((w) => w !== "status-demo") : all) {
  const dir = path.join(fixtures, name);
  const rel = path.relative(root, dir);
  const repo = readOptional(path.join(dir, "repo"))?.trim() || DEFAULT_REPO;
  const envText = readOptional(path.join(dir, "env.json"));
  const env = envText === null ? {} : JSON.parse(envText);
  const source = ["--repo", repo, "--message-file", path.join(rel, "message.txt")];
  const planFile = path.join(dir, "plan.json");
  const pipelineFile = path.join(dir, "pipeline.yml");
  const before = [readOptional(planFile), readOptional(pipelineFile)];
  try {
    fs.writeFileSync(planFile, runCli(["plan", "--json", ...source], env));
    runCli(["generate", ...source, "--output", path.join(rel, "pipeline.yml")], env);
  } catch (err) {
    console.error(`${name}: ${err.message}`);
    failed = true;
    continue;
  }
  const after = [readOptional(planFile), readOptional(pipelineFile)];
  const changed = before.some((text, i) => text !== after[i]);
  console.log(`${changed ? "updated  " : "unchanged"} ${rel}`);
}
// The golden `status --json` and `history --json` outputs of the demo history
// (scripts/demo-history.sh; its commit ids are fixed), checked by src/cli/statusCommands.test.ts.
if (wanted.length === 0 || wanted.includes("status-demo")) {
  const rel = path.join("test", "fixtures", "status-demo");
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "grove-golden-"));
  try {
    const repo = path.join(work, "cluster");
    const made = spawnSync("bash", [path.join(root, "scripts", "demo-history.sh"), repo]);
    if (made.status !== 0) throw new Error(`scripts/demo-history.sh failed:\n${made.stderr}`);
    const goldens = {
      "status.json": ["status", "--repo", repo, "--json"],
      "history-site-b.json": ["history", "site-b", "--repo", repo, "--json"],
    };
    for (const [file, args] of Object.entries(goldens)) {
      const target = path.join(root, rel, file);
      const before = readOptional(target);
      fs.writeFileSync(target, runCli(args, { PATH: process.env.PATH ?? "" }));
      const changed = before !== readOptional(target);
      console.log(`${changed ? "updated  " : "unchanged"} ${path.join(rel, file)}`);
    }
  } catch (err) {
    console.error(`status-demo: ${err.message}`);
    failed = true;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
if (failed) process.exit(1);
console.log("Review the changes with: git diff test/fixtures");
