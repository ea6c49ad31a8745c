// The floors the benchmark compares `generate` with: a plain Node script that does only the
// unavoidable part of a batch over every instance. `read`: read every instance's config.yml and
// grove.yml (floor A). `parse`: the same, also parsing each file with js-yaml, the YAML library
// grove-pipelines uses (floor B). Usage: node bench/floor.mjs read|parse CLUSTER_DIR
import fs from "node:fs";
import path from "node:path";

const [mode, cluster] = process.argv.slice(2);
if ((mode !== "read" && mode !== "parse") || cluster === undefined) {
  console.error("usage: node bench/floor.mjs read|parse CLUSTER_DIR");
  process.exit(2);
}
const yaml = mode === "parse" ? (await import("js-yaml")).default : null;
const instances = path.join(cluster, "instances");
let bytes = 0;
for (const name of fs.readdirSync(instances)) {
  for (const file of ["config.yml", "grove.yml"]) {
    let text;
    try {
      text = fs.readFileSync(path.join(instances, name, file), "utf8");
    } catch (err) {
      if (err.code === "ENOENT") continue;
      throw err;
    }
    bytes += text.length;
    if (yaml !== null) yaml.load(text);
  }
}
// Printed so that no work can be optimised away.
console.log(bytes);
