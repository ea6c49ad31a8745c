import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { matchesTarget } from "../plan/matchTarget.js";
import { loadSettings } from "./loadSettings.js";
import { readCluster } from "./readCluster.js";
import { resolveRepoRoot } from "./repoContext.js";
import type { RepoSnapshot } from "./snapshot.js";

/* examples/cluster is documentation that must stay true: it loads cleanly and shows each case. */

const ROOT = fileURLToPath(new URL("../../examples/cluster", import.meta.url));

function exampleSnapshot(): RepoSnapshot {
  const cluster = readCluster(ROOT, { names: [], all: true });
  if (!cluster.ok) throw new Error(cluster.diagnostics.map((d) => d.message).join("\n"));
  expect(cluster.warnings).toEqual([]);
  return cluster.value.snapshot;
}

describe("examples/cluster", () => {
  it("has settings with defaults, an image and a batch section", () => {
    const root = resolveRepoRoot(ROOT);
    const r = root.ok ? loadSettings(root.value) : root;
    expect(r.ok ? r.value : null).toMatchObject({
      file: "grove-pipelines.yml",
      settings: {
        image: expect.any(String),
        defaults: { EDX_PLATFORM_REPOSITORY: "https://github.com/openedx/edx-platform.git" },
        batch: { canaryInstances: ["demo"] },
      },
    });
  });

  it("loads eight instances, all valid", () => {
    const snapshot = exampleSnapshot();
    expect(snapshot.allNames).toHaveLength(8);
    expect(snapshot.instances.size).toBe(8);
    expect(snapshot.invalid).toEqual([]);
  });

  it("shows two forks, several versions and each special case", () => {
    const all = [...exampleSnapshot().instances.values()];
    const repositories = new Set(all.map((i) => i.repository));
    expect(repositories).toContain("https://github.com/openedx/edx-platform.git");
    expect(repositories).toContain("https://github.com/open-craft/edx-platform.git");
    expect(repositories).toContain("git@github.com:openedx/edx-platform.git");
    expect(repositories).toContain(null);
    const versions = new Set(all.map((i) => i.version));
    for (const v of [
      "open-release/quince.3",
      "open-release/redwood.2",
      "opencraft-release/quince.3",
    ]) {
      expect(versions).toContain(v);
    }
    const raws = all.filter((i) => i.batchUpgradeDisabled).map((i) => i.batchUpgradeDisabledRaw);
    expect(raws.sort()).toEqual(["true", "yes"]);
    expect(all.some((i) => i.groveFile === null)).toBe(true);
  });

  it("selects three or more instances for the quince.3 batch, skips the disabled, leaves others", () => {
    const snapshot = exampleSnapshot();
    const target = {
      repository: "https://github.com/openedx/edx-platform.git",
      version: "open-release/quince.3",
    };
    const fallback = snapshot.settings.defaults.EDX_PLATFORM_REPOSITORY ?? "";
    const matched = [...snapshot.instances.values()].filter((i) =>
      matchesTarget(i.repository ?? fallback, i.version ?? "", target),
    );
    const selected = matched.filter((i) => !i.batchUpgradeDisabled).map((i) => i.name);
    const skipped = matched.filter((i) => i.batchUpgradeDisabled).map((i) => i.name);
    expect(selected).toEqual(["acme-staging", "acme-university", "demo"]);
    expect(skipped).toEqual(["hooli-edu", "umbrella-training"]);
    expect(snapshot.instances.size - matched.length).toBe(3);
  });
});
