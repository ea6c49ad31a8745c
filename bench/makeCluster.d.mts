// Types of makeCluster.mjs, for the TypeScript tests that generate clusters with it.

/** Instance name of index i in a cluster of `count`: zero-padded so name order is index order. */
export function instanceName(i: number, count: number): string;

/** Which edx-platform repository|version instance i runs, and whether batches skip it. */
export function instanceProfile(i: number): {
  repository: string;
  version: string;
  disabled: boolean;
};

/** Writes `count` instance folders under `<dir>/instances`, and grove-pipelines.yml when given. */
export function writeCluster(dir: string, count: number, settingsText?: string): void;
