/**
 * Comparator by UTF-16 code units. Plans must be byte-identical on every machine, so ordering
 * never depends on the locale (`localeCompare` does).
 */
export function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
