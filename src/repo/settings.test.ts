import { afterEach, describe, expect, it } from "vitest";
import type { Diagnostic, Result } from "../diagnostic.js";
import { resolveRepoRoot } from "./files.js";
import { DEFAULT_SETTINGS, formatKeyPath, loadSettings, settingsFromFile } from "./settings.js";
import { isBakeTime, settingsSchema } from "./settingsSchema.js";
import type { LoadedSettings } from "./settings.js";
import { removeTempDirs, tempTree } from "../../test/support/tempTree.js";

afterEach(removeTempDirs);

const FILE = "grove-pipelines.yml";

function load(text: string | null): Result<LoadedSettings> {
  const repo = resolveRepoRoot(tempTree("settings", text === null ? {} : { [FILE]: text }));
  return repo.ok ? loadSettings(repo.value) : repo;
}

function problems(text: string): readonly Diagnostic[] {
  const r = load(text);
  if (r.ok) throw new Error("expected the settings to be refused");
  return r.diagnostics;
}

const SPEC_EXAMPLE = `instancesDir: instances             # where instance folders live
templates: ci/grove-templates.yml   # replaces the built-in hidden template jobs
image: registry.example.com/grove/tools:1.2   # default image of the generated jobs
defaults:                           # fallback config values for batch matching
  EDX_PLATFORM_REPOSITORY: https://github.com/openedx/edx-platform.git
manual:                             # jobs that wait for a person (when: manual)
  terraformApply: false
  deploy: false
  archive: false
  delete: true
deployBranches: [main]              # branches whose commits may deploy (default: CI_DEFAULT_BRANCH)
batch:
  canary: 1                         # instances rolled out first, alone
  canaryInstances: []               # optional: which ones
  waveSize: 25                      # instances per later wave
limits:                             # GitLab's limits the output must respect
  maxJobsPerPipeline: 500
  maxNeedsPerJob: 50
  maxYamlBytes: 1048576
`;

describe("loadSettings", () => {
  it("gives the defaults when there is no settings file", () => {
    expect(load(null)).toEqual({
      ok: true,
      value: { settings: DEFAULT_SETTINGS, file: null },
      warnings: [],
    });
  });

  it("gives the defaults for an empty settings file, naming the file", () => {
    expect(load("# nothing set yet\n")).toMatchObject({
      ok: true,
      value: { settings: DEFAULT_SETTINGS, file: FILE },
    });
  });

  it("reads SPEC.md's example", () => {
    const r = load(SPEC_EXAMPLE);
    expect(r.ok ? r.value.settings : null).toEqual({
      ...DEFAULT_SETTINGS,
      templates: "ci/grove-templates.yml",
      image: "registry.example.com/grove/tools:1.2",
      defaults: {
        EDX_PLATFORM_REPOSITORY: "https://github.com/openedx/edx-platform.git",
        EDX_PLATFORM_VERSION: null,
      },
      deployBranches: ["main"],
    });
  });

  it("normalises instancesDir", () => {
    const r = load("instancesDir: ./clusters/prod/\n");
    expect(r.ok ? r.value.settings.instancesDir : null).toBe("clusters/prod");
  });

  it("names an unknown key with its line and a suggestion", () => {
    expect(problems("image: x\nwaveSize: 3\n")).toEqual([
      expect.objectContaining({
        code: "unknown-setting",
        keyPath: "waveSize",
        file: FILE,
        line: 2,
        fileColumn: 1,
      }),
    ]);
    const [nested] = problems("batch:\n  canary: 0\n  wavesize: 3\n");
    expect(nested).toMatchObject({ code: "unknown-setting", keyPath: "batch.wavesize", line: 3 });
    expect(nested?.message).toContain("did you mean batch.waveSize?");
  });

  it("reports every wrong value at once, each with its key path and line", () => {
    const found = problems(
      [
        "batch:",
        "  canary: -1",
        "  waveSize: 0",
        "  canaryInstances: [ok-name, 'not ok']",
        "manual:",
        "  deploy: 'yes'",
        "limits:",
        "  maxYamlBytes: 1.5",
        "deployBranches: []",
        "image: 42",
        "",
      ].join("\n"),
    );
    const byPath = Object.fromEntries(found.map((d) => [d.keyPath, d]));
    expect(Object.keys(byPath).sort()).toEqual([
      "batch.canary",
      "batch.canaryInstances[1]",
      "batch.waveSize",
      "deployBranches",
      "image",
      "limits.maxYamlBytes",
      "manual.deploy",
    ]);
    expect(byPath["batch.canary"]).toMatchObject({ code: "invalid-setting", file: FILE, line: 2 });
    expect(byPath["batch.waveSize"]?.message).toBe(
      "batch.waveSize must be at least 1 (found the number 0)",
    );
    expect(byPath["batch.canaryInstances[1]"]).toMatchObject({ line: 4 });
    expect(byPath["manual.deploy"]).toMatchObject({ line: 6 });
    expect(byPath["manual.deploy"]?.message).toContain("must be true or false");
    expect(byPath["limits.maxYamlBytes"]?.message).toContain("whole number");
    expect(byPath.image).toMatchObject({ line: 10 });
    for (const d of found) expect(d.message).not.toContain("\n");
  });

  it.each([
    ["an absolute instancesDir", "instancesDir: /srv/instances\n", "instancesDir"],
    ["an instancesDir above the repository", "instancesDir: ../instances\n", "instancesDir"],
    ["templates outside the repository", "templates: ../../etc/templates.yml\n", "templates"],
    ["a section that is not a mapping", "batch: 5\n", "batch"],
    ["a repeated canary instance", "batch:\n  canaryInstances: [a, a]\n", "batch.canaryInstances"],
    [
      "an empty default",
      "defaults:\n  EDX_PLATFORM_VERSION: ''\n",
      "defaults.EDX_PLATFORM_VERSION",
    ],
  ])("refuses %s", (_label, text, keyPath) => {
    expect(problems(text)).toEqual([expect.objectContaining({ code: "invalid-setting", keyPath })]);
  });

  it("reports a YAML syntax error at file:line:column", () => {
    expect(problems("image: x\nbatch:\n  canary: [1\n")).toEqual([
      expect.objectContaining({ code: "yaml-syntax", file: FILE, line: 4 }),
    ]);
  });

  it("describes an impossible date as written, not as the date js-yaml rolls it to (issue 14)", () => {
    const r = load("defaults:\n  EDX_PLATFORM_VERSION: 2024-13-45\n");
    expect(r.ok ? null : r.diagnostics.map((d) => [d.line, d.message])).toEqual([
      [
        2,
        expect.stringContaining(
          "(found 2024-13-45, which YAML reads as a date that does not exist (Grove cannot load the file))",
        ),
      ],
    ]);
  });

  it("refuses a document that is not a mapping", () => {
    expect(problems("- instancesDir: x\n")).toEqual([
      expect.objectContaining({ code: "not-a-mapping", file: FILE }),
    ]);
  });
});

describe("formatKeyPath", () => {
  it("joins keys with dots and puts list indexes in brackets", () => {
    expect(formatKeyPath(["batch", "canaryInstances", 2])).toBe("batch.canaryInstances[2]");
    expect(formatKeyPath([])).toBe("");
  });
});

describe("settingsFileSchema", () => {
  it("gives the defaults for an empty file", () => {
    const parsed = settingsSchema().file.parse({});
    expect(settingsFromFile(parsed)).toEqual(DEFAULT_SETTINGS);
  });

  it("treats empty sections and empty optional values as defaults", () => {
    const parsed = settingsSchema().file.parse({
      batch: null,
      limits: null,
      templates: null,
      deployBranches: null,
      defaults: { EDX_PLATFORM_VERSION: null },
    });
    expect(settingsFromFile(parsed)).toEqual(DEFAULT_SETTINGS);
  });

  it("keeps each given value and fills the rest", () => {
    const parsed = settingsSchema().file.parse({
      batch: { waveSize: 10 },
      manual: { deploy: true },
    });
    const settings = settingsFromFile(parsed);
    expect(settings.batch).toEqual({
      canary: 1,
      canaryInstances: [],
      waveSize: 10,
      buildAhead: 2,
      pauseAfterCanary: false,
      bakeTime: null,
    });
    // Delete waits for a person unless the settings say not to.
    expect(settings.manual).toEqual({
      terraformApply: false,
      deploy: true,
      archive: false,
      delete: true,
    });
    const deleteAtOnce = settingsSchema().file.parse({ manual: { delete: false, archive: true } });
    expect(settingsFromFile(deleteAtOnce).manual).toMatchObject({ archive: true, delete: false });
    expect(settings.limits).toEqual(DEFAULT_SETTINGS.limits);
  });

  it("takes batch.buildAhead from 0 up, and refuses a negative or fractional one", () => {
    const ahead = (value: unknown) =>
      settingsSchema().file.safeParse({ batch: { buildAhead: value } });
    expect(
      settingsFromFile(settingsSchema().file.parse({ batch: { buildAhead: 0 } })).batch.buildAhead,
    ).toBe(0);
    expect(ahead(5).success).toBe(true);
    expect(ahead(-1).success).toBe(false);
    expect(ahead(1.5).success).toBe(false);
    expect(ahead("2").success).toBe(false);
  });

  it("takes a bake time GitLab's start_in reads one way, up to a week", () => {
    for (const ok of ["1 minute", "30 minutes", "2 hours", "7 days", "10080 minutes"]) {
      expect(isBakeTime(ok), ok).toBe(true);
    }
    for (const bad of [
      "30",
      "30m",
      "0 minutes",
      "8 days",
      "1 week",
      "1  hour",
      "1 hour ",
      "-1 day",
    ]) {
      expect(isBakeTime(bad), bad).toBe(false);
    }
    const parsed = settingsSchema().file.safeParse({ batch: { bakeTime: 30 } });
    expect(parsed.success).toBe(false);
  });

  it("refuses a number, boolean or instancesDir written empty", () => {
    for (const doc of [
      { batch: { waveSize: null } },
      { manual: { deploy: null } },
      { instancesDir: null },
    ]) {
      expect(settingsSchema().file.safeParse(doc).success).toBe(false);
    }
  });

  it("lists the known keys of every section", () => {
    expect(settingsSchema().keys[""]).toContain("deployBranches");
    expect(settingsSchema().keys.batch).toEqual([
      "canary",
      "canaryInstances",
      "waveSize",
      "buildAhead",
      "pauseAfterCanary",
      "bakeTime",
    ]);
    expect(settingsSchema().keys.limits).toEqual([
      "maxJobsPerPipeline",
      "maxNeedsPerJob",
      "maxYamlBytes",
    ]);
  });
});
