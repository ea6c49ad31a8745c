// Bundles the CLI and the library into dist/ so the command starts fast (no module graph walk).
//
// The CLI starts on every pipeline, most often for a commit with no directive, so it loads only
// what every command needs:
// - zod (the settings schema) alone took longer to load than Node.js takes to start, and only a
//   repository with a grove-pipelines.yml needs it: it goes into dist/settings-schema.cjs, which
//   the CLI requires the first time a settings file is validated (src/repo/settingsSchemaModule.ts).
// - The CLI is CommonJS (dist/package.json says so): Node starts a CommonJS entry about 4 ms
//   sooner than an ES module one, whose loader it must set up first.
// - dist/cli.js is a small loader (src/cli/startWithCodeCache.ts) that runs the two bundles from
//   V8 code caches, which a training run of the built command writes at the end of the build.
// The library (dist/index.mjs) is one ES module bundle.
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
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
      contents: [
        "let loaded;",
        `export function settingsSchemaModule() { return (loaded ??= require('./${SCHEMA_CHUNK}')); }`,
      ].join("\n"),
    }));
    // Left as a require() of the file beside dist/cli.js, not bundled.
    b.onResolve({ filter: new RegExp(`^\\./${SCHEMA_CHUNK.replace(".", "\\.")}$`) }, (args) => ({
      path: args.path,
      external: true,
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
        "let real;",
        "const load = () => (real ??= process.getBuiltinModule('node:child_process'));",
        ...["execFileSync", "execFile", "execSync", "exec", "spawnSync", "spawn", "fork"].map(
          (name) => `export function ${name}(...args) { return load().${name}(...args); }`,
        ),
        "export default new Proxy({}, { get: (_, key) => load()[key] });",
      ].join("\n"),
    }));
  },
};

const BUNDLE = "cli-bundle.js";

fs.rmSync("dist", { recursive: true, force: true });
await build({
  ...common,
  format: "cjs",
  entryPoints: ["src/cli/main.ts"],
  outfile: `dist/${BUNDLE}`,
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
// The worker thread that helps a batch over a large cluster read its instances
// (src/repo/readInstancesInParallel.ts): its own file, so that starting it loads only that code.
await build({
  ...common,
  format: "cjs",
  entryPoints: ["src/repo/readInstancesWorker.ts"],
  outfile: "dist/read-instances-worker.js",
  minify: true,
});
fs.writeFileSync("dist/package.json", JSON.stringify({ type: "commonjs" }, null, 2) + "\n");

// Each cache is named after the source it is made from, so a cache never meets another source.
const cacheName = (bundle) => {
  const hash = createHash("sha256")
    .update(fs.readFileSync(`dist/${bundle}`))
    .digest("hex");
  return `${bundle}.${hash.slice(0, 16)}.v8cache`;
};
const caches = { [BUNDLE]: cacheName(BUNDLE), [SCHEMA_CHUNK]: cacheName(SCHEMA_CHUNK) };
await build({
  ...common,
  format: "cjs",
  entryPoints: ["src/cli/startWithCodeCache.ts"],
  outfile: "dist/cli.js",
  banner: { js: "#!/usr/bin/env node" },
  minify: true,
  define: {
    GROVE_BUNDLE: JSON.stringify(BUNDLE),
    GROVE_BUNDLE_CACHE: JSON.stringify(caches[BUNDLE]),
    GROVE_SCHEMA_BUNDLE: JSON.stringify(SCHEMA_CHUNK),
    GROVE_SCHEMA_CACHE: JSON.stringify(caches[SCHEMA_CHUNK]),
  },
});
fs.chmodSync("dist/cli.js", 0o755);

// The training run: the commonest pipeline, a commit with no directive in a repository with a
// settings file, so the caches hold what that run compiles (the bundle's top level, commander,
// the settings schema, the one-job pipeline). Other commands compile the rest as they go.
// scripts/trainCodeCache.cjs, preloaded, writes the caches when the run ends.
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "grove-pipelines-build-"));
try {
  const training = spawnSync(
    process.execPath,
    [
      "--require",
      path.resolve("scripts/trainCodeCache.cjs"),
      "dist/cli.js",
      "generate",
      "--repo",
      "examples/cluster",
      "--message",
      "Fix a typo in the README",
      "--output",
      path.join(scratch, "pipeline.yml"),
    ],
    {
      encoding: "utf8",
      env: {
        PATH: process.env.PATH ?? "",
        GROVE_BUILD_CODE_CACHES: JSON.stringify(
          Object.fromEntries(
            // The loader names its bundles by the real path of dist/ (its __dirname).
            Object.entries(caches).map(([bundle, cache]) => [
              path.join(fs.realpathSync("dist"), bundle),
              path.resolve("dist", cache),
            ]),
          ),
        ),
      },
    },
  );
  if (training.status !== 0) {
    throw new Error(`the training run of dist/cli.js failed:\n${training.stderr}`);
  }
  for (const cache of Object.values(caches)) {
    if (!fs.existsSync(`dist/${cache}`)) throw new Error(`the training run wrote no ${cache}`);
  }
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}

await build({
  ...common,
  format: "esm",
  entryPoints: ["src/index.ts"],
  outfile: "dist/index.mjs",
  banner: { js: requireBanner },
});
