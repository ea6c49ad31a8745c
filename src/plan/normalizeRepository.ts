/**
 * Canonical form of an edx-platform repository URL, so that the spellings people actually use
 * for one repository compare equal (SPEC.md, "Details"): `https://github.com/openedx/edx-platform.git`,
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
  const scheme = (match[1] ?? "").toLowerCase();
  const rest = text.slice(match[0].length);
  const slash = rest.indexOf("/");
  const authority = slash === -1 ? rest : rest.slice(0, slash);
  // Query and fragment never name a different repository.
  const path = (slash === -1 ? "" : rest.slice(slash + 1)).replace(/[?#].*$/, "");
  const hostPort = authority.slice(authority.lastIndexOf("@") + 1);
  const portMatch = /^(.*?)(?::(\d*))?$/.exec(hostPort);
  const host = portMatch?.[1] ?? hostPort;
  const port = portMatch?.[2] ?? "";
  const keepPort = port !== "" && DEFAULT_PORTS[scheme] !== port;
  return { host: keepPort ? `${host}:${port}` : host, path };
}

/** `[user@]host:path`, git's scp-like syntax: the part before the first `:` holds no `/`. */
function parseScpLike(text: string): HostAndPath | null {
  const match = /^([^@/:]*@)?([^@/:]+):(.*)$/.exec(text);
  if (match === null) return null;
  const host = match[2] ?? "";
  const path = match[3] ?? "";
  // `host:2222/path` without a user is our own canonical form of a non-default port (error
  // messages print it, people copy it into targets), so it must read back as a port.
  const port = match[1] === undefined ? /^(\d+)(?:\/|$)/.exec(path) : null;
  if (port !== null) {
    const digits = port[1] ?? "";
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
