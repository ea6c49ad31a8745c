import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { writeCluster } from "../../bench/makeCluster.mjs";
import { assertBuiltCli, BUILT_CLI } from "../support/e2e/writeCliWrapper.js";

export { BUILT_CLI, PROJECT_ROOT } from "../support/e2e/writeCliWrapper.js";

export interface ScaleSettings {
  readonly waveSize: number;
  readonly canary?: number;
  readonly maxJobsPerPipeline?: number;
  readonly maxYamlBytes?: number;
}

/** grove-pipelines.yml for a generated cluster: no `image:` (gitlab-ci-local runs jobs in the shell here). */
export function scaleSettings(s: ScaleSettings): string {
  const limits = [
    ...(s.maxJobsPerPipeline === undefined
      ? []
      : [`  maxJobsPerPipeline: ${s.maxJobsPerPipeline}`]),
    ...(s.maxYamlBytes === undefined ? [] : [`  maxYamlBytes: ${s.maxYamlBytes}`]),
  ];
  return [
    "batch:",
    `  canary: ${s.canary ?? 1}`,
    `  waveSize: ${s.waveSize}`,
    ...(limits.length > 0 ? ["limits:", ...limits] : []),
    "",
  ].join("\n");
}

/**
 * A generated cluster of `count` instances (bench/makeCluster.mjs: mixed forks, URL spellings and
 * versions, every 20th instance with batch upgrades disabled) in a fresh temporary folder.
 * The caller removes it.
 */
export function makeScaleCluster(count: number, settings: string | undefined): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "grove-scale-"));
  writeCluster(dir, count, settings);
  return dir;
}

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the built `grove-pipelines` with a clean CI environment (plus `env`); `cli` is another
 * copy of dist/cli.js to run instead.
 */
export function runCli(
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
  cli: string = BUILT_CLI,
): CliResult {
  assertBuiltCli();
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !k.startsWith("CI_") && k !== "GITLAB_CI" && k !== "GROVE_PIPELINES_DIRECTIVES",
    ),
  );
  const result = spawnSync(process.execPath, [cli, ...args], {
    env: { ...clean, ...env },
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.error !== undefined) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
