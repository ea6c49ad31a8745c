// System tools the tests need beyond Node: gitlab-ci-local copies the repository with rsync, and
// the Mermaid graphs are rendered by @mermaid-js/mermaid-cli in Debian's Chromium
// (scripts/puppeteer-config.json points at /usr/bin/chromium; no browser is downloaded). A fresh
// machine may lack them: install them from Debian's packages when we can, else say how.
import { execFileSync, spawnSync } from "node:child_process";

function has(cmd) {
  return spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0;
}

const needed = [
  { command: "rsync", pkgs: ["rsync"], why: "gitlab-ci-local copies the repository with it" },
  // Without recommends Chromium comes with no font, and Mermaid measures labels with one.
  {
    command: "chromium",
    pkgs: ["chromium", "fonts-liberation"],
    why: "the Mermaid graph tests render in it",
  },
];
const missing = needed.filter((n) => !has(n.command));

if (missing.length > 0) {
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const pkgs = missing.flatMap((m) => m.pkgs);
  if (isRoot && has("apt-get")) {
    for (const m of missing) console.log(`${m.command} is missing: installing it (${m.why})`);
    execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
    execFileSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...pkgs], {
      stdio: "inherit",
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
  } else {
    for (const m of missing) console.error(`${m.command} is required by the tests: ${m.why}`);
    console.error(`install it: sudo apt-get install ${pkgs.join(" ")}`);
    process.exit(1);
  }
}
