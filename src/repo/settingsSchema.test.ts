import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS } from "./settings.js";
import { SETTINGS_KEYS, settingsFileSchema, settingsFromFile } from "./settingsSchema.js";

describe("settingsFileSchema", () => {
  it("gives the defaults for an empty file", () => {
    const parsed = settingsFileSchema.parse({});
    expect(settingsFromFile(parsed)).toEqual(DEFAULT_SETTINGS);
  });

  it("treats empty sections and empty optional values as defaults", () => {
    const parsed = settingsFileSchema.parse({
      batch: null,
      limits: null,
      templates: null,
      deployBranches: null,
      defaults: { EDX_PLATFORM_VERSION: null },
    });
    expect(settingsFromFile(parsed)).toEqual(DEFAULT_SETTINGS);
  });

  it("keeps each given value and fills the rest", () => {
    const parsed = settingsFileSchema.parse({ batch: { waveSize: 10 }, manual: { deploy: true } });
    const settings = settingsFromFile(parsed);
    expect(settings.batch).toEqual({ canary: 1, canaryInstances: [], waveSize: 10 });
    expect(settings.manual).toEqual({ terraformApply: false, deploy: true });
    expect(settings.limits).toEqual(DEFAULT_SETTINGS.limits);
  });

  it("refuses a number, boolean or instancesDir written empty", () => {
    for (const doc of [
      { batch: { waveSize: null } },
      { manual: { deploy: null } },
      { instancesDir: null },
    ]) {
      expect(settingsFileSchema.safeParse(doc).success).toBe(false);
    }
  });

  it("lists the known keys of every section", () => {
    expect(SETTINGS_KEYS[""]).toContain("deployBranches");
    expect(SETTINGS_KEYS.batch).toEqual(["canary", "canaryInstances", "waveSize"]);
    expect(SETTINGS_KEYS.limits).toEqual(["maxJobsPerPipeline", "maxNeedsPerJob", "maxYamlBytes"]);
  });
});
