import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { matchesTarget, normalizeRepository, wildcardMatch } from "./matchTarget.js";

const QUINCE = "open-release/quince.3";

describe("matchesTarget", () => {
  it("matches equal repositories written differently", () => {
    const target = { repository: "git@github.com:openedx/edx-platform", version: QUINCE };
    expect(matchesTarget("https://github.com/openedx/edx-platform.git", QUINCE, target)).toBe(true);
    expect(matchesTarget("ssh://git@GitHub.com/openedx/edx-platform/", QUINCE, target)).toBe(true);
  });

  it("compares versions exactly", () => {
    const target = { repository: "https://github.com/openedx/edx-platform", version: QUINCE };
    const repo = "https://github.com/openedx/edx-platform";
    expect(matchesTarget(repo, "open-release/quince.2", target)).toBe(false);
    expect(matchesTarget(repo, "Open-Release/Quince.3", target)).toBe(false);
    expect(matchesTarget(repo, `${QUINCE} `, target)).toBe(false);
  });

  it("does not match another repository", () => {
    const target = { repository: "https://github.com/openedx/edx-platform", version: QUINCE };
    expect(matchesTarget("https://github.com/acme/edx-platform", QUINCE, target)).toBe(false);
  });

  it("accepts wildcards in either part", () => {
    const repo = "https://github.com/acme/edx-platform.git";
    expect(matchesTarget(repo, QUINCE, { repository: "*", version: "open-release/quince.*" })).toBe(
      true,
    );
    expect(
      matchesTarget(repo, QUINCE, { repository: "*", version: "open-release/redwood.*" }),
    ).toBe(false);
    expect(
      matchesTarget(repo, QUINCE, {
        repository: "https://github.com/*/edx-platform",
        version: "*",
      }),
    ).toBe(true);
    expect(
      matchesTarget(repo, QUINCE, { repository: "git@github.com:openedx/*", version: "*" }),
    ).toBe(false);
  });

  it("treats a dot in the target as a dot", () => {
    const target = { repository: "*", version: "open-release/quince.3" };
    expect(matchesTarget("x", "open-release/quinceX3", target)).toBe(false);
  });
});

const CANONICAL = "github.com/openedx/edx-platform";

describe("normalizeRepository", () => {
  it.each([
    "https://github.com/openedx/edx-platform",
    "https://github.com/openedx/edx-platform.git",
    "https://github.com/openedx/edx-platform/",
    "https://github.com/openedx/edx-platform.git/",
    "http://github.com/openedx/edx-platform.git",
    "https://GitHub.COM/openedx/edx-platform.git",
    "https://user:secret-token@github.com/openedx/edx-platform.git",
    "https://github.com:443/openedx/edx-platform",
    "git@github.com:openedx/edx-platform.git",
    "git@GITHUB.com:openedx/edx-platform",
    "git@github.com:/openedx/edx-platform.git",
    "github.com:openedx/edx-platform",
    "ssh://git@github.com/openedx/edx-platform.git",
    "ssh://git@github.com:22/openedx/edx-platform.git",
    "git+ssh://git@github.com/openedx/edx-platform",
    "git://github.com/openedx/edx-platform.git",
    "  https://github.com/openedx/edx-platform.git  ",
    "https://github.com//openedx//edx-platform",
    "https://github.com/openedx/edx-platform.git?ref=x#frag",
  ])("%s is github.com/openedx/edx-platform", (url) => {
    expect(normalizeRepository(url)).toBe(CANONICAL);
  });

  it("keeps the case of the path", () => {
    expect(normalizeRepository("https://GitHub.com/OpenEdX/Edx-Platform.git")).toBe(
      "github.com/OpenEdX/Edx-Platform",
    );
  });

  it("keeps a port that is not the scheme's default, since it may be another server", () => {
    expect(normalizeRepository("ssh://git@gitlab.example.com:2222/grove/edx-platform.git")).toBe(
      "gitlab.example.com:2222/grove/edx-platform",
    );
    expect(normalizeRepository("https://gitlab.example.com:8443/grove/edx-platform")).toBe(
      "gitlab.example.com:8443/grove/edx-platform",
    );
  });

  it("reads its own canonical form with a port back unchanged", () => {
    const canonical = normalizeRepository("ssh://git@gitlab.example.com:2222/grove/edx-platform");
    expect(normalizeRepository(canonical)).toBe(canonical);
  });

  it("drops a user even when the port is kept", () => {
    expect(normalizeRepository("ssh://deploy@host.example:2222/a/b")).toBe("host.example:2222/a/b");
  });

  it("tells different repositories apart", () => {
    expect(normalizeRepository("https://github.com/openedx/edx-platform")).not.toBe(
      normalizeRepository("https://github.com/acme/edx-platform"),
    );
    expect(normalizeRepository("https://github.com/openedx/edx-platform")).not.toBe(
      normalizeRepository("https://gitlab.com/openedx/edx-platform"),
    );
  });

  it("leaves text that is not a URL alone apart from its suffixes", () => {
    expect(normalizeRepository("*")).toBe("*");
    expect(normalizeRepository("*.git")).toBe("*");
    expect(normalizeRepository("/srv/git/edx-platform.git/")).toBe("/srv/git/edx-platform");
    expect(normalizeRepository("")).toBe("");
  });

  it("normalises wildcard patterns the same way as URLs", () => {
    expect(normalizeRepository("https://github.com/*/edx-platform.git")).toBe(
      "github.com/*/edx-platform",
    );
    expect(normalizeRepository("git@GitHub.com:openedx/*")).toBe("github.com/openedx/*");
  });

  it("is idempotent", () => {
    const segment = fc.stringMatching(/^[A-Za-z0-9_.-]{1,12}$/);
    const url = fc
      .tuple(
        fc.constantFrom("https://", "http://", "ssh://git@", "git@", ""),
        fc
          .tuple(
            fc.stringMatching(/^[A-Za-z0-9-]{1,10}\.[a-z]{2,3}$/),
            fc.constantFrom("", ":22", ":2222"),
          )
          .map(([name, port]) => name + port),
        fc.array(segment, { minLength: 1, maxLength: 3 }),
        fc.constantFrom("", ".git", "/", ".git/"),
      )
      .map(([prefix, host, parts, suffix]) =>
        prefix === "git@"
          ? `git@${host.replace(/:\d+$/, "")}:${parts.join("/")}${suffix}`
          : `${prefix}${host}/${parts.join("/")}${suffix}`,
      );
    fc.assert(
      fc.property(url, (u) => {
        const once = normalizeRepository(u);
        expect(normalizeRepository(once)).toBe(once);
      }),
    );
  });

  it("gives https, scp-like and ssh spellings of any repository the same canonical form", () => {
    const segment = fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/);
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z0-9-]{1,10}\.[a-z]{2,3}$/),
        fc.array(segment, { minLength: 1, maxLength: 3 }),
        (host, parts) => {
          const path = parts.join("/");
          const expected = `${host}/${path}`;
          expect(normalizeRepository(`https://${host.toUpperCase()}/${path}.git`)).toBe(expected);
          expect(normalizeRepository(`git@${host}:${path}.git`)).toBe(expected);
          expect(normalizeRepository(`ssh://git@${host}:22/${path}/`)).toBe(expected);
        },
      ),
    );
  });
});

describe("wildcardMatch", () => {
  it.each([
    ["*", "", true],
    ["*", "anything", true],
    ["", "", true],
    ["", "a", false],
    ["a", "", false],
    ["open-release/quince.*", "open-release/quince.3", true],
    ["open-release/quince.*", "open-release/quince.", true],
    ["open-release/quince.*", "open-release/redwood.1", false],
    ["*quince*", "open-release/quince.3", true],
    ["a*b*c", "aXXbYYc", true],
    ["a*b*c", "aXXbYY", false],
    ["a*a", "a", false],
    ["a**a", "aa", true],
    ["github.com/*/edx-platform", "github.com/openedx/edx-platform", true],
    ["github.com/*/edx-platform", "github.com/openedx/edx-platform-fork", false],
  ])("%j against %j is %s", (pattern, text, expected) => {
    expect(wildcardMatch(pattern, text)).toBe(expected);
  });

  it("treats regular-expression characters literally", () => {
    expect(wildcardMatch("quince.3", "quinceX3")).toBe(false);
    expect(wildcardMatch("a+b", "aab")).toBe(false);
    expect(wildcardMatch("(a|b)", "(a|b)")).toBe(true);
    expect(wildcardMatch("?", "x")).toBe(false);
    expect(wildcardMatch("[ab]", "a")).toBe(false);
  });

  it("agrees with an escaped regular expression on random input", () => {
    const alphabet = fc.constantFrom("a", "b", ".", "*");
    const pattern = fc.array(alphabet, { maxLength: 8 }).map((cs) => cs.join(""));
    const text = fc
      .array(fc.constantFrom("a", "b", "."), { maxLength: 10 })
      .map((cs) => cs.join(""));
    fc.assert(
      fc.property(pattern, text, (p, t) => {
        const source = p
          .split("*")
          .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
          .join(".*");
        expect(wildcardMatch(p, t)).toBe(new RegExp(`^${source}$`, "s").test(t));
      }),
    );
  });

  it("matches a pathological pattern against a long text without blowing up", () => {
    const text = "a".repeat(5000);
    expect(wildcardMatch("*a*a*a*a*a*b", text)).toBe(false);
    expect(wildcardMatch("*a*a*a*a*a*", text)).toBe(true);
  });
});
