import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { stripImages } from "./stripImages.js";

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
