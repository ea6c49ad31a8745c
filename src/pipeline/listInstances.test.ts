import { afterEach, describe, expect, it } from "vitest";
import { removeTempDirs, tempTree } from "../../test/support/tempTree.js";
import { listInstances } from "./listInstances.js";

afterEach(removeTempDirs);

const REPO = "EDX_PLATFORM_REPOSITORY: git@github.com:openedx/edx-platform.git\n";

describe("listInstances", () => {
  it("lists readable instances by name, and unreadable ones apart, without warnings", () => {
    const root = tempTree("list", {
      "instances/c/config.yml": `${REPO}EDX_PLATFORM_VERSION: v1\n`,
      "instances/c/grove.yml": "BATCH_UPGRADE_DISABLED: yes\n",
      "instances/a/config.yml": `${REPO}EDX_PLATFORM_VERSION: v1\n`,
      "instances/b/config.yml": "- a list\n",
    });
    const r = listInstances(root);
    expect(r).toMatchObject({ ok: true, warnings: [] });
    if (!r.ok) return;
    expect(r.value.instances.map((i) => [i.name, i.batchEligible])).toEqual([
      ["a", true],
      ["c", false],
    ]);
    expect(r.value.instances[0]).toMatchObject({
      normalizedRepository: "github.com/openedx/edx-platform",
      reason: "no grove.yml, so BATCH_UPGRADE_DISABLED is not set",
    });
    expect(r.value.instances[1]?.reason).toBe(
      "BATCH_UPGRADE_DISABLED: yes in instances/c/grove.yml counts as true",
    );
    expect(r.value.unreadable.map((i) => i.instance)).toEqual(["b"]);
  });

  it("says which batches pass by an eligible instance without a version", () => {
    const root = tempTree("list", { "instances/a/config.yml": REPO });
    const r = listInstances(root);
    expect(r.ok ? r.value.instances[0]?.reason : null).toBe(
      "no grove.yml, so BATCH_UPGRADE_DISABLED is not set; but instances/a/config.yml has no " +
        "EDX_PLATFORM_VERSION and grove-pipelines.yml sets no default, so only [Batch][UpgradeTo] " +
        "without targets selects it",
    );
  });

  it("fails when the instances folder is missing", () => {
    const r = listInstances(tempTree("list", {}));
    expect(r.ok ? null : r.diagnostics[0]?.code).toBe("missing-instances-dir");
  });
});
