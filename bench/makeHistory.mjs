// Writes a cluster repository with a long deployment history for the `status` benchmark: the
// cluster of makeCluster.mjs committed once, then `commits - 1` more commits on main through
// `git fast-import` (seconds instead of minutes): two in three change one instance's config.yml
// without deploying it, most others ask to update one instance by name, and every hundredth is a
// batch upgrade of the most common repository|version, which status evaluates against the files of
// its own commit. Deterministic: the same sizes give the same commits.
import { execFileSync } from "node:child_process";
import { Buffer } from "node:buffer";
import fs from "node:fs";
import path from "node:path";
import { instanceName, writeCluster } from "./makeCluster.mjs";

const BATCH =
  "[AutoDeploy][Batch][Upgrade] https://github.com/openedx/edx-platform.git|open-release/quince.3";
const START = 1_767_225_600; // 2026-01-01T00:00:00Z

function git(dir, args, input) {
  return execFileSync(
    "git",
    ["-c", "commit.gpgsign=false", "-c", "gc.auto=0", "-c", "core.fsync=none", ...args],
    {
      cwd: dir,
      input,
      encoding: "utf8",
      maxBuffer: 1 << 30,
      env: {
        PATH: process.env.PATH ?? "",
        HOME: dir,
        GIT_AUTHOR_NAME: "Bench",
        GIT_AUTHOR_EMAIL: "bench@example.invalid",
        GIT_COMMITTER_NAME: "Bench",
        GIT_COMMITTER_EMAIL: "bench@example.invalid",
        GIT_AUTHOR_DATE: `${START} +0000`,
        GIT_COMMITTER_DATE: `${START} +0000`,
      },
    },
  );
}

/** Writes the repository into `dir` (which must not exist): `count` instances, `commits` commits. */
export function writeHistory(dir, count, commits, settingsText) {
  writeCluster(dir, count, settingsText);
  git(dir, ["init", "-q", "-b", "main"]);
  git(dir, ["add", "-A"]);
  git(dir, ["commit", "-q", "-m", "Add the cluster"]);
  const chunks = [];
  const data = (text) => `data ${Buffer.byteLength(text)}\n${text}\n`;
  for (let k = 1; k < commits; k += 1) {
    const i = (k * 7919) % count;
    const name = instanceName(i, count);
    let message;
    let change = "";
    if (k % 100 === 0) {
      message = BATCH;
    } else if (k % 3 === 0) {
      message = `[AutoDeploy][Update] ${instanceName(((k - 1) * 7919) % count, count)}|bench-${k}`;
    } else {
      message = `Tune ${name}`;
      const file = `instances/${name}/config.yml`;
      const text = `${fs.readFileSync(path.join(dir, file), "utf8")}# change ${k}\n`;
      change = `M 100644 inline ${file}\n${data(text)}`;
    }
    chunks.push(
      `commit refs/heads/main\ncommitter Bench <bench@example.invalid> ${START + k * 600} +0000\n` +
        `${data(message)}${k === 1 ? "from HEAD\n" : ""}${change}\n`,
    );
  }
  git(dir, ["fast-import", "--quiet"], chunks.join(""));
  git(dir, ["reset", "-q", "--hard", "main"]);
}
