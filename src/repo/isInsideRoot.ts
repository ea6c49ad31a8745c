import path from "node:path";

/** Whether the resolved path `real` is the resolved root `rootReal` or lies below it. */
export function isInsideRoot(rootReal: string, real: string): boolean {
  if (real === rootReal) return true;
  const prefix = rootReal.endsWith(path.sep) ? rootReal : rootReal + path.sep;
  return real.startsWith(prefix);
}
