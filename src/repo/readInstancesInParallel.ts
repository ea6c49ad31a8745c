import type { MessagePort, Worker } from "node:worker_threads";
import type { Result } from "../diagnostic.js";
import type { InstanceEntry } from "./listInstanceNames.js";
import { readInstanceIn } from "./readInstance.js";
import type { RepoContext } from "./repoContext.js";
import type { InstanceConfig } from "./snapshot.js";

/*
 * A batch reads every instance's files, and on a cluster of thousands that is most of its time:
 * opening and reading small files, then scanning them. This reads them on two threads: the
 * calling thread and one worker thread take chunks of the instance list from a shared counter
 * until none is left. The results are put back in list order, so the snapshot, its problems and
 * everything planned from it are the same as from reading on one thread.
 *
 * The worker is only ever a help, and the calling thread never waits for it: once no chunk is
 * left to take, it reads again itself any chunk the worker has not delivered yet (reading is
 * repeatable). A worker starts slowly and runs cold at first, so a chunk it is still reading at
 * the end would often take longer to wait for than to read again; and a worker that cannot
 * start, fails or hangs costs nothing but its start.
 */

/** Instances per chunk: small enough to share the work evenly, large enough to cost nothing. */
const CHUNK = 128;
/**
 * Below this many instances one thread is faster. Starting a worker slows the calling thread
 * down for a while (measured: about 20 ms, with 2 processors), which only a cluster of several
 * thousand instances wins back; bench/README.md has the figures.
 */
export const PARALLEL_MIN_INSTANCES = 6000;

/** What the worker is started with (the structured clone of it). */
export interface ReadWorkerData {
  readonly ctx: RepoContext;
  readonly entries: readonly InstanceEntry[];
  /** The next chunk to take, shared by both threads (one Int32 over a SharedArrayBuffer). */
  readonly nextChunk: Int32Array;
  readonly port: MessagePort;
}

/** What the worker posts for each chunk it read. */
export interface ReadChunkMessage {
  readonly chunk: number;
  readonly results: Result<InstanceConfig>[];
}

/** Reads the instances of chunk `chunk` of `entries`. */
export function readChunk(
  ctx: RepoContext,
  entries: readonly InstanceEntry[],
  chunk: number,
): Result<InstanceConfig>[] {
  const results: Result<InstanceConfig>[] = [];
  const end = Math.min((chunk + 1) * CHUNK, entries.length);
  for (let i = chunk * CHUNK; i < end; i += 1) {
    const entry = entries[i];
    if (entry !== undefined) {
      results.push(readInstanceIn(ctx, entry.name, entry.symlink ? "symlink" : "directory"));
    }
  }
  return results;
}

/** Takes chunks from the shared counter and reads them until none is left. */
export function takeChunks(
  nextChunk: Int32Array,
  count: number,
  read: (chunk: number) => void,
): void {
  for (;;) {
    const chunk = Atomics.add(nextChunk, 0, 1);
    if (chunk >= count) return;
    read(chunk);
  }
}

/** The worker's side (readInstancesWorker.ts): read chunks and post each. */
export function serveReadWorker(data: ReadWorkerData): void {
  const { ctx, entries, nextChunk, port } = data;
  try {
    takeChunks(nextChunk, chunkCount(entries), (chunk) => {
      const message: ReadChunkMessage = { chunk, results: readChunk(ctx, entries, chunk) };
      port.postMessage(message);
    });
  } finally {
    port.close();
  }
}

function chunkCount(entries: readonly InstanceEntry[]): number {
  return Math.ceil(entries.length / CHUNK);
}

/**
 * Reads every entry's instance, in entry order, with the worker script `workerFile` (the built
 * readInstancesWorker.ts) helping when there are enough instances and more than one processor.
 */
export function readInstancesInParallel(
  ctx: RepoContext,
  entries: readonly InstanceEntry[],
  workerFile: string | undefined,
): Result<InstanceConfig>[] {
  const helper =
    workerFile !== undefined && entries.length >= PARALLEL_MIN_INSTANCES
      ? startReadWorker(workerFile, ctx, entries)
      : null;
  return readInstancesWith(ctx, entries, helper);
}

/** Reads every entry's instance, in entry order, sharing the chunks with `helper` if any. */
export function readInstancesWith(
  ctx: RepoContext,
  entries: readonly InstanceEntry[],
  helper: ReadHelper | null,
): Result<InstanceConfig>[] {
  const count = chunkCount(entries);
  const chunks: (Result<InstanceConfig>[] | undefined)[] = new Array<undefined>(count);
  const nextChunk = helper?.nextChunk ?? new Int32Array(1);
  takeChunks(nextChunk, count, (chunk) => {
    chunks[chunk] = readChunk(ctx, entries, chunk);
  });
  if (helper !== null) collectFromWorker(helper, chunks);
  // Whatever the worker has not delivered (still reading it, failed, never started) is read here.
  const results: Result<InstanceConfig>[] = [];
  for (let chunk = 0; chunk < count; chunk += 1) {
    results.push(...(chunks[chunk] ?? readChunk(ctx, entries, chunk)));
  }
  return results;
}

/** A started worker, and the counter and the port it shares with the calling thread. */
export interface ReadHelper {
  readonly worker: Worker;
  readonly port: MessagePort;
  /** The next chunk to take, shared with the worker. */
  readonly nextChunk: Int32Array;
  readonly receive: (port: MessagePort) => { message: unknown } | undefined;
}

/** Starts the worker on `entries`; null when it cannot help (one processor, or no thread). */
export function startReadWorker(
  workerFile: string,
  ctx: RepoContext,
  entries: readonly InstanceEntry[],
): ReadHelper | null {
  // Loaded here, not at the top: only a batch over a large cluster needs worker threads, and the
  // command should not pay for loading them on every start.
  const threads = process.getBuiltinModule("node:worker_threads");
  const os = process.getBuiltinModule("node:os");
  if (os.availableParallelism() < 2) return null;
  const nextChunk = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  const { port1, port2 } = new threads.MessageChannel();
  const workerData: ReadWorkerData = { ctx, entries, nextChunk, port: port2 };
  let worker: Worker;
  try {
    worker = new threads.Worker(workerFile, {
      workerData,
      transferList: [port2],
      // Its output is not piped to this process's (which would load Node's streams here), and
      // it shares the environment rather than copying it: it uses neither.
      stdout: true,
      stderr: true,
      env: threads.SHARE_ENV,
    });
  } catch {
    port1.close();
    return null;
  }
  // A worker that fails is simply not waited for (see collectFromWorker); it must neither
  // print nor keep the process alive.
  worker.on("error", () => undefined);
  worker.unref();
  return { worker, port: port1, nextChunk, receive: threads.receiveMessageOnPort };
}

/** Takes the chunks the worker has delivered so far, and stops it. */
function collectFromWorker(
  helper: ReadHelper,
  chunks: (Result<InstanceConfig>[] | undefined)[],
): void {
  const { port, receive } = helper;
  for (let got = receive(port); got !== undefined; got = receive(port)) {
    const message = got.message as ReadChunkMessage;
    chunks[message.chunk] = message.results;
  }
  port.close();
  void helper.worker.terminate();
}
