// `npm run bench`: whether grove-pipelines' built command (dist/cli.js) stays within what a user
// can feel. Generates cluster repositories of 10, 1,000 and 10,000 instances under bench/.work/
// (kept between runs), times each command as a separate process (the median of several runs,
// all commands of a comparison interleaved so that they share the machine's load) and prints one
// table: each figure, its baseline measured in this run, the ratio and the target. `--smoke`: 10 and 200 instances, few runs,
// no targets (the test suite runs it). `--runs N`: runs per measurement. `--cli FILE`: measure
// another build of the command (e.g. an older commit's, to compare before and after a change).
// A second table gives the hours a batch's pipeline keeps GitLab runners busy, in the model of
// makespan.mjs, against the least its safety rules allow; `--makespan` prints only that table.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import yaml from "js-yaml";
import { instanceName, writeCluster } from "./makeCluster.mjs";
import { makespanReport } from "./makespan.mjs";
import { writeHistory } from "./makeHistory.mjs";

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(BENCH);
const cliArg = process.argv.indexOf("--cli");
const CLI =
  cliArg === -1 ? path.join(ROOT, "dist", "cli.js") : path.resolve(process.argv[cliArg + 1]);
const WORK = path.join(BENCH, ".work");
const NODE = process.execPath;

const args = process.argv.slice(2);
const smoke = args.includes("--smoke");
const makespanOnly = args.includes("--makespan");
const runsArg = args.indexOf("--runs");
const [SMALL, MEDIUM, LARGE] = smoke ? [10, 200, 200] : [10, 1_000, 10_000];
// The scale rows: a batch over 100,000 instances (about 190,000 jobs in 400 shards), measured
// fewer times since each run takes seconds. `--no-huge` leaves them out.
const HUGE = args.includes("--no-huge") ? null : smoke ? 400 : 100_000;
const RUNS = runsArg === -1 ? (smoke ? 3 : 7) : Number(args[runsArg + 1]);
const QUICK_RUNS = smoke ? 3 : 21;
const HISTORY = smoke ? 300 : 5_000;
const HUGE_RUNS = smoke ? 1 : 3;

// Settings of a real cluster; the "no settings" repository has none (SPEC: the file is optional).
const SETTINGS = [
  "image: registry.example.com/grove/tools:1.4",
  "defaults:",
  "  EDX_PLATFORM_REPOSITORY: https://github.com/openedx/edx-platform.git",
  "deployBranches: [main]",
  "batch:",
  "  canary: 1",
  "  waveSize: 25",
  "",
].join("\n");

if (!fs.existsSync(CLI)) {
  console.error(`${CLI} is missing: run \`npm run build\` first (\`npm run bench\` does).`);
  process.exit(2);
}

/**
 * A cluster of `count` instances under bench/.work, generated again only when its recipe changed;
 * `label` tells apart clusters of one size with other settings.
 */
function cluster(count, settings, label = "") {
  const recipe = createHash("sha256")
    .update(fs.readFileSync(path.join(BENCH, "makeCluster.mjs")))
    .update(String(settings))
    .digest("hex")
    .slice(0, 12);
  const dir = path.join(
    WORK,
    `cluster-${count}${settings === undefined ? "-bare" : ""}${label === "" ? "" : `-${label}`}`,
  );
  const stamp = path.join(dir, ".recipe");
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === recipe) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  process.stderr.write(`generating ${count} instances in ${path.relative(ROOT, dir)}...\n`);
  writeCluster(dir, count, settings);
  fs.writeFileSync(stamp, recipe);
  return dir;
}

// Every command runs in a minimal environment: the CLI must not see a CI environment of the
// machine (the gate), and Node itself starts slower with some variables (NODE_EXTRA_CA_CERTS
// makes it load a certificate bundle first), which would hide the cost of our own start.
const ENV = { PATH: process.env.PATH ?? "", HOME: os.tmpdir(), LANG: "C" };
// The shell's own environment without CI variables, for the start-up row that shows it.
const SHELL_ENV = Object.fromEntries(
  Object.entries(process.env).filter(
    ([k]) => !k.startsWith("CI_") && k !== "GITLAB_CI" && k !== "CI",
  ),
);
const OUT = path.join(WORK, "generated.yml");
// Standard output of the commands that print (`plan --json`, `graph`): a file, as a job's
// redirection would be, never a pipe buffer here.
const STDOUT = path.join(WORK, "stdout.txt");
const SHARDS = path.join(WORK, "shards");

function run(argv, env = ENV) {
  if (argv[0] === "shell-env") return run(argv.slice(1), SHELL_ENV);
  if (argv[0] === "batch-work") return batchWork(argv[1], env);
  const out = fs.openSync(STDOUT, "w");
  const start = process.hrtime.bigint();
  const result = spawnSync(argv[0], argv.slice(1), {
    env,
    encoding: "utf8",
    cwd: ROOT,
    maxBuffer: 1 << 30,
    stdio: ["ignore", out, "pipe"],
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  fs.closeSync(out);
  if (result.status !== 0) {
    console.error(`failed (${result.status}): ${argv.join(" ")}\n${result.stderr}`);
    process.exit(1);
  }
  return ms;
}

/** Median wall times of the commands, run `runs` times each, interleaved. */
function medians(commands, runs) {
  const times = commands.map(() => []);
  for (let i = 0; i < runs; i += 1) {
    commands.forEach((argv, k) => times[k].push(run(argv)));
  }
  return times.map((list) => {
    const sorted = [...list].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
  });
}

/** A cluster of `count` instances with `commits` commits of history, made again when its recipe changed. */
function historyRepo(count, commits) {
  const recipe = createHash("sha256")
    .update(fs.readFileSync(path.join(BENCH, "makeCluster.mjs")))
    .update(fs.readFileSync(path.join(BENCH, "makeHistory.mjs")))
    .digest("hex")
    .slice(0, 12);
  const dir = path.join(WORK, `history-${count}-${commits}`);
  const stamp = path.join(WORK, `history-${count}-${commits}.recipe`);
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === recipe) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  process.stderr.write(
    `generating ${count} instances with ${commits} commits in ${path.relative(ROOT, dir)}...\n`,
  );
  writeHistory(dir, count, commits, SETTINGS);
  fs.writeFileSync(stamp, recipe);
  return dir;
}

const generate = (repo, message) => [
  NODE,
  CLI,
  "generate",
  "--repo",
  repo,
  "--message",
  message,
  "--output",
  OUT,
];
const BATCH = "[AutoDeploy][Batch][UpgradeTo] 1a2b3c4d5e6f7a8b9c0d";
// Loaded into a measured process to report its peak memory (see maxRss.mjs).
const RSS_HOOK = ["--import", path.join(BENCH, "maxRss.mjs")];

/**
 * Everything a pipeline runs of the generator for a batch, in ms: the parent's generate job as
 * `init` writes it, which plans the batch once and writes the orchestrator and every shard file
 * (`--shards-dir`); the orchestrator only fetches those files and runs no generator.
 */
function batchWork(repo, env) {
  fs.rmSync(SHARDS, { recursive: true, force: true });
  const hook = env.BENCH_MAX_RSS_FILE === undefined ? [] : RSS_HOOK;
  const [node, ...rest] = generate(repo, BATCH);
  const job = { ...env, CI_PIPELINE_ID: "1", CI_JOB_NAME: "generate-pipeline" };
  return run([node, ...hook, ...rest, "--shards-dir", path.relative(ROOT, SHARDS)], job);
}
const update = (count) => `[AutoDeploy][Update] ${instanceName(3, count)}|bench-42`;
const NONE = "Fix a typo in the README";

fs.mkdirSync(WORK, { recursive: true });

/**
 * The makespan table: the pipeline `generate` writes for a batch over 200 instances, run in the
 * model of GitLab runners (makespan.mjs), against the lower bound of the same file.
 */
function makespanTable() {
  const MAKESPAN_INSTANCES = 200;
  const cases = [
    { waves: "default waves", settings: SETTINGS, label: "", runners: 10, target: 1.08 },
    { waves: "default waves", settings: SETTINGS, label: "", runners: 40, target: 1.45 },
    {
      waves: "waves of 10",
      settings: `${SETTINGS}  waveSize: 10\n`.replace("  waveSize: 25\n", ""),
      label: "waves-of-10",
      runners: 10,
      target: 1.1,
    },
  ];
  const out = path.join(WORK, "makespan.yml");
  const table = [
    [
      "batch over 200",
      "runners",
      "makespan",
      "bound",
      "ratio",
      "target",
      "",
      "failed canary wastes",
    ],
  ];
  for (const c of cases) {
    const repo = cluster(MAKESPAN_INSTANCES, c.settings, c.label);
    run([NODE, CLI, "generate", "--repo", repo, "--message", BATCH, "--output", out]);
    const r = makespanReport(yaml.load(fs.readFileSync(out, "utf8")), c.runners);
    table.push([
      c.waves,
      String(c.runners),
      `${r.makespan} min`,
      `${r.bound.toFixed(1)} min`,
      `${r.ratio.toFixed(2)}x`,
      smoke ? "-" : `<= ${c.target}x`,
      smoke ? "" : r.ratio <= c.target ? "met" : "MISSED",
      `${r.canaryWaste} build min`,
    ]);
  }
  return table;
}

/** Lines of a table whose first row is its header, columns padded to their widest cell. */
function formatTable(lines) {
  const widths = lines[0].map((_, c) => Math.max(...lines.map((l) => l[c].length)));
  const text = lines.map((l) =>
    l
      .map((cell, c) => cell.padEnd(widths[c]))
      .join("  ")
      .trimEnd(),
  );
  return [text[0], widths.map((w) => "-".repeat(w)).join("  "), ...text.slice(1)];
}

if (makespanOnly) {
  console.log(
    "grove-pipelines makespan: minutes a batch's pipeline runs, in the model of makespan.mjs",
  );
  for (const line of formatTable(makespanTable())) console.log(line);
  process.exit(0);
}

const small = cluster(SMALL, SETTINGS);
const smallBare = cluster(SMALL, undefined);
const medium = cluster(MEDIUM, SETTINGS);
const large = cluster(LARGE, SETTINGS);

const rows = [];
const row = (what, ms, baselineWhat, baselineMs, target) =>
  rows.push({ what, ms, baselineWhat, baselineMs, ratio: ms / baselineMs, target });

{
  const [gen, floorA, floorB] = medians(
    [
      generate(large, BATCH),
      [NODE, path.join(BENCH, "floor.mjs"), "read", large],
      [NODE, path.join(BENCH, "floor.mjs"), "parse", large],
    ],
    RUNS,
  );
  row(
    `generate: batch over all of ${LARGE.toLocaleString("en")}`,
    gen,
    "floor B: read + js-yaml",
    floorB,
    2,
  );
  row(
    `generate: batch over all of ${LARGE.toLocaleString("en")}`,
    gen,
    "floor A: read the files",
    floorA,
    null,
  );
}
if (MEDIUM !== LARGE) {
  const [gen, floorB] = medians(
    [generate(medium, BATCH), [NODE, path.join(BENCH, "floor.mjs"), "parse", medium]],
    RUNS,
  );
  row(
    `generate: batch over all of ${MEDIUM.toLocaleString("en")}`,
    gen,
    "floor B: read + js-yaml",
    floorB,
    null,
  );
}
{
  const [big, tiny] = medians(
    [generate(large, update(LARGE)), generate(small, update(SMALL))],
    QUICK_RUNS,
  );
  row(
    `generate: Update of 1 in ${LARGE.toLocaleString("en")}`,
    big,
    `the same in ${SMALL}`,
    tiny,
    1.2,
  );
}
{
  const [bare, withSettings, node, bareShell, nodeShell] = medians(
    [
      generate(smallBare, NONE),
      generate(small, NONE),
      [NODE, "-e", ""],
      ["shell-env", ...generate(smallBare, NONE)],
      ["shell-env", NODE, "-e", ""],
    ],
    QUICK_RUNS,
  );
  row("generate: no directive (no settings file)", bare, 'node -e ""', node, 2);
  row("generate: no directive (with settings file)", withSettings, 'node -e ""', node, null);
  row("  the same in this shell's environment", bareShell, 'node -e "" there', nodeShell, null);
}

{
  // status reads the whole first-parent history in one git log and evaluates each batch upgrade
  // against its own commit's files; the floor is git listing the same history's changed files.
  const repo = historyRepo(LARGE, HISTORY);
  const [status, floor] = medians(
    [
      [NODE, CLI, "status", "--repo", repo, "--json"],
      ["git", "-C", repo, "log", "--first-parent", "--name-only", "--format=%H%n%B", "HEAD"],
    ],
    RUNS,
  );
  row(
    `status: ${LARGE.toLocaleString("en")} instances, ${HISTORY.toLocaleString("en")} commits`,
    status,
    "git log --name-only",
    floor,
    3,
  );
}

// The scale rows: the whole batch's generator work at 10,000 and 100,000, and `plan --json` and
// `graph` over 100,000, each against floor B of its cluster in the same run.
{
  const [work, floorB] = medians(
    [
      ["batch-work", large],
      [NODE, path.join(BENCH, "floor.mjs"), "parse", large],
    ],
    RUNS,
  );
  row(
    `batch: all generator work over ${LARGE.toLocaleString("en")}`,
    work,
    "floor B: read + js-yaml",
    floorB,
    2,
  );
}
const huge = HUGE === null ? null : cluster(HUGE, SETTINGS);
if (huge !== null) {
  const plan = [NODE, CLI, "plan", "--json", "--repo", huge, "--message", BATCH];
  const graph = [NODE, CLI, "graph", "--repo", huge, "--message", BATCH];
  const [work, planJson, graphRun, floorB] = medians(
    [["batch-work", huge], plan, graph, [NODE, path.join(BENCH, "floor.mjs"), "parse", huge]],
    HUGE_RUNS,
  );
  const of = HUGE.toLocaleString("en");
  row(`batch: all generator work over ${of}`, work, "floor B: read + js-yaml", floorB, 2);
  row(`plan --json: batch over ${of}`, planJson, "floor B: read + js-yaml", floorB, 2);
  row(`graph: batch over ${of}`, graphRun, "floor B: read + js-yaml", floorB, 2);
}

// Peak memory: the largest resident set of a few batch runs, reported by the process itself
// (in KiB), shown in MB (10^6 bytes) as the target is written.
const rssFile = path.join(WORK, "max-rss.txt");
fs.rmSync(rssFile, { force: true });
const rssEnv = { ...ENV, BENCH_MAX_RSS_FILE: rssFile };
const hook = RSS_HOOK;
for (let i = 0; i < Math.min(RUNS, 3); i += 1) {
  const [node, ...rest] = generate(large, BATCH);
  run([node, ...hook, ...rest], rssEnv);
}
const MAX_MB = 300;
const peakMB = () =>
  (Math.max(...fs.readFileSync(rssFile, "utf8").trim().split("\n").map(Number)) * 1024) / 1e6;
const maxRssMB = peakMB();
// At 100,000: every generator run of the batch, `plan --json` and `graph`, once each.
const HUGE_MAX_MB = 1000;
let hugeRssMB = null;
if (huge !== null) {
  fs.rmSync(rssFile, { force: true });
  run(["batch-work", huge], rssEnv);
  run([NODE, ...hook, CLI, "plan", "--json", "--repo", huge, "--message", BATCH], rssEnv);
  run([NODE, ...hook, CLI, "graph", "--repo", huge, "--message", BATCH], rssEnv);
  hugeRssMB = peakMB();
}

// The table.
const fmt = (ms) => `${ms.toFixed(0)} ms`;
const lines = [
  ["measure", "time", "against", "time", "ratio", "target", ""],
  ...rows.map((r) => [
    r.what,
    fmt(r.ms),
    r.baselineWhat,
    fmt(r.baselineMs),
    `${r.ratio.toFixed(2)}x`,
    r.target === null || smoke ? "-" : `<= ${r.target}x`,
    r.target === null || smoke ? "" : r.ratio <= r.target ? "met" : "MISSED",
  ]),
  [
    `peak memory: batch over all of ${LARGE.toLocaleString("en")}`,
    `${maxRssMB.toFixed(0)} MB`,
    "",
    "",
    "",
    smoke ? "-" : `<= ${MAX_MB} MB`,
    smoke ? "" : maxRssMB <= MAX_MB ? "met" : "MISSED",
  ],
  ...(hugeRssMB === null
    ? []
    : [
        [
          `peak memory: batch, plan --json, graph over ${HUGE.toLocaleString("en")}`,
          `${hugeRssMB.toFixed(0)} MB`,
          "",
          "",
          "",
          smoke ? "-" : `<= ${HUGE_MAX_MB} MB`,
          smoke ? "" : hugeRssMB <= HUGE_MAX_MB ? "met" : "MISSED",
        ],
      ]),
];
console.log(
  `grove-pipelines bench${smoke ? " (smoke)" : ""}: ${path.relative(ROOT, CLI)}, node ${process.version}, ${os.cpus().length} CPUs, median of ${RUNS} runs (${QUICK_RUNS} for the short commands)`,
);
for (const line of formatTable(lines)) console.log(line);
const makespanLines = makespanTable();
console.log("");
console.log("minutes a batch's pipeline runs, in the model of makespan.mjs");
for (const line of formatTable(makespanLines)) console.log(line);
if (!smoke) {
  const judged = [...lines.slice(1), ...makespanLines.slice(1)].filter((l) => l[6] !== "");
  console.log(`targets met: ${judged.filter((l) => l[6] === "met").length} of ${judged.length}`);
}
