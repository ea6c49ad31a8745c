import { quoteText } from "../text.js";
import type { Directive, NamedDirectiveShape } from "./directive.js";
import {
  asciiLower,
  checkDeploymentId,
  checkInstanceName,
  skipWhiteSpace,
  wordEnd,
} from "./grammar.js";
import type { KindTable } from "./kinds.js";
import { alternatives } from "./tags.js";
import type { TitleRecord } from "./title.js";

interface Word {
  readonly text: string;
  readonly start: number;
}

/** The first `limit` white-space-separated words from `start`; never scans past the last one. */
function words(title: string, start: number, limit: number): Word[] {
  const out: Word[] = [];
  let i = start;
  while (out.length < limit) {
    const s = skipWhiteSpace(title, i);
    if (s === title.length) break;
    i = wordEnd(title, s);
    out.push({ text: title.slice(s, i), start: s });
  }
  return out;
}

/**
 * The older title form `[AutoDeploy] NAME[:ID] - <action>` of the kinds of `kinds` that have one
 * (`deploy new instance :rocket:` creates, `apply changes :tools:` updates). `start` is the first
 * character after `[AutoDeploy]` that is neither white space nor `[`.
 *
 * The id is optional (`NAME - apply changes :tools:`), as `NAME` without `|ID` is in the tagged
 * form. The action words are matched ASCII-case-insensitively and may be separated by any run of
 * spaces or tabs. Returns null when the text does not even look like the legacy form (no ` - `
 * after the first word); the caller reports the missing type tag then.
 */
export function parseLegacyTitle<X extends NamedDirectiveShape, Y extends string>(
  title: string,
  start: number,
  record: TitleRecord,
  kinds: KindTable<X, Y>,
): Directive | X | null {
  const actions = kinds.flatMap((row) =>
    row.legacyAction === null
      ? []
      : [{ row, text: row.legacyAction, words: row.legacyAction.split(" ") }],
  );
  const [fallback] = actions;
  if (fallback === undefined) return null;
  // Head, dash, the longest action, and one more word to notice trailing text.
  const found = words(title, start, 2 + Math.max(...actions.map((a) => a.words.length)) + 1);
  const [head, dash] = found;
  if (head === undefined || dash?.text !== "-") return null;

  const given = found.slice(2);
  const action = actions.find((a) =>
    a.words.every((w, i) => asciiLower(given[i]?.text ?? "") === w),
  );
  if (action === undefined) {
    const expected = alternatives(
      actions.map((a) => `'${a.text}'`),
      "or",
    );
    record.error(
      "unknown-legacy-action",
      given[0]?.start ?? title.length,
      `expected ${expected} after ' - ', found ${quoteText(title.slice(dash.start + 1).trim())}`,
    );
  } else {
    const extra = given[action.words.length];
    if (extra !== undefined) {
      record.error(
        "trailing-text",
        extra.start,
        `unexpected text ${quoteText(title.slice(extra.start))} after '${action.text}'`,
      );
    }
  }

  const colon = head.text.indexOf(":");
  const name = colon < 0 ? head.text : head.text.slice(0, colon);
  const id = colon < 0 ? null : head.text.slice(colon + 1);
  const nameProblem = checkInstanceName(name);
  if (nameProblem !== null) {
    record.error("bad-instance-name", head.start + nameProblem.offset, nameProblem.message);
  } else {
    record.entry(name, head.start);
  }
  if (id === "") {
    record.error("bad-deployment-id", head.start + colon, "':' without a deployment id after it");
  } else if (id !== null) {
    const idProblem = checkDeploymentId(id);
    if (idProblem !== null) {
      const at = head.start + colon + 1 + idProblem.offset;
      record.error("bad-deployment-id", at, idProblem.message);
    }
  }
  // With an unknown action the title fails anyway; the first legacy kind stands in.
  const { row } = action ?? fallback;
  return row.directive([{ name, deploymentId: id }], true);
}
