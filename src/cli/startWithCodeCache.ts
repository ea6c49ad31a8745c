// The entry of the built command, dist/cli.js. It runs the CLI bundle (dist/cli-bundle.js) from a
// V8 code cache that the build wrote beside it, so that Node does not compile the bundle's
// JavaScript again on every start. The CLI starts on every pipeline of a cluster repository, most
// often for a commit with no directive, where compiling the 190 KB bundle was a fifth of the time
// spent above Node's own start (see bench/README.md). Node 20 has no built-in compile cache
// (module.enableCompileCache came in Node 22), so this does what it does, with node:vm.
//
// A cache is only ever a shortcut: a missing file, or one V8 rejects (another Node version or
// other V8 flags), means the bundle is compiled from its source as usual. The build names each
// cache after a hash of the source it was made from, so a cache can never run with another
// bundle's source (V8 itself only checks the source's length).
import { readFileSync } from "node:fs";
import { wrap } from "node:module";
import { Script } from "node:vm";

// File names, replaced by the build (scripts/build.mjs) with the names it wrote. The caches are
// written by the build's training run (scripts/trainCodeCache.cjs), never by the command.
declare const GROVE_BUNDLE: string;
declare const GROVE_BUNDLE_CACHE: string;
declare const GROVE_SCHEMA_BUNDLE: string;
declare const GROVE_SCHEMA_CACHE: string;

type CommonJsFunction = (
  exports: object,
  require: (id: string) => unknown,
  module: { exports: unknown },
  filename: string,
  dirname: string,
) => void;

function readCache(file: string): Buffer | undefined {
  try {
    return readFileSync(`${__dirname}/${file}`);
  } catch {
    return undefined;
  }
}

/** Runs one CommonJS bundle of dist/ from its code cache and returns its exports. */
function runBundle(bundle: string, cache: string): unknown {
  const filename = `${__dirname}/${bundle}`;
  const script = new Script(wrap(readFileSync(filename, "utf8")), {
    filename,
    cachedData: readCache(cache),
  });
  const module = { exports: {} };
  (script.runInThisContext() as CommonJsFunction)(
    module.exports,
    bundleRequire,
    module,
    filename,
    __dirname,
  );
  return module.exports;
}

let schema: unknown;

/**
 * The bundles' require. Everything else is bundled, so the bundles require only Node's built-in
 * modules and the settings schema, which they load lazily and which has its own code cache.
 */
function bundleRequire(id: string): unknown {
  if (id === `./${GROVE_SCHEMA_BUNDLE}`) {
    return (schema ??= runBundle(GROVE_SCHEMA_BUNDLE, GROVE_SCHEMA_CACHE));
  }
  const builtin = process.getBuiltinModule(id);
  if (builtin === undefined)
    throw new Error(`the CLI bundle requires '${id}', which is not bundled`);
  return builtin;
}

runBundle(GROVE_BUNDLE, GROVE_BUNDLE_CACHE);
