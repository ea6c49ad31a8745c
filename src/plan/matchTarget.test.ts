import { describe, it, expect } from "vitest";
import { matchesTarget } from "./matchTarget.js";

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
