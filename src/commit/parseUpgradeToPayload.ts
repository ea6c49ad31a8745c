import type { Directive } from "./directive.js";
import { checkCommitHash, isWhiteSpace } from "./grammar.js";
import { skipWhiteSpace } from "./listEntries.js";
import { parseTargetList } from "./parseTargetList.js";
import type { TitleProblems } from "./titleProblems.js";

/**
 * `COMMIT_HASH [REPO|VERSION,...]` after `[Batch][UpgradeTo]`: the hash is the first word, and
 * whatever follows it is the target list (none means every batch-eligible instance).
 */
export function parseUpgradeToPayload(
  title: string,
  start: number,
  problems: TitleProblems,
): Directive {
  const hashStart = skipWhiteSpace(title, start);
  let hashEnd = hashStart;
  while (hashEnd < title.length && !isWhiteSpace(title[hashEnd])) hashEnd++;
  const commit = title.slice(hashStart, hashEnd);
  if (commit === "") {
    problems.error(
      "missing-commit-hash",
      hashStart,
      "expected a commit hash (7 to 40 or 64 hexadecimal digits) after [Batch][UpgradeTo]",
    );
  } else {
    const problem = checkCommitHash(commit);
    if (problem !== null)
      problems.error("bad-commit-hash", hashStart + problem.offset, problem.message);
  }
  const rest = skipWhiteSpace(title, hashEnd);
  const targets = rest < title.length ? parseTargetList(title, rest, problems) : [];
  return { kind: "batch-upgrade-to", commit, targets };
}
