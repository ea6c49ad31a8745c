import { quoteText } from "../text.js";
import type { Directive } from "./directive.js";
import {
  asciiLower,
  checkDeploymentId,
  checkInstanceName,
  LEGACY_CREATE_ACTION,
  LEGACY_UPDATE_ACTION,
  skipWhiteSpace,
  wordEnd,
} from "./grammar.js";
import type { TitleRecord } from "./title.js";

interface Word {
  readonly text: string;
  readonly start: number;
}

const ACTIONS = [
  { kind: "create", words: LEGACY_CREATE_ACTION.split(" ") },
  { kind: "update", words: LEGACY_UPDATE_ACTION.split(" ") },
] as const;

const LONGEST_ACTION = Math.max(...ACTIONS.map((a) => a.words.length));

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
 * The older title form `[AutoDeploy] NAME[:ID] - deploy new instance :rocket:` (create) or
 * `... - apply changes :tools:` (update). `start` is the first character after `[AutoDeploy]`
 * that is neither white space nor `[`.
 *
 * The id is optional (`NAME - apply changes :tools:`), as `NAME` without `|ID` is in the tagged
 * form. The action words are matched ASCII-case-insensitively and may be separated by any run of
 * spaces or tabs. Returns null when the text does not even look like the legacy form (no ` - `
 * after the first word); the caller reports the missing type tag then.
 */
export function parseLegacyTitle(
  title: string,
  start: number,
  record: TitleRecord,
): Directive | null {
  // Head, dash, the longest action, and one more word to notice trailing text.
  const found = words(title, start, 2 + LONGEST_ACTION + 1);
  const [head, dash] = found;
  if (head === undefined || dash?.text !== "-") return null;

  const given = found.slice(2);
  const action = ACTIONS.find((a) =>
    a.words.every((w, i) => asciiLower(given[i]?.text ?? "") === w),
  );
  if (action === undefined) {
    record.error(
      "unknown-legacy-action",
      given[0]?.start ?? title.length,
      `expected '${LEGACY_CREATE_ACTION}' or '${LEGACY_UPDATE_ACTION}' after ' - ', found ${quoteText(title.slice(dash.start + 1).trim())}`,
    );
  } else {
    const extra = given[action.words.length];
    if (extra !== undefined) {
      record.error(
        "trailing-text",
        extra.start,
        `unexpected text ${quoteText(title.slice(extra.start))} after '${action.words.join(" ")}'`,
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
      record.error(
        "bad-deployment-id",
        head.start + colon + 1 + idProblem.offset,
        idProblem.message,
      );
    }
  }
  return {
    kind: action?.kind ?? "update",
    instances: [{ name, deploymentId: id }],
    legacy: true,
  };
}
