// Renders docs/images/example-batch-graph.png from docs/images/example-batch-graph.mmd (which a
// test keeps equal to `grove-pipelines graph` of the example batch) with mermaid-cli in Debian's
// Chromium. Run `npm run docs:graph` after changing the graph's look.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const images = path.join(root, "docs", "images");
execFileSync(
  path.join(root, "node_modules", ".bin", "mmdc"),
  [
    "--quiet",
    "--puppeteerConfigFile",
    path.join(root, "scripts", "puppeteer-config.json"),
    "--input",
    path.join(images, "example-batch-graph.mmd"),
    "--output",
    path.join(images, "example-batch-graph.png"),
    "--backgroundColor",
    "white",
    // Wide page and double scale: the labels stay sharp when a browser shrinks the picture.
    "--width",
    "1400",
    "--scale",
    "2",
  ],
  { stdio: "inherit" },
);
console.log(`wrote ${path.relative(root, path.join(images, "example-batch-graph.png"))}`);
