/**
 * Whether `text` matches `pattern`, where `*` matches any run of characters (also none) and every
 * other character matches only itself. Patterns come from commit titles, so this never builds a
 * regular expression from them: it is the classic two-pointer scan that backtracks only to the
 * last `*`, O(pattern × text) in the worst case and linear for typical patterns.
 */
export function wildcardMatch(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let starAt = -1;
  let resumeText = 0;
  while (t < text.length) {
    if (p < pattern.length && pattern[p] === "*") {
      starAt = p;
      resumeText = t;
      p += 1;
    } else if (p < pattern.length && pattern[p] === text[t]) {
      p += 1;
      t += 1;
    } else if (starAt >= 0) {
      // Let the last `*` swallow one more character and retry the rest of the pattern.
      resumeText += 1;
      t = resumeText;
      p = starAt + 1;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === "*") p += 1;
  return p === pattern.length;
}
