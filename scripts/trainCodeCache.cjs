// Preloaded (`node --require`) into the build's training run of dist/cli.js (scripts/build.mjs).
// The loader (src/cli/startWithCodeCache.ts) compiles each bundle with node:vm; when the run
// ends, this writes a V8 code cache of each, holding every function the run compiled, to the
// file the build names for it. GROVE_BUILD_CODE_CACHES is a JSON object from each bundle's path
// to its cache's path. The command itself never writes a cache.
"use strict";
const fs = require("node:fs");
const vm = require("node:vm");

const targets = JSON.parse(process.env.GROVE_BUILD_CODE_CACHES ?? "{}");
const compiled = [];

vm.Script = class TrainedScript extends vm.Script {
  constructor(code, options) {
    super(code, options);
    if (options?.filename !== undefined && targets[options.filename] !== undefined) {
      compiled.push({ script: this, cache: targets[options.filename] });
    }
  }
};

process.on("exit", () => {
  for (const { script, cache } of compiled) fs.writeFileSync(cache, script.createCachedData());
});
