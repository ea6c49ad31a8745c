import type { DiagnosticCode } from "../diagnostic.js";
import { quoteText } from "../text.js";
import type { Directive, InstanceRequest, Target } from "./directive.js";
import {
  checkCommitHash,
  checkDeploymentId,
  checkInstanceName,
  checkRepositoryPattern,
  checkVersionPattern,
  isWhiteSpace,
  skipWhiteSpace,
  wordEnd,
} from "./grammar.js";
import type { TokenProblem } from "./grammar.js";
import type { TitleRecord } from "./title.js";

/**
 * The list payloads of a title: `NAME|ID,...` for the named kinds, `REPO|VERSION,...` for the
 * batches, and `HASH [REPO|VERSION,...]` after `[Batch][UpgradeTo]`. Every entry is checked, so
 * one title reports all its problems at once, and each accepted entry's place is recorded for
 * problems found later (see TitleRecord.entry).
 */

/** A piece of the title: its text (trimmed of spaces and tabs) and where that text starts. */
export interface Piece {
  readonly text: string;
  readonly start: number;
  /** Index of the separator in front of the piece, or -1 for the first piece. */
  readonly separatorAt: number;
}

/** `s[start, end)` trimmed of spaces and tabs. */
export function trimmedPiece(s: string, start: number, end: number, separatorAt = -1): Piece {
  const from = skipWhiteSpace(s, start, end);
  let to = end;
  while (to > from && isWhiteSpace(s[to - 1])) to--;
  return { text: s.slice(from, to), start: from, separatorAt };
}

/** Splits `title[start, end)` at every `separator`, each piece trimmed. One scan. */
export function splitPieces(title: string, start: number, end: number, separator: string): Piece[] {
  const pieces: Piece[] = [];
  let from = start;
  let separatorAt = -1;
  for (let i = start; i <= end; i++) {
    if (i === end || title[i] === separator) {
      pieces.push(trimmedPiece(title, from, i, separatorAt));
      separatorAt = i;
      from = i + 1;
    }
  }
  return pieces;
}

/**
 * The comma-separated entries of `title[start..]`, white space around each ignored. An empty
 * list and empty entries (`a,,b`, a trailing comma) are errors: each one is a likely typo in a
 * title whose author meant to deploy.
 */
export function listEntries(
  title: string,
  start: number,
  record: TitleRecord,
  what: string,
): Piece[] {
  const whole = trimmedPiece(title, start, title.length);
  if (whole.text === "") {
    record.error("empty-list", whole.start, `expected a list of ${what} here, found nothing`);
    return [];
  }
  const entries: Piece[] = [];
  for (const piece of splitPieces(title, whole.start, whole.start + whole.text.length, ",")) {
    if (piece.text === "") {
      record.error(
        "empty-entry",
        piece.start,
        `empty entry in the list of ${what}; remove the extra ','`,
      );
    } else {
      entries.push(piece);
    }
  }
  return entries;
}

/**
 * The first word of a piece. Anything after white space inside it is reported as trailing text,
 * because `site-a please` is a sentence, not an instance name.
 */
export function singleWord(piece: Piece, record: TitleRecord): Piece {
  const end = wordEnd(piece.text, 0);
  if (end === piece.text.length) return piece;
  const restAt = skipWhiteSpace(piece.text, end);
  const word = piece.text.slice(0, end);
  record.error(
    "trailing-text",
    piece.start + restAt,
    `unexpected text ${quoteText(piece.text.slice(restAt))} after ${quoteText(word)}; separate list entries with ','`,
  );
  return { text: word, start: piece.start, separatorAt: piece.separatorAt };
}

/** The single word of a non-empty part when `check` accepts it; else null, its problem reported. */
function checkedWord(
  part: Piece,
  record: TitleRecord,
  code: DiagnosticCode,
  check: (s: string) => TokenProblem | null,
): string | null {
  const word = singleWord(part, record);
  const problem = check(word.text);
  if (problem === null) return word.text;
  record.error(code, word.start + problem.offset, problem.message);
  return null;
}

/**
 * `NAME|ID,NAME,...` (kinds with ids) or `NAME,NAME,...` from `start` to the end of the title.
 * `idsRefused` is null when entries may carry an id, else what an entry with one is told
 * ("Archive and Delete take instance names only, ...").
 */
export function parseInstanceList(
  title: string,
  start: number,
  record: TitleRecord,
  idsRefused: string | null,
): InstanceRequest[] {
  const instances: InstanceRequest[] = [];
  for (const entry of listEntries(title, start, record, "instance names")) {
    const parts = splitPieces(title, entry.start, entry.start + entry.text.length, "|");
    const [namePart, idPart, extra] = parts;
    if (namePart === undefined) continue;
    let name: string | null = null;
    if (namePart.text === "") {
      record.error("bad-instance-name", namePart.start, "missing instance name before '|'");
    } else {
      name = checkedWord(namePart, record, "bad-instance-name", checkInstanceName);
    }
    let deploymentId: string | null = null;
    if (idPart !== undefined && idsRefused !== null) {
      record.error("id-not-allowed", idPart.separatorAt, `${quoteText(entry.text)}: ${idsRefused}`);
    } else if (idPart?.text === "") {
      record.error("stray-pipe", idPart.separatorAt, "'|' without a deployment id after it");
    } else if (idPart !== undefined) {
      deploymentId = checkedWord(idPart, record, "bad-deployment-id", checkDeploymentId);
    }
    if (extra !== undefined && idsRefused === null) {
      record.error(
        "stray-pipe",
        extra.separatorAt,
        `${quoteText(entry.text)} has more than one '|'; expected NAME or NAME|ID`,
      );
    }
    if (name === null) continue;
    if (!record.firstEntry(name, namePart.start, "duplicate-instance", "instance")) continue;
    instances.push({ name, deploymentId });
  }
  return instances;
}

/** The most REPO|VERSION targets one batch title may name (docs/security-model.md). */
export const MAX_TARGETS = 1000;

/**
 * `REPO|VERSION,...` from `start` to the end of the title. Targets are kept as written; matching
 * them against instance configs (with repository normalisation) is the planner's business, so
 * only exact repeats count as duplicates here.
 */
export function parseTargetList(title: string, start: number, record: TitleRecord): Target[] {
  const targets: Target[] = [];
  const entries = listEntries(title, start, record, "REPO|VERSION targets");
  const past = entries[MAX_TARGETS];
  if (past !== undefined) {
    // Matching costs each distinct repository|version of the cluster one look per wildcard
    // target: the cap keeps a batch's planning time bounded whatever the title holds.
    record.error(
      "too-many-targets",
      past.start,
      `a batch title names at most ${MAX_TARGETS.toLocaleString("en-US")} targets, this one ${entries.length.toLocaleString("en-US")}; split the batch over several commits or use '*' in a target`,
    );
    return [];
  }
  for (const entry of entries) {
    const [repoPart, versionPart, extra] = splitPieces(
      title,
      entry.start,
      entry.start + entry.text.length,
      "|",
    );
    if (repoPart === undefined) continue;
    if (versionPart === undefined) {
      record.error(
        "missing-version",
        entry.start + entry.text.length,
        `target ${quoteText(entry.text)} has no '|VERSION'; expected REPO|VERSION`,
      );
      continue;
    }
    if (extra !== undefined) {
      record.error(
        "stray-pipe",
        extra.separatorAt,
        `target ${quoteText(entry.text)} has more than one '|'; expected REPO|VERSION`,
      );
    }
    const repository = targetPart(repoPart, record, "repository", checkRepositoryPattern);
    const version = targetPart(versionPart, record, "version", checkVersionPattern);
    if (repository === null || version === null) continue;
    // `|` cannot occur in either part, so it makes an unambiguous key.
    const key = `${repository}|${version}`;
    if (!record.firstEntry(key, repoPart.start, "duplicate-target", "target")) continue;
    targets.push({ repository, version });
  }
  return targets;
}

function targetPart(
  part: Piece,
  record: TitleRecord,
  what: "repository" | "version",
  check: (s: string) => TokenProblem | null,
): string | null {
  if (part.text !== "") return checkedWord(part, record, `bad-${what}`, check);
  record.error(`missing-${what}`, part.start, `missing ${what} in a REPO|VERSION target`);
  return null;
}

/**
 * `COMMIT_HASH [REPO|VERSION,...]` after `[Batch][UpgradeTo]`: the hash is the first word, and
 * whatever follows it is the target list (none means every batch-eligible instance).
 */
export function parseUpgradeToPayload(
  title: string,
  start: number,
  record: TitleRecord,
): Directive {
  const hashStart = skipWhiteSpace(title, start);
  const hashEnd = wordEnd(title, hashStart);
  const commit = title.slice(hashStart, hashEnd);
  if (commit === "") {
    record.error(
      "missing-commit-hash",
      hashStart,
      "expected a commit hash (7 to 40 or 64 hexadecimal digits) after [Batch][UpgradeTo]",
    );
  } else {
    const problem = checkCommitHash(commit);
    if (problem !== null)
      record.error("bad-commit-hash", hashStart + problem.offset, problem.message);
  }
  const rest = skipWhiteSpace(title, hashEnd);
  const targets = rest < title.length ? parseTargetList(title, rest, record) : [];
  return { kind: "batch-upgrade-to", commit, targets };
}
