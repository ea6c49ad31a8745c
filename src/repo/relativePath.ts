import path from "node:path";

/** A repository-relative path: not absolute, no `..`, not empty. */
export function isSafeRelativePath(p: string): boolean {
  if (p.trim() === "" || path.posix.isAbsolute(p) || path.win32.isAbsolute(p)) return false;
  return !p.split(/[\\/]/).includes("..");
}

/** `./instances/` → `instances`, so file names in messages read naturally. */
export function normalizeRelativePath(p: string): string {
  const normal = path.posix.normalize(p.replaceAll("\\", "/"));
  return normal.length > 1 && normal.endsWith("/") ? normal.slice(0, -1) : normal;
}
