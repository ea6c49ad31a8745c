// Bundles the command and the library into dist/ with esbuild: plain bundles, nothing swapped.
// - dist/grove-pipelines.cjs: the `grove-pipelines` command (src/cli/main.ts and every
//   dependency), one CommonJS file with a shebang that runs with plain `node` and needs nothing
//   beside it: no node_modules, no other file of dist/ (its source map is not linked). CommonJS
//   by its own extension, whatever package.json is above it, and because Node then loads it
//   without setting up its ES module loader. It is the package's `bin`, and the file that
//   `init --vendor` copies into a cluster repository.
// - dist/cli.js: the same bytes under the name this checkout's scripts, tests and benchmark run
//   (dist/package.json makes it CommonJS inside this ES module package).
// - dist/index.mjs: the library (src/index.ts), one ES module.
// - dist/grove-pipelines.schema.json: the JSON Schema of grove-pipelines.yml.
import { build } from "esbuild";
import fs from "node:fs";

const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  logLevel: "warning",
};

fs.rmSync("dist", { recursive: true, force: true });
await build({
  ...common,
  format: "cjs",
  entryPoints: ["src/cli/main.ts"],
  outfile: "dist/grove-pipelines.cjs",
  banner: { js: "#!/usr/bin/env node" },
  minify: true,
  sourcemap: "external",
});
fs.chmodSync("dist/grove-pipelines.cjs", 0o755);
fs.copyFileSync("dist/grove-pipelines.cjs", "dist/cli.js");
fs.writeFileSync("dist/package.json", JSON.stringify({ type: "commonjs" }, null, 2) + "\n");

await build({
  ...common,
  format: "esm",
  entryPoints: ["src/index.ts"],
  outfile: "dist/index.mjs",
  sourcemap: "linked",
  // Some bundled CommonJS dependencies call require(); an ES module bundle has to provide one.
  banner: {
    js: "import { createRequire as __grove_createRequire } from 'node:module'; const require = __grove_createRequire(import.meta.url);",
  },
});

// The JSON Schema of grove-pipelines.yml, from the library just built (the same zod schema the
// command checks the file with): shipped in the package, copied by `init` beside the vendored
// command.
const { settingsJsonSchema } = await import(new URL("../dist/index.mjs", import.meta.url).href);
fs.writeFileSync(
  "dist/grove-pipelines.schema.json",
  JSON.stringify(settingsJsonSchema(), null, 2) + "\n",
);
