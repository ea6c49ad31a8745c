import { expect } from "vitest";
import type { StubCall } from "./readStubLog.js";

/** Position of a job's first stub call; fails the test when the job never called a stub. */
export function callIndex(calls: readonly StubCall[], job: string): number {
  const index = calls.findIndex((c) => c.job === job);
  expect(index, `${job} should have called a stub`).toBeGreaterThanOrEqual(0);
  return index;
}
