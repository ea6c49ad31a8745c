import fs from "node:fs";
import path from "node:path";
import yaml from "js-yaml";
import { afterEach, describe, expect, it } from "vitest";
import { makeTempDir, removeTempDirs, writeTree } from "../tempTree.js";
import { copyWithoutImages, stripImages } from "./stripImages.js";

describe("stripImages", () => {
  it("drops image keys at the top, in default and in jobs, and keeps everything else", () => {
    const text = [
      "image: node:20",
      "default:",
      "  image: alpine",
      "  retry: 1",
      "job-a:",
      "  image: { name: node:20 }",
      "  script: [echo a]",
      "  variables: { image: kept }",
      "stages: [one]",
      "",
    ].join("\n");
    expect(yaml.load(stripImages(text))).toEqual({
      default: { retry: 1 },
      "job-a": { script: ["echo a"], variables: { image: "kept" } },
      stages: ["one"],
    });
  });

  it("refuses a file that is not a mapping", () => {
    expect(() => stripImages("- a\n- b\n")).toThrow(/not a YAML mapping/);
  });
});

describe("copyWithoutImages", () => {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
    removeTempDirs();
  });

  it("copies the cluster with its settings' image left out, and leaves the original alone", () => {
    const settings = "image: registry.example.com/tools:1\nbatch:\n  waveSize: 3\n";
    const cluster = writeTree(makeTempDir("images"), {
      "grove-pipelines.yml": settings,
      "instances/a/config.yml": "image: not-a-setting\n",
    });
    const copy = copyWithoutImages(cluster);
    made.push(copy);
    expect(yaml.load(fs.readFileSync(path.join(copy, "grove-pipelines.yml"), "utf8"))).toEqual({
      batch: { waveSize: 3 },
    });
    expect(fs.readFileSync(path.join(copy, "instances/a/config.yml"), "utf8")).toBe(
      "image: not-a-setting\n",
    );
    expect(fs.readFileSync(path.join(cluster, "grove-pipelines.yml"), "utf8")).toBe(settings);
  });

  it("copies a cluster without a settings file as it is", () => {
    const cluster = writeTree(makeTempDir("images"), { "instances/a/config.yml": "{}\n" });
    const copy = copyWithoutImages(cluster);
    made.push(copy);
    expect(fs.readdirSync(copy, { recursive: true }).sort()).toEqual([
      "instances",
      "instances/a",
      "instances/a/config.yml",
    ]);
  });
});
