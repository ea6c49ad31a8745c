// Bundles the command and the library into dist/ with esbuild: plain bundles, nothing swapped.
// - dist/cli.js: the `grove-pipelines` command (src/cli/main.ts and every dependency), one
//   CommonJS file with a shebang that runs with plain `node` and needs nothing beside it.
//   CommonJS because dist/package.json says so and Node then loads it without setting up its ES
//   module loader; an npm-installed bin must not depend on the package's own "type".
// - dist/index.mjs: the library (src/index.ts), one ES module.
import { build } from "esbuild";
import fs from "node:fs";

const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  sourcemap: "linked",
  logLevel: "warning",
};

fs.rmSync("dist", { recursive: true, force: true });
await build({
  ...common,
  format: "cjs",
  entryPoints: ["src/cli/main.ts"],
  outfile: "dist/cli.js",
  banner: { js: "#!/usr/bin/env node" },
  minify: true,
});
fs.chmodSync("dist/cli.js", 0o755);
fs.writeFileSync("dist/package.json", JSON.stringify({ type: "commonjs" }, null, 2) + "\n");

await build({
  ...common,
  format: "esm",
  entryPoints: ["src/index.ts"],
  outfile: "dist/index.mjs",
  // Some bundled CommonJS dependencies call require(); an ES module bundle has to provide one.
  banner: {
    js: "import { createRequire as __grove_createRequire } from 'node:module'; const require = __grove_createRequire(import.meta.url);",
  },
});
