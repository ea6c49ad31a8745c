// Test instrumentation for builtCli.test.ts, preloaded into the built command with
// NODE_OPTIONS=--require. When the process ends it writes, as JSON to the file named by
// GROVE_TEST_STARTUP_RECORD, what the command really did at start: the files it read, the
// scripts it compiled (and whether V8 took their code cache), and the Node built-in modules it
// loaded. It only watches public Node APIs; it changes nothing the command sees.
"use strict";
const fs = require("node:fs");
const vm = require("node:vm");

const out = process.env.GROVE_TEST_STARTUP_RECORD;
const read = [];
const scripts = [];

const readFileSync = fs.readFileSync;
fs.readFileSync = function recordedReadFileSync(file, ...rest) {
  if (typeof file === "string") read.push(file);
  return readFileSync.call(this, file, ...rest);
};

vm.Script = class RecordedScript extends vm.Script {
  constructor(code, options) {
    super(code, options);
    scripts.push({
      filename: options?.filename,
      withCache: options?.cachedData !== undefined,
      cacheRejected: this.cachedDataRejected === true,
    });
  }
};

process.on("exit", () => {
  const builtins = process.moduleLoadList
    .filter((entry) => entry.startsWith("NativeModule "))
    .map((entry) => entry.slice("NativeModule ".length));
  fs.writeFileSync(out, JSON.stringify({ read, scripts, builtins }));
});
