import { editDistance } from "../text/editDistance.js";

/**
 * The candidates closest to a mistyped `name`, closest first, for "did you mean ...?" hints.
 *
 * Closeness is the edit distance (insert, delete, substitute, swap two neighbours) ignoring case,
 * so `Site-A` finds `site-a` first. A candidate qualifies when that distance is at most 40% of the
 * longer name (at least 1), or when one name contains the other and the shorter has 3 or more
 * characters — people abbreviate (`acme-univ` for `acme-university`), and that is far in edits but
 * plainly what they meant. Ties go to the case-sensitive distance, then to alphabetical order, so
 * the answer is deterministic. The name itself is never suggested.
 */
export function suggestNames(name: string, candidates: readonly string[], max = 3): string[] {
  if (max <= 0) return [];
  const lower = name.toLowerCase();
  const scored: { candidate: string; distance: number; exact: number }[] = [];
  for (const candidate of new Set(candidates)) {
    if (candidate === name) continue;
    const other = candidate.toLowerCase();
    const distance = editDistance(lower, other);
    const limit = Math.max(1, Math.floor(0.4 * Math.max(lower.length, other.length)));
    const shorter = Math.min(lower.length, other.length);
    const contains = shorter >= 3 && (other.includes(lower) || lower.includes(other));
    if (distance <= limit || contains) {
      scored.push({ candidate, distance, exact: editDistance(name, candidate) });
    }
  }
  scored.sort(
    (a, b) =>
      a.distance - b.distance ||
      a.exact - b.exact ||
      (a.candidate < b.candidate ? -1 : a.candidate > b.candidate ? 1 : 0),
  );
  return scored.slice(0, max).map((s) => s.candidate);
}
