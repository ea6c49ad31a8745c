import { InternalError } from "../errors.js";
import { describeCharacter, isBidiControl, isControl, quoteText } from "../text.js";

/**
 * The token rules of the commit-message grammar (SPEC.md, "The commit-message grammar"). The
 * parser, the composer and the CLI argument reader all check values here, so the three accept
 * exactly the same things. Every check is a single left-to-right scan (no regular expressions),
 * so hostile input costs linear time.
 */

/** Every directive starts with it; the tags of each kind are in the kinds table (kinds.ts). */
export const AUTODEPLOY_TAG = "[AutoDeploy]";

/** Only space and tab count as white space; any other invisible character is an error. */
export function isWhiteSpace(ch: string | undefined): boolean {
  return ch === " " || ch === "\t";
}

/** Index of the first non-white-space character at or after `from` (at most `end`). */
export function skipWhiteSpace(s: string, from: number, end: number = s.length): number {
  let i = from;
  while (i < end && isWhiteSpace(s[i])) i++;
  return i;
}

/** Index of the first white space at or after `from`, or the end of `s`: where a word ends. */
export function wordEnd(s: string, from: number): number {
  let i = from;
  while (i < s.length && !isWhiteSpace(s[i])) i++;
  return i;
}

/**
 * ASCII-only lower case. `String.prototype.toLowerCase` would fold look-alikes (the Kelvin sign,
 * dotted capital I) into ASCII letters and let them pass for tags.
 */
export function asciiLower(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out += c >= 0x41 && c <= 0x5a ? String.fromCharCode(c + 0x20) : s[i];
  }
  return out;
}

/**
 * Characters free text may not contain: control characters, Unicode line separators (the title
 * must stay one line wherever it is shown) and bidi controls, which make a terminal show text in
 * a different order than it is stored. Lone surrogate halves are not text at all.
 */
export function forbiddenTextCharacter(text: string, i: number): string | null {
  const c = text.charCodeAt(i);
  if (isControl(c) && c !== 0x09) return "a control character";
  if (c === 0x2028 || c === 0x2029) return "a line separator";
  if (isBidiControl(c)) return "a bidirectional control character";
  if (c >= 0xd800 && c <= 0xdbff) {
    const next = text.charCodeAt(i + 1);
    return next >= 0xdc00 && next <= 0xdfff ? null : "a lone surrogate";
  }
  if (c >= 0xdc00 && c <= 0xdfff) {
    const previous = i > 0 ? text.charCodeAt(i - 1) : 0;
    return previous >= 0xd800 && previous <= 0xdbff ? null : "a lone surrogate";
  }
  return null;
}

/** What is wrong with `text` as free text (its first forbidden character), or null. */
export function forbiddenInText(text: string): string | null {
  for (let i = 0; i < text.length; i++) {
    const why = forbiddenTextCharacter(text, i);
    if (why !== null) return why;
  }
  return null;
}

/** The first thing wrong with a token: where (UTF-16 offset into it) and what, for a person. */
export interface TokenProblem {
  readonly offset: number;
  readonly message: string;
}

interface TokenRule {
  /** What the token is, as a message starts: "instance name". */
  readonly what: string;
  readonly maxLength: number;
  readonly isChar: (c: number) => boolean;
  readonly chars: string;
  readonly isFirst: (c: number) => boolean;
  readonly first: string;
  /** Structural rules beyond characters and length. */
  readonly extra?: (s: string) => TokenProblem | null;
}

const isLetterOrDigit = (c: number): boolean =>
  (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const isHex = (c: number): boolean =>
  (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
const inSet =
  (extra: string) =>
  (c: number): boolean =>
    isLetterOrDigit(c) || extra.includes(String.fromCharCode(c));
const STAR = 0x2a;

/** The character (a whole code point) at UTF-16 index `i`, which is inside `s`. */
function characterAt(s: string, i: number): string {
  const cp = s.codePointAt(i);
  if (cp === undefined) throw new InternalError(`index ${i} is outside a ${s.length}-unit string`);
  return String.fromCodePoint(cp);
}

function checkToken(rule: TokenRule, s: string): TokenProblem | null {
  if (s.length === 0) return { offset: 0, message: `missing ${rule.what}` };
  for (let i = 0; i < s.length; i++) {
    if (!rule.isChar(s.charCodeAt(i))) {
      return {
        offset: i,
        message: `${rule.what} ${quoteText(s)} contains ${describeCharacter(characterAt(s, i))}; allowed are ${rule.chars}`,
      };
    }
  }
  if (!rule.isFirst(s.charCodeAt(0))) {
    return { offset: 0, message: `${rule.what} ${quoteText(s)} must start with ${rule.first}` };
  }
  if (s.length > rule.maxLength) {
    return {
      offset: rule.maxLength,
      message: `${rule.what} ${quoteText(s)} is ${s.length} characters long; at most ${rule.maxLength} are allowed`,
    };
  }
  return rule.extra?.(s) ?? null;
}

const INSTANCE_NAME: TokenRule = {
  what: "instance name",
  maxLength: 63,
  isChar: inSet("-_"),
  chars: "A-Z a-z 0-9 - _",
  isFirst: isLetterOrDigit,
  first: "a letter or digit",
};

const DEPLOYMENT_ID: TokenRule = {
  what: "deployment id",
  maxLength: 64,
  isChar: inSet("._-"),
  chars: "A-Z a-z 0-9 . _ -",
  isFirst: isLetterOrDigit,
  first: "a letter or digit",
};

const COMMIT_HASH: TokenRule = {
  what: "commit hash",
  maxLength: 64,
  isChar: isHex,
  chars: "hexadecimal digits 0-9 a-f",
  isFirst: isHex,
  first: "a hexadecimal digit",
  extra: (s) =>
    (s.length >= 7 && s.length <= 40) || s.length === 64
      ? null
      : {
          offset: 0,
          message: `commit hash ${quoteText(s)} has ${s.length} digits; expected 7 to 40, or 64`,
        },
};

/**
 * Repositories are git URLs (`https://host/path`, `ssh://git@host/path`, `git@host:path`). The
 * charset leaves out everything a shell or YAML gives meaning to; the first character may not be
 * `-` (it would read as a git option) nor `.` or `/` (local paths).
 */
const REPOSITORY: TokenRule = {
  what: "repository",
  maxLength: 1024,
  isChar: (c) => inSet("._~:/@+-")(c) || c === STAR,
  chars: "A-Z a-z 0-9 . _ ~ : / @ + - and the wildcard *",
  isFirst: (c) => isLetterOrDigit(c) || c === STAR,
  first: "a letter, digit or *",
  extra: (s) => {
    // `.` and `..` path segments only ever serve to climb out of a folder.
    let start = 0;
    for (let i = 0; i <= s.length; i++) {
      if (i === s.length || s[i] === "/" || s[i] === ":") {
        const segment = s.slice(start, i);
        if (segment === "." || segment === "..") {
          return {
            offset: start,
            message: `repository ${quoteText(s)} contains a '${segment}' path segment`,
          };
        }
        start = i + 1;
      }
    }
    return null;
  },
};

/** Versions are git ref names (branch, tag, commit), checked by git's own ref-name rules. */
const VERSION: TokenRule = {
  what: "version",
  maxLength: 255,
  isChar: (c) => inSet("._/+-")(c) || c === STAR,
  chars: "A-Z a-z 0-9 . _ / + - and the wildcard *",
  isFirst: (c) => isLetterOrDigit(c) || c === STAR,
  first: "a letter, digit or *",
  extra: (s) => {
    const bad = (offset: number, why: string): TokenProblem => ({
      offset,
      message: `version ${quoteText(s)} is not a git ref name: ${why}`,
    });
    const dots = s.indexOf("..");
    if (dots >= 0) return bad(dots, "it contains '..'");
    if (s.endsWith("/") || s.endsWith(".")) return bad(s.length - 1, "it ends with '/' or '.'");
    let start = 0;
    for (let i = 0; i <= s.length; i++) {
      if (i === s.length || s[i] === "/") {
        const part = s.slice(start, i);
        if (part === "") return bad(start, "it contains '//'");
        if (part.startsWith(".")) return bad(start, "a part starts with '.'");
        if (part.endsWith(".lock")) return bad(i - 5, "a part ends with '.lock'");
        start = i + 1;
      }
    }
    return null;
  },
};

export const checkInstanceName = (s: string): TokenProblem | null => checkToken(INSTANCE_NAME, s);
export const checkDeploymentId = (s: string): TokenProblem | null => checkToken(DEPLOYMENT_ID, s);
export const checkCommitHash = (s: string): TokenProblem | null => checkToken(COMMIT_HASH, s);
export const checkRepositoryPattern = (s: string): TokenProblem | null => checkToken(REPOSITORY, s);
export const checkVersionPattern = (s: string): TokenProblem | null => checkToken(VERSION, s);

/** 1–63 of `A-Za-z0-9-_`, starting with a letter or digit. */
export const isInstanceName = (s: string): boolean => checkInstanceName(s) === null;

/** The trigger client (OCIM) keeps the names it sends to this many characters. */
export const TRIGGER_CLIENT_NAME_LENGTH = 49;

/**
 * Why the trigger client could never send `name` (it sends Django's `slugify` of the instance's
 * name, cut to 49 characters), or null. Slug form is lower-case ASCII letters, digits, `-` and
 * `_`, with no `-` twice in a row (slugify merges them) and no `-` or `_` at either end (it strips
 * them). A valid instance name outside it still works from titles, but no request can name it.
 */
export function triggerClientNameProblem(name: string): string | null {
  if (name.length > TRIGGER_CLIENT_NAME_LENGTH) {
    return `is ${name.length} characters long, and the trigger client sends at most ${TRIGGER_CLIENT_NAME_LENGTH}`;
  }
  const slug = /^[a-z0-9_-]+$/.test(name) && !name.includes("--") && !/^[-_]|[-_]$/.test(name);
  return slug
    ? null
    : "is not in slug form (lower-case letters, digits, - and _, no leading, trailing or doubled -), the only form the trigger client sends";
}
