// Types of makespan.mjs, for its test.

export interface ModelJob {
  readonly name: string;
  readonly kind: string;
  readonly stage: number;
  readonly order: number;
  readonly needs: readonly string[] | null;
  readonly resourceGroup: string | null;
  readonly minutes: number;
}
export interface Run {
  readonly makespan: number;
  readonly startedAt: ReadonlyMap<string, number>;
  readonly finishedAt: ReadonlyMap<string, number>;
}
export const MINUTES: Readonly<Record<string, number>>;
export function pipelineJobs(doc: unknown): ModelJob[];
export function simulate(jobs: readonly ModelJob[], runners: number): Run;
export function lowerBound(
  jobs: readonly ModelJob[],
  runners: number,
  stages: readonly string[],
): number;
export function canaryWaste(jobs: readonly ModelJob[], stages: readonly string[], run: Run): number;
export function makespanReport(
  doc: unknown,
  runners: number,
): { makespan: number; bound: number; ratio: number; canaryWaste: number };
