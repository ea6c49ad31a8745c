import { editDistance } from "../text/editDistance.js";

/**
 * The candidate a mistyped word most likely meant: same letters in another case, or at most two
 * edits away (and closer than half the word, so short words do not match everything).
 */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const limit = Math.min(2, Math.floor(word.length / 2));
  return best !== undefined && bestDistance <= limit ? best : undefined;
}
