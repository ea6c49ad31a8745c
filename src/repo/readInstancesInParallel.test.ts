import { buildSync } from "esbuild";
import fs from "node:fs";
import path from "node:path";
import { MessageChannel, receiveMessageOnPort, Worker } from "node:worker_threads";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeCluster } from "../../bench/makeCluster.mjs";
import type { Result } from "../diagnostic.js";
import { listInstanceEntries } from "./listInstanceNames.js";
import type { InstanceEntry } from "./listInstanceNames.js";
import {
  readChunk,
  readInstancesInParallel,
  readInstancesWith,
  startReadWorker,
} from "./readInstancesInParallel.js";
import type { ReadChunkMessage, ReadHelper, ReadWorkerData } from "./readInstancesInParallel.js";
import { repoContext } from "./repoContext.js";
import type { RepoContext } from "./repoContext.js";
import { DEFAULT_SETTINGS } from "./settings.js";
import type { InstanceConfig } from "./snapshot.js";
import { makeTempDir, removeTempDirs } from "../../test/support/tempTree.js";

// A real cluster of a thousand-odd instances (PARALLEL_MIN_INSTANCES decides when the command
// starts a worker; these tests start one themselves), with broken instances among the good ones,
// and the worker built from these sources (as scripts/build.mjs builds it).
const COUNT = 1300;
let ctx: RepoContext;
let entries: InstanceEntry[];
let sequential: Result<InstanceConfig>[];
let workerFile: string;
let scratch: string;

beforeAll(() => {
  const repo = makeTempDir("parallel-read");
  writeCluster(repo, COUNT, undefined);
  const names = fs.readdirSync(path.join(repo, "instances")).sort();
  // A YAML error, an unreadable value and a folder without config.yml, spread over the chunks.
  fs.writeFileSync(path.join(repo, "instances", names[5] ?? "", "config.yml"), "A: [\n");
  fs.writeFileSync(
    path.join(repo, "instances", names[700] ?? "", "grove.yml"),
    "BATCH_UPGRADE_DISABLED: maybe\n",
  );
  fs.rmSync(path.join(repo, "instances", names[COUNT - 1] ?? "", "config.yml"));
  const context = repoContext(repo, DEFAULT_SETTINGS);
  if (!context.ok) throw new Error("test cluster has no context");
  ctx = context.value;
  const listed = listInstanceEntries(ctx);
  if (!listed.ok) throw new Error("test cluster cannot be listed");
  entries = listed.value;
  sequential = readInstancesInParallel(ctx, entries, undefined);
  scratch = makeTempDir("parallel-worker");
  workerFile = path.join(scratch, "read-instances-worker.js");
  buildSync({
    entryPoints: [path.join(import.meta.dirname, "readInstancesWorker.ts")],
    outfile: workerFile,
    bundle: true,
    platform: "node",
    format: "cjs",
    logLevel: "warning",
  });
  // The built worker is CommonJS; the project's package.json says "module".
  fs.writeFileSync(path.join(scratch, "package.json"), '{ "type": "commonjs" }\n');
});
afterAll(removeTempDirs);

/** The started worker of `file`, which these tests need to have started. */
function started(file: string): ReadHelper {
  const helper = startReadWorker(file, ctx, entries);
  if (helper === null) throw new Error("the worker did not start");
  return helper;
}

/** A worker script of the test's own, in the scratch folder beside the real one. */
function rogueWorker(name: string, source: string): string {
  const file = path.join(scratch, name);
  fs.writeFileSync(file, source);
  return file;
}

describe("readInstancesInParallel", () => {
  it("reads every instance once, in order, with each one's problems, on one thread", () => {
    expect(sequential).toHaveLength(COUNT);
    expect(sequential.filter((r) => !r.ok)).toHaveLength(3);
    const names = sequential.map((r) => (r.ok ? r.value.name : null)).filter((n) => n !== null);
    expect(names).toEqual(entries.map((e) => e.name).filter((_, i) => sequential[i]?.ok));
    expect(sequential[0]).toEqual(readChunk(ctx, entries, 0)[0]);
  });

  it("gives the same results with the worker helping", () => {
    expect(readInstancesWith(ctx, entries, started(workerFile))).toEqual(sequential);
  });

  it("has the worker read chunks correctly when it does all the reading", async () => {
    // The worker alone: the calling thread takes no chunk here, so every result crosses over.
    const nextChunk = new Int32Array(new SharedArrayBuffer(4));
    const { port1, port2 } = new MessageChannel();
    const data: ReadWorkerData = { ctx, entries, nextChunk, port: port2 };
    const worker = new Worker(workerFile, { workerData: data, transferList: [port2] });
    const exitCode = await new Promise((resolve) => worker.on("exit", resolve));
    expect(exitCode).toBe(0);
    const results: Result<InstanceConfig>[][] = [];
    for (let got = receiveMessageOnPort(port1); got; got = receiveMessageOnPort(port1)) {
      const message = got.message as ReadChunkMessage;
      results[message.chunk] = message.results;
    }
    port1.close();
    expect(results.flat()).toEqual(sequential);
  });

  it("reads everything itself when the worker cannot start", () => {
    const missing = path.join(scratch, "no-such-worker.js");
    const broken = rogueWorker("broken.js", "throw new Error('this worker fails at once');\n");
    for (const file of [missing, broken]) {
      const helper = startReadWorker(file, ctx, entries);
      expect(readInstancesWith(ctx, entries, helper)).toEqual(sequential);
    }
  });

  it("puts each chunk the worker delivered in its place", async () => {
    // A worker that takes every chunk and delivers each at once, marked with its number.
    const marking = rogueWorker(
      "marking.js",
      [
        "const { workerData } = require('node:worker_threads');",
        "const { nextChunk, entries, port } = workerData;",
        "for (let chunk = Atomics.add(nextChunk, 0, 1); chunk * 128 < entries.length; chunk = Atomics.add(nextChunk, 0, 1)) {",
        "  port.postMessage({ chunk, results: [{ ok: false, diagnostics: [{ code: 'from-worker', message: String(chunk) }] }] });",
        "}",
        "port.close();",
      ].join("\n"),
    );
    const helper = started(marking);
    await new Promise((resolve) => helper.worker.on("exit", resolve));
    const results = readInstancesWith(ctx, entries, helper);
    const chunks = Math.ceil(COUNT / 128);
    expect(results).toEqual(
      Array.from({ length: chunks }, (_, chunk) => ({
        ok: false,
        diagnostics: [{ code: "from-worker", message: String(chunk) }],
      })),
    );
  });

  it("reads a chunk itself, without waiting, when the worker has not delivered it", () => {
    // The worker "took" chunk 0 (the test takes it for it) and would deliver it much later,
    // marked: the calling thread reads that chunk itself instead.
    const late = rogueWorker(
      "late.js",
      [
        "const { workerData } = require('node:worker_threads');",
        "setTimeout(() => {",
        "  const marked = { ok: false, diagnostics: [{ code: 'from-worker', message: 'late' }] };",
        "  workerData.port.postMessage({ chunk: 0, results: [marked] });",
        "}, 60000);",
      ].join("\n"),
    );
    const helper = started(late);
    Atomics.add(helper.nextChunk, 0, 1);
    expect(readInstancesWith(ctx, entries, helper)).toEqual(sequential);
  });
});
