// Bundles the CLI and the library into dist/ so the command starts fast (one file, no module graph walk).
import { build } from "esbuild";

const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  sourcemap: "linked",
  logLevel: "warning",
  // Some bundled CommonJS dependencies call require(); give the ESM bundle one.
  banner: {
    js: "import { createRequire as __grove_createRequire } from 'node:module'; const require = __grove_createRequire(import.meta.url);",
  },
};

await build({
  ...common,
  entryPoints: ["src/cli/main.ts"],
  outfile: "dist/cli.js",
  banner: { js: "#!/usr/bin/env node\n" + common.banner.js },
  minify: true,
});
await build({ ...common, entryPoints: ["src/index.ts"], outfile: "dist/index.js" });
