import { forbiddenTextCharacter } from "./grammar.js";
import { trimmedPiece } from "./listEntries.js";
import type { TitleProblems } from "./titleProblems.js";

/**
 * The free text of `[AutoDeploy][Infrastructure] <text>`, trimmed. It is required: an
 * infrastructure change applies Terraform to the whole cluster, and the history should say why.
 */
export function parseInfrastructureText(
  title: string,
  start: number,
  problems: TitleProblems,
): string {
  const piece = trimmedPiece(title, start, title.length);
  if (piece.text === "") {
    problems.error(
      "missing-text",
      piece.start,
      "[Infrastructure] needs a description of the change after the tag",
    );
  }
  for (let i = 0; i < piece.text.length; i++) {
    const why = forbiddenTextCharacter(piece.text, i);
    if (why !== null) {
      const cp = piece.text.charCodeAt(i).toString(16).toUpperCase().padStart(4, "0");
      problems.error("bad-text", piece.start + i, `the description contains ${why} (U+${cp})`);
    }
  }
  return piece.text;
}
