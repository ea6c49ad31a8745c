import type { InstanceRequest } from "./directive.js";
import { checkDeploymentId, checkInstanceName } from "./grammar.js";
import { listEntries, singleWord, splitPieces } from "./listEntries.js";
import type { Piece } from "./listEntries.js";
import { quoteText } from "../text.js";
import type { TitleProblems } from "./titleProblems.js";

/**
 * `NAME|ID,NAME,...` (kinds with ids) or `NAME,NAME,...` from `start` to the end of the title.
 * `idsRefused` is null when entries may carry an id, else what an entry with one is told
 * ("Archive and Delete take instance names only, ..."). Every entry is checked, so one title
 * reports all its problems at once.
 */
export function parseInstanceList(
  title: string,
  start: number,
  problems: TitleProblems,
  idsRefused: string | null,
): InstanceRequest[] {
  const instances: InstanceRequest[] = [];
  const firstSeen = new Map<string, number>();
  for (const entry of listEntries(title, start, problems, "instance names")) {
    const parts = splitPieces(title, entry.start, entry.start + entry.text.length, "|");
    const [namePart, idPart, extra] = parts;
    if (namePart === undefined) continue;
    const name = checkedName(namePart, problems);
    let deploymentId: string | null = null;
    if (idPart !== undefined && idsRefused !== null) {
      problems.error(
        "id-not-allowed",
        idPart.separatorAt,
        `${quoteText(entry.text)}: ${idsRefused}`,
      );
    } else if (idPart !== undefined) {
      deploymentId = checkedId(idPart, problems);
    }
    if (extra !== undefined && idsRefused === null) {
      problems.error(
        "stray-pipe",
        extra.separatorAt,
        `${quoteText(entry.text)} has more than one '|'; expected NAME or NAME|ID`,
      );
    }
    if (name === null) continue;
    const seen = firstSeen.get(name);
    if (seen !== undefined) {
      problems.error(
        "duplicate-instance",
        namePart.start,
        `instance ${quoteText(name)} is listed twice (first at column ${problems.column(seen)})`,
      );
      continue;
    }
    firstSeen.set(name, namePart.start);
    instances.push({ name, deploymentId });
  }
  return instances;
}

function checkedName(part: Piece, problems: TitleProblems): string | null {
  if (part.text === "") {
    problems.error("bad-instance-name", part.start, "missing instance name before '|'");
    return null;
  }
  const word = singleWord(part, problems);
  const problem = checkInstanceName(word.text);
  if (problem === null) return word.text;
  problems.error("bad-instance-name", word.start + problem.offset, problem.message);
  return null;
}

function checkedId(part: Piece, problems: TitleProblems): string | null {
  if (part.text === "") {
    problems.error("stray-pipe", part.separatorAt, "'|' without a deployment id after it");
    return null;
  }
  const word = singleWord(part, problems);
  const problem = checkDeploymentId(word.text);
  if (problem === null) return word.text;
  problems.error("bad-deployment-id", word.start + problem.offset, problem.message);
  return null;
}
