import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { normalizeRepository } from "./normalizeRepository.js";

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
