import { afterEach, describe, expect, it } from "vitest";
import { removeTempDirs, tempTree } from "../../test/support/tempTree.js";
import { DEPLOYMENT_TIERS, isLmsHost } from "./environments.js";
import { repoContext, resolveRepoRoot } from "./files.js";
import { readInstance } from "./instances.js";
import { DEFAULT_SETTINGS, parseSettingsText } from "./settings.js";

afterEach(removeTempDirs);

/** Reads instance `a` of a repository holding `files`. */
function readA(files: Record<string, string>) {
  const root = resolveRepoRoot(tempTree("env", files));
  if (!root.ok) throw new Error("no repository root");
  const ctx = repoContext(root.value, DEFAULT_SETTINGS);
  if (!ctx.ok) throw new Error("no repository context");
  return readInstance(ctx.value, "a", "unknown");
}

describe("isLmsHost", () => {
  it("takes host names, optionally with a port", () => {
    for (const host of [
      "courses.example.com",
      "localhost",
      "lms-1.example.org:8000",
      "10.0.0.7:443",
      "A.EXAMPLE.COM",
      `${"a".repeat(63)}.example.com`,
    ]) {
      expect(isLmsHost(host), host).toBe(true);
    }
  });

  it("refuses anything that would make another link or be expanded by GitLab", () => {
    for (const host of [
      "",
      "https://courses.example.com",
      "courses.example.com/path",
      "courses.example.com:0",
      "courses.example.com:65536",
      "courses.example.com:",
      "-lead.example.com",
      "trail-.example.com",
      "courses..example.com",
      "courses.example.com.",
      "$CI_PROJECT_URL",
      "a b.example.com",
      "user@courses.example.com",
      `${"a".repeat(64)}.example.com`,
      `${"a.".repeat(127)}a`,
    ]) {
      expect(isLmsHost(host), host).toBe(false);
    }
  });
});

describe("an instance's environment", () => {
  it("reads LMS_HOST from config.yml and DEPLOYMENT_TIER from grove.yml", () => {
    const read = readA({
      "instances/a/config.yml": "LMS_HOST: courses.example.com\n",
      "instances/a/grove.yml": "DEPLOYMENT_TIER: testing\n",
    });
    expect(read).toMatchObject({
      ok: true,
      warnings: [],
      value: { lmsHost: "courses.example.com", deploymentTier: "testing" },
    });
  });

  it("has neither when the files do not say", () => {
    const read = readA({ "instances/a/config.yml": "PLATFORM_NAME: A\n" });
    expect(read).toMatchObject({ ok: true, value: { lmsHost: null, deploymentTier: null } });
  });

  it("warns about an LMS_HOST that is not a host name, and leaves the link out", () => {
    const read = readA({
      "instances/a/config.yml": "PLATFORM_NAME: A\nLMS_HOST: https://courses.example.com/\n",
    });
    expect(read).toMatchObject({ ok: true, value: { lmsHost: null } });
    expect(read.warnings).toEqual([
      {
        code: "invalid-lms-host",
        severity: "warning",
        message:
          'LMS_HOST in instances/a/config.yml is not a host name (such as courses.example.com or courses.example.com:8000), found the text "https://courses.example.com/"; the instance\'s GitLab environment gets no URL',
        file: "instances/a/config.yml",
        line: 2,
        fileColumn: 1,
      },
    ]);
  });

  it("refuses a DEPLOYMENT_TIER GitLab does not have, naming the file and line", () => {
    const read = readA({
      "instances/a/config.yml": "LMS_HOST: courses.example.com\n",
      "instances/a/grove.yml": "BATCH_UPGRADE_DISABLED: no\nDEPLOYMENT_TIER: prod\n",
    });
    expect(read.ok ? [] : read.diagnostics).toEqual([
      {
        code: "invalid-deployment-tier",
        severity: "error",
        message:
          'DEPLOYMENT_TIER in instances/a/grove.yml must be one of production, staging, testing, development, other, found the text "prod"',
        file: "instances/a/grove.yml",
        line: 2,
        fileColumn: 1,
      },
    ]);
  });
});

describe("the deploymentTier setting", () => {
  it("is production unless the settings choose another of GitLab's tiers", () => {
    expect(DEFAULT_SETTINGS.deploymentTier).toBe("production");
    for (const tier of DEPLOYMENT_TIERS) {
      const parsed = parseSettingsText(`deploymentTier: ${tier}\n`);
      expect(parsed.ok && parsed.value.deploymentTier).toBe(tier);
    }
  });

  it("names the tiers when the value is not one of them", () => {
    const parsed = parseSettingsText("batch:\n  canary: 1\ndeploymentTier: live\n");
    expect(parsed.ok ? [] : parsed.diagnostics.map((d) => [d.line, d.message])).toEqual([
      [
        3,
        'deploymentTier must be one of production, staging, testing, development, other (found the text "live")',
      ],
    ]);
  });
});
