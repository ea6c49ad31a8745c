// The worker thread of readInstancesInParallel.ts, built into its own small file of dist/
// (scripts/build.mjs) so that starting it loads only the code that reads instances.
import { workerData } from "node:worker_threads";
import { serveReadWorker } from "./readInstancesInParallel.js";
import type { ReadWorkerData } from "./readInstancesInParallel.js";

serveReadWorker(workerData as ReadWorkerData);
