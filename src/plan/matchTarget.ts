import type { Target } from "../commit/directive.js";
import { InternalError } from "../errors.js";

/**
 * The one rule for whether a batch target asks for an instance (SPEC.md, "Details"):
 * repositories compare after normalising both sides, versions exactly, and `*` in either part of
 * the target matches any run of characters.
 */

/** One target compared with one instance, part by part (explanations show each part). */
export interface TargetCheck {
  readonly target: Target;
  /** The target's repository after normalising (still with its wildcards). */
  readonly normalizedTarget: string;
  readonly repositoryMatches: boolean;
  readonly versionMatches: boolean;
}

/** Whether an instance running `repository` at `version` is one `target` asks for. */
export function matchesTarget(repository: string, version: string, target: Target): boolean {
  const check = checkTarget(target, normalizeRepository(repository), version);
  return check.repositoryMatches && check.versionMatches;
}

/**
 * `target` against an instance whose repository is already normalised (a batch normalises each
 * instance's once, for every target). An instance without a version matches no version.
 */
export function checkTarget(
  target: Target,
  normalizedRepository: string,
  version: string | null,
): TargetCheck {
  const normalizedTarget = normalizeRepository(target.repository);
  return {
    target,
    normalizedTarget,
    repositoryMatches: wildcardMatch(normalizedTarget, normalizedRepository),
    versionMatches: version !== null && wildcardMatch(target.version, version),
  };
}

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

/**
 * Canonical form of an edx-platform repository URL, so that the spellings people actually use
 * for one repository compare equal: `https://github.com/openedx/edx-platform.git`,
 * `git@github.com:openedx/edx-platform` and `ssh://git@GitHub.com:22/openedx/edx-platform/` all
 * become `github.com/openedx/edx-platform`.
 *
 * - The scheme and any user (or `user:token`) are dropped: they say how to reach the repository,
 *   not which one it is, and a token must never end up in a job name.
 * - The host is lower-cased; the path keeps its case (GitLab paths are case-sensitive).
 * - A port is dropped when it is the scheme's default (22 for ssh, 443 https, 80 http, 9418 git).
 *   Any other port is kept: it may be another server, and a false match would deploy the wrong
 *   instances while a false mismatch fails loudly with the list of what the cluster runs.
 * - Trailing `/` and one trailing `.git` are ignored; repeated `/` in the path count as one.
 * - Text that is neither `scheme://...` nor `[user@]host:path` (a local path, a bare `*`) is only
 *   trimmed of its suffixes, so wildcard targets such as a bare `*` keep working.
 */
export function normalizeRepository(url: string): string {
  // A batch normalises every instance's repository, and a cluster has only a few distinct ones.
  let normalized = normalizedCache.get(url);
  if (normalized === undefined) {
    if (normalizedCache.size >= MAX_CACHED) normalizedCache.clear();
    normalized = normalize(url);
    normalizedCache.set(url, normalized);
  }
  return normalized;
}

const normalizedCache = new Map<string, string>();
const MAX_CACHED = 1000;

function normalize(url: string): string {
  const text = url.trim();
  const parsed = parseWithScheme(text) ?? parseScpLike(text);
  if (parsed === null) return cleanPath(text, false);
  const path = cleanPath(parsed.path, true);
  const host = parsed.host.toLowerCase();
  return path === "" ? host : `${host}/${path}`;
}

interface HostAndPath {
  /** Host, with `:port` when the port is not the scheme's default. */
  readonly host: string;
  readonly path: string;
}

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;

const DEFAULT_PORTS: Readonly<Record<string, string>> = {
  ssh: "22",
  "git+ssh": "22",
  "ssh+git": "22",
  https: "443",
  http: "80",
  git: "9418",
};

function parseWithScheme(text: string): HostAndPath | null {
  const match = SCHEME.exec(text);
  if (match === null) return null;
  const scheme = group(match, 1).toLowerCase();
  const rest = text.slice(match[0].length);
  const slash = rest.indexOf("/");
  const authority = slash === -1 ? rest : rest.slice(0, slash);
  // Query and fragment never name a different repository.
  const path = (slash === -1 ? "" : rest.slice(slash + 1)).replace(/[?#].*$/, "");
  const hostPort = authority.slice(authority.lastIndexOf("@") + 1);
  const portMatch = /^(.*?)(?::(\d*))?$/.exec(hostPort);
  const host = portMatch === null ? hostPort : group(portMatch, 1);
  const port = portMatch?.[2] ?? "";
  const keepPort = port !== "" && DEFAULT_PORTS[scheme] !== port;
  return { host: keepPort ? `${host}:${port}` : host, path };
}

/** `[user@]host:path`, git's scp-like syntax: the part before the first `:` holds no `/`. */
function parseScpLike(text: string): HostAndPath | null {
  const match = /^([^@/:]*@)?([^@/:]+):(.*)$/.exec(text);
  if (match === null) return null;
  const host = group(match, 2);
  const path = group(match, 3);
  // `host:2222/path` without a user is our own canonical form of a non-default port (error
  // messages print it, people copy it into targets), so it must read back as a port.
  const port = match[1] === undefined ? /^(\d+)(?:\/|$)/.exec(path) : null;
  if (port !== null) {
    const digits = group(port, 1);
    return { host: `${host}:${digits}`, path: path.slice(digits.length) };
  }
  return { host, path };
}

function cleanPath(path: string, dropLeadingSlashes: boolean): string {
  let p = path.replace(/\/{2,}/g, "/");
  if (dropLeadingSlashes) p = p.replace(/^\/+/, "");
  p = p.replace(/\/+$/, "");
  if (p.endsWith(".git")) p = p.slice(0, -".git".length).replace(/\/+$/, "");
  return p;
}

/** A capture group that always takes part when its pattern matches. */
function group(match: RegExpExecArray, index: number): string {
  const text = match[index];
  if (text === undefined) throw new InternalError(`capture group ${index} did not take part`);
  return text;
}
