// Loaded with `node --import ./bench/maxRss.mjs ...`: when the process exits, appends its peak
// resident set size (KiB) to the file named by BENCH_MAX_RSS_FILE.
import fs from "node:fs";

const file = process.env.BENCH_MAX_RSS_FILE;
if (file !== undefined) {
  process.on("exit", () => {
    fs.appendFileSync(file, `${process.resourceUsage().maxRSS}\n`);
  });
}
