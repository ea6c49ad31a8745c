import { describe, expect, it } from "vitest";
import type { Result } from "../diagnostic.js";
import type { Directive } from "./directive.js";
import {
  checkCommitHash,
  checkDeploymentId,
  checkRepositoryPattern,
  checkVersionPattern,
  isInstanceName,
} from "./grammar.js";
import { parseCommitMessage } from "./parseCommitMessage.js";

/**
 * Titles an attacker or an accident could push. Each must give either a correct `none` or an
 * error whose messages are single lines; no ok result may carry a value outside the grammar.
 */
function assertSafe(result: Result<Directive>): void {
  if (!result.ok) {
    expect(result.diagnostics.length).toBeGreaterThan(0);
    for (const d of result.diagnostics) {
      expect(d.severity).toBe("error");
      // Only printable ASCII: quoted title text is escaped, so nothing can hide or break a line.
      expect([...d.message].every((ch) => ch >= " " && ch <= "~")).toBe(true);
      expect(d.message.length).toBeLessThan(400);
      expect(d.column).toBeGreaterThanOrEqual(1);
    }
    return;
  }
  const d = result.value;
  if ("instances" in d) {
    for (const i of d.instances) {
      expect(isInstanceName(i.name)).toBe(true);
      if ("deploymentId" in i && i.deploymentId !== null)
        expect(checkDeploymentId(i.deploymentId)).toBeNull();
    }
  }
  if ("targets" in d) {
    for (const t of d.targets) {
      expect([checkRepositoryPattern(t.repository), checkVersionPattern(t.version)]).toEqual([
        null,
        null,
      ]);
    }
  }
  if ("commit" in d) expect(checkCommitHash(d.commit)).toBeNull();
}

function codes(message: string): string[] {
  const result = parseCommitMessage(message);
  assertSafe(result);
  return result.ok ? [`ok:${result.value.kind}`] : result.diagnostics.map((d) => d.code);
}

const U = "[AutoDeploy][Update] ";
const B = "[AutoDeploy][Batch][Upgrade] ";

describe("hostile titles", () => {
  it.each<[string, string, string[]]>([
    ["command substitution", `${U}$(rm -rf /)`, ["bad-instance-name", "trailing-text"]],
    ["command substitution in an id", `${U}a|$(id)`, ["bad-deployment-id"]],
    ["backticks", `${U}\`reboot\``, ["bad-instance-name"]],
    ["semicolon", `${U}a;reboot`, ["bad-instance-name"]],
    ["pipe into a shell", `${U}a|1 | sh`, ["stray-pipe"]],
    ["ampersands", `${U}a&&b`, ["bad-instance-name"]],
    ["redirection", `${U}a>/etc/passwd`, ["bad-instance-name"]],
    ["single quotes", `${U}'a'`, ["bad-instance-name"]],
    ["double quotes", `${U}"a"`, ["bad-instance-name"]],
    ["variable", `${U}\${CI_JOB_TOKEN}`, ["bad-instance-name"]],
    ["quoted repository", `${B}'https://h/x'|v`, ["bad-repository"]],
    ["shell in a version", `${B}*|$(curl x)`, ["bad-version", "trailing-text"]],
    ["option injection", `${B}--upload-pack=touch|v`, ["bad-repository"]],
    ["YAML mapping", `${U}a: b`, ["bad-instance-name", "trailing-text"]],
    ["YAML flow mapping", `${U}{a: 1}`, ["bad-instance-name", "trailing-text"]],
    ["YAML anchor", `${U}&anchor`, ["bad-instance-name"]],
    ["YAML alias", `${U}*alias`, ["bad-instance-name"]],
    ["YAML tag", `${U}!!python/object x`, ["bad-instance-name", "trailing-text"]],
    ["YAML document marker", `${U}---`, ["bad-instance-name"]],
    ["YAML comment", `${U}a #b`, ["trailing-text"]],
    ["path traversal", `${U}../x`, ["bad-instance-name"]],
    ["path traversal in archive", "[AutoDeploy][Archive] ..", ["bad-instance-name"]],
    ["path traversal in a repository", `${B}../x|v`, ["bad-repository"]],
    ["path traversal in a version", `${B}*|../x`, ["bad-version"]],
    ["absolute path", `${U}/etc/passwd`, ["bad-instance-name"]],
    ["Cyrillic a", `${U}site-\u0430`, ["bad-instance-name"]],
    ["Greek omicron", `${U}\u03bfpen`, ["bad-instance-name"]],
    ["fullwidth letters", `${U}\uff53ite`, ["bad-instance-name"]],
    ["zero-width space", `${U}site\u200b-a`, ["bad-instance-name"]],
    ["zero-width joiner", `${U}site-a\u200d`, ["bad-instance-name"]],
    ["byte-order mark inside", `${U}\ufeffsite-a`, ["bad-instance-name"]],
    ["no-break space around an entry", `${U}\u00a0site-a`, ["bad-instance-name"]],
    ["right-to-left override", `${U}a\u202eb`, ["bad-instance-name"]],
    ["NUL", `${U}a\u0000b`, ["bad-instance-name"]],
    ["escape sequence", `${U}\u001b[2Ja`, ["bad-instance-name"]],
    ["look-alike tag", "[AutoDep\u0142oy][Update] a", ["ok:none"]],
    ["Kelvin sign in a tag", "[AutoDeploy][Batch][Upgrade\u212a] *|*", ["unknown-type"]],
    ["text hidden after a carriage return", `${U}a\r[AutoDeploy][Delete] b`, ["ok:update"]],
    ["directive after a carriage return", "harmless\r[AutoDeploy][Delete] b", ["ok:none"]],
    ["directive on the second line", "harmless\n[AutoDeploy][Delete] b", ["ok:none"]],
    [
      "directive after a Unicode line separator",
      "harmless\u2028[AutoDeploy][Delete] b",
      ["ok:none"],
    ],
    [
      "escape in infrastructure text",
      "[AutoDeploy][Infrastructure] x\u001b]0;pwned\u0007",
      ["bad-text", "bad-text"],
    ],
    [
      "line separator in infrastructure text",
      "[AutoDeploy][Infrastructure] a\u2028b",
      ["bad-text"],
    ],
    ["lone surrogate", `${U}\ud800`, ["bad-instance-name"]],
    ["empty message", "", ["ok:none"]],
    ["white-space-only message", " \t \r\n \n", ["ok:none"]],
    ["just the tag", "[AutoDeploy]", ["missing-type"]],
    ["just brackets", "[AutoDeploy][]", ["unknown-type"]],
    ["nested brackets", "[AutoDeploy][[Update]] a", ["unknown-type"]],
  ])("%s", (_, message, expected) => {
    expect(codes(message)).toEqual(expected);
  });

  it("keeps YAML-looking wildcards as values, which only ever reach YAML through a serializer", () => {
    expect(parseCommitMessage(`${B}*|*alias`)).toMatchObject({
      ok: true,
      value: { targets: [{ repository: "*", version: "*alias" }] },
    });
  });

  it("handles a 100 KB title of each kind", () => {
    const big = "a".repeat(100_000);
    expect(codes(`${U}${big}`)).toEqual(["bad-instance-name"]);
    expect(codes(`[AutoDeploy][Infrastructure] ${big}`)).toEqual(["ok:infrastructure"]);
    const targets = Array.from({ length: 8_000 }, (_, i) => `*|v${i}`).join(",");
    expect(targets.length).toBeGreaterThan(50_000);
    // More targets than a title may name (MAX_TARGETS): one error, not 8,000 matches to plan.
    expect(codes(`${B}${targets}`)).toEqual(["too-many-targets"]);
    expect(codes(`${B}${big}|v`)).toEqual(["bad-repository"]);
    expect(codes(`[AutoDeploy][${big}`)).toEqual(["unclosed-tag"]);
    expect(codes(`[AutoDeploy] ${big}`)).toEqual(["missing-type"]);
    expect(codes(`x ${"[AutoDeploy".repeat(10_000)}`)).toEqual(["ok:none"]);
    expect(codes(`Merge branch '${"' into '".repeat(12_000)}'\n\n${U}a`)).toEqual(["ok:update"]);
  });

  it("caps the errors of a title full of problems", () => {
    const result = parseCommitMessage(`${U}${",".repeat(100_000)}`);
    expect(result.ok).toBe(false);
    const diagnostics = result.ok ? [] : result.diagnostics;
    expect(diagnostics).toHaveLength(101);
    expect(diagnostics.at(-1)?.code).toBe("too-many-errors");
  });

  it("reads a 10,000-entry list, and finds the one bad entry in it", () => {
    const names = Array.from({ length: 10_000 }, (_, i) => `site-${i}`);
    const result = parseCommitMessage(`${U}${names.join(", ")}`);
    expect(result.ok && result.value.kind === "update" && result.value.instances.length).toBe(
      10_000,
    );
    assertSafe(result);

    names[7_777] = "site-\u0430";
    const title = `${U}${names.join(",")}`;
    const bad = parseCommitMessage(title);
    expect(bad.ok ? [] : bad.diagnostics.map((d) => [d.code, d.column])).toEqual([
      ["bad-instance-name", title.indexOf("site-\u0430") + 6],
    ]);
  });

  it("never lets a name with characters outside the grammar through, whatever is mixed in", () => {
    const mixes = [
      "\u0430",
      "\u200b",
      "\u00a0",
      "\u3000",
      "\u2028",
      "\u0000",
      "\u{1F600}",
      "\ufe0f",
    ];
    for (const ch of mixes) {
      for (const title of [`${U}${ch}a`, `${U}a${ch}`, `${U}a${ch}b`, `${U}a|1${ch}`]) {
        expect(parseCommitMessage(title).ok).toBe(false);
      }
    }
  });
});
