import { describe, expect, it } from "vitest";
import {
  AUTODEPLOY_TAG,
  asciiLower,
  checkCommitHash,
  checkDeploymentId,
  checkInstanceName,
  checkRepositoryPattern,
  checkVersionPattern,
  forbiddenInText,
  forbiddenTextCharacter,
  isInstanceName,
  isWhiteSpace,
  skipWhiteSpace,
  wordEnd,
} from "./grammar.js";
import type { TokenProblem } from "./grammar.js";

const accepts =
  (check: (s: string) => TokenProblem | null) =>
  (s: string): boolean =>
    check(s) === null;

function table(
  predicate: (s: string) => boolean,
  valid: readonly string[],
  invalid: readonly string[],
): void {
  it.each(valid.map((s) => [s]))("accepts %j", (s) => expect(predicate(s)).toBe(true));
  it.each(invalid.map((s) => [s]))("rejects %j", (s) => expect(predicate(s)).toBe(false));
}

describe("isInstanceName", () => {
  table(
    isInstanceName,
    ["a", "Z", "7", "site-a", "site_a", "0-_-", "a".repeat(63), "Site-B_2"],
    [
      "",
      "-a",
      "_a",
      "a".repeat(64),
      "site.a",
      "site a",
      "site|a",
      "site,a",
      "site:a",
      "../x",
      "s\u0430", // Cyrillic a
      "a\u200b", // zero-width space
      "caf\u00e9",
      "a\n",
      "$(x)",
      "*",
    ],
  );

  it("says where the first bad character is and names it", () => {
    expect(checkInstanceName("sit\u0435-a")).toEqual({
      offset: 3,
      message: "instance name 'sit\\u{435}-a' contains U+0435; allowed are A-Z a-z 0-9 - _",
    });
    expect(checkInstanceName("-a")?.message).toBe(
      "instance name '-a' must start with a letter or digit",
    );
    expect(checkInstanceName("a".repeat(70))?.message).toMatch(/is 70 characters long; at most 63/);
    expect(checkInstanceName("")?.message).toBe("missing instance name");
  });
});

describe("checkDeploymentId", () => {
  table(
    accepts(checkDeploymentId),
    ["1", "42", "a.b_c-d", "X".repeat(64), "2024.01.01-rc_1"],
    ["", ".1", "-1", "_1", "X".repeat(65), "4 2", "4|2", "4:2", "4/2", "\u0661"],
  );
});

describe("checkCommitHash", () => {
  table(
    accepts(checkCommitHash),
    ["abcdef1", "ABCDEF1", "0".repeat(40), "f".repeat(64), "1234567890abcdef"],
    [
      "",
      "abcdef",
      "0".repeat(41),
      "0".repeat(63),
      "0".repeat(65),
      "abcdefg",
      "abc def1",
      "0x12345",
    ],
  );
});

describe("checkRepositoryPattern", () => {
  table(
    accepts(checkRepositoryPattern),
    [
      "https://github.com/openedx/edx-platform.git",
      "https://github.com/openedx/edx-platform/",
      "ssh://git@github.com/openedx/edx-platform.git",
      "git@github.com:openedx/edx-platform.git",
      "https://gitlab.example.com:8443/group/sub/edx~fork+x.git",
      "*",
      "*/edx-platform*",
      "https://github.com/*/edx-platform",
    ],
    [
      "",
      "-upload-pack=x",
      "../x",
      "./x",
      "/srv/git/x",
      "https://host/../x",
      "git@host:../x",
      "https://host/a b",
      "https://host/$(x)",
      "https://host/`x`",
      "https://host/'x'",
      'https://host/"x"',
      "https://host/a|b",
      "https://host/a,b",
      "https://host/a?b",
      "https://h\u043est/x",
      "https://host/x\u0000",
      "h".repeat(1025),
    ],
  );
});

describe("checkVersionPattern", () => {
  table(
    accepts(checkVersionPattern),
    [
      "open-release/quince.3",
      "open-release/quince.*",
      "*",
      "master",
      "v1.2.3+build",
      "release/2024-01_x",
      "0123abc",
    ],
    [
      "",
      "-x",
      ".x",
      "/x",
      "a/",
      "a.",
      "a..b",
      "a//b",
      "a/.b",
      "a.lock",
      "a.lock/b",
      "a b",
      "a:b",
      "a@b",
      "a~1",
      "a^",
      "a\\b",
      "${X}",
      "v".repeat(256),
    ],
  );
});

describe("tags and text", () => {
  it("folds ASCII letters only, so look-alikes never pass for tags", () => {
    expect(asciiLower("[AutoDeploy]")).toBe("[autodeploy]");
    // U+0131 dotless i upper-cases to I, U+212A Kelvin sign lower-cases to k in full Unicode.
    expect(asciiLower("[\u0131NFRA]")).toBe("[\u0131nfra]");
    expect(asciiLower("\u212A")).toBe("\u212A");
  });

  it("spells the directive tag", () => {
    expect(AUTODEPLOY_TAG).toBe("[AutoDeploy]");
  });

  it("counts only spaces and tabs as white space", () => {
    expect([" ", "\t"].every(isWhiteSpace)).toBe(true);
    expect(["\u00a0", "\u200b", "\n", "\r", "\u3000", undefined].some(isWhiteSpace)).toBe(false);
  });

  it.each([
    ["\u0000", "a control character"],
    ["\u001b", "a control character"],
    ["\u007f", "a control character"],
    ["\u0085", "a control character"],
    ["\u2028", "a line separator"],
    ["\u202e", "a bidirectional control character"],
    ["\u2067", "a bidirectional control character"],
    ["\ud800", "a lone surrogate"],
    ["\udc00", "a lone surrogate"],
  ])("forbids %j in free text", (ch, why) => {
    expect(forbiddenTextCharacter(`a${ch}b`, 1)).toBe(why);
  });

  it("allows tabs, accents and emoji in free text", () => {
    const text = "a\tcaf\u00e9 \u{1F680}";
    expect(Array.from({ length: text.length }, (_, i) => forbiddenTextCharacter(text, i))).toEqual(
      Array(text.length).fill(null),
    );
    expect(forbiddenInText(text)).toBeNull();
    expect(forbiddenInText("ok\u202ex\u0000")).toBe("a bidirectional control character");
  });

  it("skips white space, and finds where a word ends", () => {
    expect(skipWhiteSpace(" \t x", 0)).toBe(3);
    expect(skipWhiteSpace("\u00a0x", 0)).toBe(0);
    expect(skipWhiteSpace("   ", 0, 2)).toBe(2);
    expect(wordEnd("ab\u00a0c d", 0)).toBe(4);
    expect(wordEnd("ab", 1)).toBe(2);
  });
});
