import type * as z from "zod/mini";
import { error, fail, ok } from "../diagnostic.js";
import type { Diagnostic, Result } from "../diagnostic.js";
import { InternalError } from "../errors.js";
import { closestWord } from "../text.js";
import { readRepoFile } from "./files.js";
import type { RepoRoot } from "./files.js";
import type { DeploymentTier } from "./environments.js";
import { settingsSchema } from "./settingsSchema.js";
import type { SettingsFile } from "./settingsSchema.js";
import { describeYamlValue, findKeyLine, parseYamlMapping, writtenValue } from "./yaml.js";

/*
 * `grove-pipelines.yml` (SPEC.md, "Settings"): its typed form and defaults, and the reading that
 * checks it against its schema (settingsSchema.ts) and turns every problem into a diagnostic at
 * its key. Everything past the
 * repository boundary uses only the `Settings` type.
 */

export interface Settings {
  /** Folder of instance folders, relative to the repository root. */
  readonly instancesDir: string;
  /** Repository-relative path of a file that replaces the built-in hidden template jobs. */
  readonly templates: string | null;
  /** Default image of the generated jobs (`default: image:`). */
  readonly image: string | null;
  /** Image of the jobs that run grove-pipelines itself (the generate job, the shard generator). */
  readonly generatorImage: string;
  /** Image of the jobs that need no repository (wave gates, noop, the preview), or null. */
  readonly lightImage: string | null;
  /** Fallback config values for batch matching. */
  readonly defaults: {
    readonly EDX_PLATFORM_REPOSITORY: string | null;
    readonly EDX_PLATFORM_VERSION: string | null;
  };
  /** Jobs that wait for a person; the keys are the `ManualSetting`s of jobKinds.ts. */
  readonly manual: {
    readonly terraformApply: boolean;
    readonly deploy: boolean;
    readonly archive: boolean;
    readonly delete: boolean;
  };
  /** Branches whose commits may deploy; null means "CI_DEFAULT_BRANCH". */
  readonly deployBranches: readonly string[] | null;
  /** GitLab deployment tier of the instances' environments, unless grove.yml gives its own. */
  readonly deploymentTier: DeploymentTier;
  readonly batch: {
    readonly canary: number;
    readonly canaryInstances: readonly string[];
    readonly waveSize: number;
    /**
     * How many waves ahead of the deploying wave builds may run: 0 builds a wave only once the
     * wave before has deployed; 1 builds it while the wave before deploys, and so on.
     */
    readonly buildAhead: number;
    /** The gate after the first (canary) wave waits for a person to continue. */
    readonly pauseAfterCanary: boolean;
    /** How long after a wave deployed the next one starts (GitLab's `start_in`), or null. */
    readonly bakeTime: string | null;
  };
  readonly limits: {
    readonly maxJobsPerPipeline: number;
    readonly maxNeedsPerJob: number;
    readonly maxYamlBytes: number;
  };
}

/** `batch.buildAhead` when the settings leave it out: chosen by the makespan figures (bench/README.md). */
const BUILD_AHEAD_DEFAULT = 2;

export const DEFAULT_SETTINGS: Settings = {
  instancesDir: "instances",
  templates: null,
  image: null,
  // Node.js with git, which the generate job needs to read a push of several commits.
  generatorImage: "node:20",
  lightImage: null,
  defaults: { EDX_PLATFORM_REPOSITORY: null, EDX_PLATFORM_VERSION: null },
  // Deleting an instance cannot be undone: it waits for a person unless the settings say not to.
  manual: { terraformApply: false, deploy: false, archive: false, delete: true },
  deployBranches: null,
  deploymentTier: "production",
  batch: {
    canary: 1,
    canaryInstances: [],
    waveSize: 25,
    buildAhead: BUILD_AHEAD_DEFAULT,
    pauseAfterCanary: false,
    bakeTime: null,
  },
  limits: { maxJobsPerPipeline: 500, maxNeedsPerJob: 50, maxYamlBytes: 1_048_576 },
};

export const SETTINGS_FILE = "grove-pipelines.yml";

/** Fills what the file leaves out from DEFAULT_SETTINGS. */
export function settingsFromFile(file: SettingsFile): Settings {
  const d = DEFAULT_SETTINGS;
  return {
    instancesDir: file.instancesDir ?? d.instancesDir,
    templates: file.templates ?? d.templates,
    image: file.image ?? d.image,
    generatorImage: file.generatorImage ?? d.generatorImage,
    lightImage: file.lightImage ?? d.lightImage,
    defaults: {
      EDX_PLATFORM_REPOSITORY:
        file.defaults?.EDX_PLATFORM_REPOSITORY ?? d.defaults.EDX_PLATFORM_REPOSITORY,
      EDX_PLATFORM_VERSION: file.defaults?.EDX_PLATFORM_VERSION ?? d.defaults.EDX_PLATFORM_VERSION,
    },
    manual: {
      terraformApply: file.manual?.terraformApply ?? d.manual.terraformApply,
      deploy: file.manual?.deploy ?? d.manual.deploy,
      archive: file.manual?.archive ?? d.manual.archive,
      delete: file.manual?.delete ?? d.manual.delete,
    },
    deployBranches: file.deployBranches ?? d.deployBranches,
    deploymentTier: file.deploymentTier ?? d.deploymentTier,
    batch: {
      canary: file.batch?.canary ?? d.batch.canary,
      canaryInstances: file.batch?.canaryInstances ?? d.batch.canaryInstances,
      waveSize: file.batch?.waveSize ?? d.batch.waveSize,
      buildAhead: file.batch?.buildAhead ?? d.batch.buildAhead,
      pauseAfterCanary: file.batch?.pauseAfterCanary ?? d.batch.pauseAfterCanary,
      bakeTime: file.batch?.bakeTime ?? d.batch.bakeTime,
    },
    limits: {
      maxJobsPerPipeline: file.limits?.maxJobsPerPipeline ?? d.limits.maxJobsPerPipeline,
      maxNeedsPerJob: file.limits?.maxNeedsPerJob ?? d.limits.maxNeedsPerJob,
      maxYamlBytes: file.limits?.maxYamlBytes ?? d.limits.maxYamlBytes,
    },
  };
}

export interface LoadedSettings {
  readonly settings: Settings;
  /** Repository-relative path of the settings file, or null when there is none (defaults). */
  readonly file: string | null;
}

/**
 * Reads `grove-pipelines.yml` at the repository root. No file, or an empty one, gives
 * DEFAULT_SETTINGS. Every problem is reported at once, each with its key path and, when the key
 * can be found in the text, its line.
 */
export function loadSettings(root: RepoRoot): Result<LoadedSettings> {
  const file = SETTINGS_FILE;
  const read = readRepoFile(root, file, "settings");
  if (!read.ok) return read;
  const text = read.value;
  if (text === null) return ok({ settings: DEFAULT_SETTINGS, file: null });
  const parsed = parseSettingsText(text);
  return parsed.ok ? ok({ settings: parsed.value, file }) : parsed;
}

/**
 * The settings a `grove-pipelines.yml` text holds (from the working tree, or from a commit of the
 * history `status` reads), with every problem at its key.
 */
export function parseSettingsText(text: string): Result<Settings> {
  const file = SETTINGS_FILE;
  const doc = parseYamlMapping(text, file, { emptyIsMapping: true });
  if (!doc.ok) return doc;
  const parsed = settingsSchema().file.safeParse(doc.value, { reportInput: true });
  if (!parsed.success) {
    const problems = parsed.error.issues.flatMap((issue) => issueDiagnostics(issue, text, file));
    // In file order, so a person can fix them top to bottom; a key not found sorts first.
    return fail(problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)));
  }
  return ok(settingsFromFile(parsed.data));
}

function issueDiagnostics(issue: z.core.$ZodIssue, text: string, file: string): Diagnostic[] {
  const at = issue.path.filter((p): p is string | number => typeof p !== "symbol");
  if (issue.code === "unrecognized_keys") {
    const known = settingsSchema().keys[at.join(".")];
    // Only the strict objects above report unknown keys, and each of them is listed.
    if (known === undefined) throw new InternalError(`no known keys for ${formatKeyPath(at)}`);
    return issue.keys.map((key) => {
      const keyPath = formatKeyPath([...at, key]);
      const guess = closestWord(key, known);
      const hint = guess === undefined ? "" : ` (did you mean ${formatKeyPath([...at, guess])}?)`;
      const expected = guess !== undefined ? "" : ` (known keys here: ${known.join(", ")})`;
      return error("unknown-setting", `unknown setting ${keyPath}${hint}${expected}`, {
        file,
        ...findKeyLine(text, [...at, key]),
        keyPath,
      });
    });
  }
  const keyPath = formatKeyPath(at);
  const where = findKeyLine(text, at);
  const found = describeYamlValue(issue.input, writtenValue(text, where));
  return [
    error("invalid-setting", `${keyPath} ${issue.message} (found ${found})`, {
      file,
      ...where,
      keyPath,
    }),
  ];
}

/** `["batch", "waveSize"]` → `batch.waveSize`; list entries as `deployBranches[0]`. */
export function formatKeyPath(at: readonly (string | number)[]): string {
  return at.reduce<string>(
    (out, p) => (typeof p === "number" ? `${out}[${p}]` : out === "" ? p : `${out}.${p}`),
    "",
  );
}
