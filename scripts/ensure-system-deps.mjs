// The end-to-end tests run gitlab-ci-local, which copies the repository with rsync. A fresh
// machine may not have it: install it from Debian's packages when we can, else say how.
import { execFileSync, spawnSync } from "node:child_process";

function has(cmd) {
  return spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0;
}

if (!has("rsync")) {
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (isRoot && has("apt-get")) {
    console.log("rsync is missing: installing it with apt-get (needed by gitlab-ci-local)");
    execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
    execFileSync("apt-get", ["install", "-y", "-qq", "rsync"], {
      stdio: "inherit",
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
  } else {
    console.error(
      "rsync is required by the end-to-end tests: install it (e.g. sudo apt-get install rsync)",
    );
    process.exit(1);
  }
}
