/**
 * The line of a commit message that carries the directive (SPEC.md: only the title counts; a
 * GitLab merge commit carries the merge request's title on the first non-empty line after its
 * own).
 */
export interface EffectiveTitle {
  /** The line, without its line break. Columns of diagnostics point into this string. */
  readonly title: string;
  /** 1-based number of that line in the message. */
  readonly line: number;
}

const MERGE_PREFIX = "Merge branch '";
const MERGE_MIDDLE = "' into '";

/**
 * Lines end at `\n`, `\r\n` or a lone `\r`: a lone `\r` is how a title would hide text from a
 * terminal, so nothing after it may count as part of the title.
 */
function splitLines(message: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (let i = 0; i < message.length; i++) {
    const c = message[i];
    if (c === "\n" || c === "\r") {
      lines.push(message.slice(start, i));
      if (c === "\r" && message[i + 1] === "\n") i++;
      start = i + 1;
    }
  }
  lines.push(message.slice(start));
  return lines;
}

/** Blank means only spaces and tabs, the white space the grammar knows. */
const isBlank = (line: string): boolean => /^[ \t]*$/.test(line);

/** GitLab's own merge commit title; plain string tests, so hostile lines cost linear time. */
function isGitLabMergeTitle(line: string): boolean {
  const t = line.trimEnd();
  return (
    t.startsWith(MERGE_PREFIX) &&
    t.endsWith("'") &&
    t.length > MERGE_PREFIX.length + MERGE_MIDDLE.length &&
    t.indexOf(MERGE_MIDDLE, MERGE_PREFIX.length) >= 0
  );
}

/**
 * The title of `message`: its first line, or for a GitLab merge commit the first non-empty line
 * after the merge title (the merge title itself when there is none).
 *
 * Leading blank lines and a leading byte-order mark are skipped, because `git commit` strips the
 * former and the latter is an editor's encoding artefact; neither is ever meant as the title.
 */
export function effectiveTitle(message: string): EffectiveTitle {
  const lines = splitLines(message.startsWith("\uFEFF") ? message.slice(1) : message);
  let first = 0;
  while (first < lines.length - 1 && isBlank(lines[first] ?? "")) first++;
  const title = lines[first] ?? "";
  if (isGitLabMergeTitle(title)) {
    for (let i = first + 1; i < lines.length; i++) {
      const line = lines[i] ?? "";
      if (!isBlank(line)) return { title: line, line: i + 1 };
    }
  }
  return { title, line: first + 1 };
}
