import type { DiagnosticCode } from "../diagnostic.js";
import type { Target } from "./directive.js";
import { checkRepositoryPattern, checkVersionPattern } from "./grammar.js";
import type { TokenProblem } from "./grammar.js";
import { listEntries, singleWord, splitPieces } from "./listEntries.js";
import type { Piece } from "./listEntries.js";
import { quoteText } from "../text.js";
import type { TitleProblems } from "./titleProblems.js";

/**
 * `REPO|VERSION,...` from `start` to the end of the title. Targets are kept as written; matching
 * them against instance configs (with repository normalisation) is the planner's business, so
 * only exact repeats count as duplicates here.
 */
export function parseTargetList(title: string, start: number, problems: TitleProblems): Target[] {
  const targets: Target[] = [];
  const firstSeen = new Map<string, number>();
  for (const entry of listEntries(title, start, problems, "REPO|VERSION targets")) {
    const [repoPart, versionPart, extra] = splitPieces(
      title,
      entry.start,
      entry.start + entry.text.length,
      "|",
    );
    if (repoPart === undefined) continue;
    if (versionPart === undefined) {
      problems.error(
        "missing-version",
        entry.start + entry.text.length,
        `target ${quoteText(entry.text)} has no '|VERSION'; expected REPO|VERSION`,
      );
      continue;
    }
    if (extra !== undefined) {
      problems.error(
        "stray-pipe",
        extra.separatorAt,
        `target ${quoteText(entry.text)} has more than one '|'; expected REPO|VERSION`,
      );
    }
    const repository = checked(
      repoPart,
      problems,
      "missing-repository",
      "bad-repository",
      "repository",
      checkRepositoryPattern,
    );
    const version = checked(
      versionPart,
      problems,
      "missing-version",
      "bad-version",
      "version",
      checkVersionPattern,
    );
    if (repository === null || version === null) continue;
    // `|` cannot occur in either part, so it makes an unambiguous key.
    const key = `${repository}|${version}`;
    const seen = firstSeen.get(key);
    if (seen !== undefined) {
      problems.error(
        "duplicate-target",
        repoPart.start,
        `target ${quoteText(key)} is listed twice (first at column ${problems.column(seen)})`,
      );
      continue;
    }
    firstSeen.set(key, repoPart.start);
    targets.push({ repository, version });
  }
  return targets;
}

function checked(
  part: Piece,
  problems: TitleProblems,
  missingCode: DiagnosticCode,
  badCode: DiagnosticCode,
  what: string,
  check: (s: string) => TokenProblem | null,
): string | null {
  if (part.text === "") {
    problems.error(missingCode, part.start, `missing ${what} in a REPO|VERSION target`);
    return null;
  }
  const word = singleWord(part, problems);
  const problem = check(word.text);
  if (problem === null) return word.text;
  problems.error(badCode, word.start + problem.offset, problem.message);
  return null;
}
