// Bundles the CLI and the library into dist/ so the command starts fast (no module graph walk).
//
// The CLI starts on every pipeline, most often for a commit with no directive, so it loads only
// what every command needs. zod (the settings schema) alone took longer to load than Node.js
// takes to start, and only a repository with a grove-pipelines.yml needs it: it goes into
// dist/settings-schema.cjs, which the CLI requires the first time a settings file is validated
// (see src/repo/settingsSchemaModule.ts). The library bundle keeps everything in one file.
import { build } from "esbuild";
import path from "node:path";

const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  sourcemap: "linked",
  logLevel: "warning",
};
// Some bundled CommonJS dependencies call require(); give the ESM bundles one.
const requireBanner =
  "import { createRequire as __grove_createRequire } from 'node:module'; const require = __grove_createRequire(import.meta.url);";

const SCHEMA_CHUNK = "settings-schema.cjs";

/** Swaps settingsSchemaModule.ts for a version that requires the separate schema bundle lazily. */
const lazySettingsSchema = {
  name: "lazy-settings-schema",
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]repo[\\/]settingsSchemaModule\.ts$/ }, () => ({
      loader: "js",
      resolveDir: path.resolve("src/repo"),
      contents: [
        "import { createRequire } from 'node:module';",
        "let loaded;",
        `export function settingsSchemaModule() { return (loaded ??= createRequire(import.meta.url)('./${SCHEMA_CHUNK}')); }`,
      ].join("\n"),
    }));
  },
};

/**
 * node:child_process costs Node a few milliseconds to load, on every start; only `git` access
 * (a multi-commit push, a message from `git log`) and commander's executable subcommands (which
 * the CLI has none of) use it. This stands in for it and loads it at the first call.
 */
const lazyChildProcess = {
  name: "lazy-child-process",
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, () => ({
      path: "child_process",
      namespace: "lazy-child-process",
    }));
    b.onLoad({ filter: /.*/, namespace: "lazy-child-process" }, () => ({
      loader: "js",
      contents: [
        "import { createRequire } from 'node:module';",
        "let real;",
        "const load = () => (real ??= createRequire(import.meta.url)('node:child_process'));",
        ...["execFileSync", "execFile", "execSync", "exec", "spawnSync", "spawn", "fork"].map(
          (name) => `export function ${name}(...args) { return load().${name}(...args); }`,
        ),
        "export default new Proxy({}, { get: (_, key) => load()[key] });",
      ].join("\n"),
    }));
  },
};

await build({
  ...common,
  format: "esm",
  entryPoints: ["src/cli/main.ts"],
  outfile: "dist/cli.js",
  banner: { js: "#!/usr/bin/env node\n" + requireBanner },
  minify: true,
  plugins: [lazySettingsSchema, lazyChildProcess],
});
await build({
  ...common,
  format: "cjs",
  entryPoints: ["src/repo/settingsSchema.ts"],
  outfile: `dist/${SCHEMA_CHUNK}`,
  minify: true,
});
await build({
  ...common,
  format: "esm",
  entryPoints: ["src/index.ts"],
  outfile: "dist/index.js",
  banner: { js: requireBanner },
});
