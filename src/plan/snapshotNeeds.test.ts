import { describe, it, expect } from "vitest";
import type { Directive } from "../commit/directive.js";
import { snapshotNeeds } from "./snapshotNeeds.js";

const update: Directive = {
  kind: "update",
  legacy: false,
  instances: [
    { name: "b", deploymentId: "1" },
    { name: "a", deploymentId: null },
  ],
};

describe("snapshotNeeds", () => {
  it("needs nothing for none and infrastructure", () => {
    expect(snapshotNeeds([{ kind: "none" }])).toEqual({ names: [], all: false });
    expect(snapshotNeeds([{ kind: "infrastructure", text: "x" }])).toEqual({
      names: [],
      all: false,
    });
    expect(snapshotNeeds([])).toEqual({ names: [], all: false });
  });

  it("needs the named instances of create, update, archive and delete, in order", () => {
    expect(snapshotNeeds([update])).toEqual({ names: ["b", "a"], all: false });
    expect(
      snapshotNeeds([
        { kind: "create", legacy: true, instances: [{ name: "c", deploymentId: null }] },
      ]),
    ).toEqual({ names: ["c"], all: false });
    expect(snapshotNeeds([{ kind: "archive", instances: [{ name: "x" }] }])).toEqual({
      names: ["x"],
      all: false,
    });
    expect(snapshotNeeds([{ kind: "delete", instances: [{ name: "y" }] }])).toEqual({
      names: ["y"],
      all: false,
    });
  });

  it("needs every instance for a batch", () => {
    expect(snapshotNeeds([{ kind: "batch-upgrade", targets: [] }]).all).toBe(true);
    expect(snapshotNeeds([{ kind: "batch-upgrade-to", commit: "abcdef1", targets: [] }]).all).toBe(
      true,
    );
  });

  it("unions several commits without repeating names", () => {
    expect(
      snapshotNeeds([
        update,
        { kind: "none" },
        { kind: "archive", instances: [{ name: "a" }, { name: "d" }] },
        { kind: "batch-upgrade", targets: [{ repository: "*", version: "*" }] },
      ]),
    ).toEqual({ names: ["b", "a", "d"], all: true });
  });
});
