import * as z from "zod";
import { isInstanceName } from "./instanceName.js";
import { isSafeRelativePath, normalizeRelativePath } from "./relativePath.js";
import { DEFAULT_SETTINGS } from "./settings.js";
import type { Settings } from "./settings.js";

/*
 * The schema of `grove-pipelines.yml` (SPEC.md, "Settings"). Every object is strict, so a typo in
 * a key is an error rather than a silently ignored setting. Messages are the tail of a sentence
 * whose subject is the key path (`batch.waveSize must be at least 1`).
 *
 * Null (a key written with nothing after it) means "use the default" for the sections and for
 * the settings whose default is "none"; for numbers, booleans and instancesDir it is an error,
 * because an empty value there is more likely a mistake than a wish for the default.
 */

const text = z.string({ error: "must be text" }).min(1, { error: "must not be empty" });

const relativePath = z
  .string({ error: "must be a path (text)" })
  .refine(isSafeRelativePath, {
    error: "must be a relative path inside the repository (not absolute, no '..')",
  })
  .transform(normalizeRelativePath);

const flag = z.boolean({ error: "must be true or false" });

const positiveInt = z
  .int({ error: "must be a whole number" })
  .min(1, { error: "must be at least 1" });

const instanceName = z.string({ error: "must be an instance name (text)" }).refine(isInstanceName, {
  error: "is not a valid instance name (1-63 of a-z A-Z 0-9 - _, starting with a letter or digit)",
});

const sectionError = { error: "must be a mapping of keys to values" };

export const defaultsSchema = z.strictObject(
  {
    EDX_PLATFORM_REPOSITORY: text.nullish(),
    EDX_PLATFORM_VERSION: text.nullish(),
  },
  sectionError,
);

export const manualSchema = z.strictObject({
  terraformApply: flag.optional(),
  deploy: flag.optional(),
});

export const batchSchema = z.strictObject(
  {
    canary: z
      .int({ error: "must be a whole number" })
      .min(0, { error: "must be 0 or more" })
      .optional(),
    canaryInstances: z
      .array(instanceName, { error: "must be a list of instance names" })
      .refine((names) => new Set(names).size === names.length, {
        error: "must not name an instance twice",
      })
      .nullish(),
    waveSize: positiveInt.optional(),
  },
  sectionError,
);

export const limitsSchema = z.strictObject(
  {
    maxJobsPerPipeline: positiveInt.optional(),
    maxNeedsPerJob: positiveInt.optional(),
    maxYamlBytes: positiveInt.optional(),
  },
  sectionError,
);

export const settingsFileSchema = z.strictObject({
  instancesDir: relativePath.optional(),
  templates: relativePath.nullish(),
  image: text.nullish(),
  defaults: defaultsSchema.nullish(),
  manual: manualSchema.nullish(),
  deployBranches: z
    .array(text, { error: "must be a list of branch names" })
    .min(1, { error: "must list at least one branch (leave it out to deploy the default branch)" })
    .nullish(),
  batch: batchSchema.nullish(),
  limits: limitsSchema.nullish(),
});

export type SettingsFile = z.output<typeof settingsFileSchema>;

/** The known keys of each mapping of the settings file, by key path ("" is the top level). */
export const SETTINGS_KEYS: Readonly<Record<string, readonly string[]>> = {
  "": Object.keys(settingsFileSchema.shape),
  defaults: Object.keys(defaultsSchema.shape),
  manual: Object.keys(manualSchema.shape),
  batch: Object.keys(batchSchema.shape),
  limits: Object.keys(limitsSchema.shape),
};

/** Fills what the file leaves out from DEFAULT_SETTINGS. */
export function settingsFromFile(file: SettingsFile): Settings {
  const d = DEFAULT_SETTINGS;
  return {
    instancesDir: file.instancesDir ?? d.instancesDir,
    templates: file.templates ?? d.templates,
    image: file.image ?? d.image,
    defaults: {
      EDX_PLATFORM_REPOSITORY:
        file.defaults?.EDX_PLATFORM_REPOSITORY ?? d.defaults.EDX_PLATFORM_REPOSITORY,
      EDX_PLATFORM_VERSION: file.defaults?.EDX_PLATFORM_VERSION ?? d.defaults.EDX_PLATFORM_VERSION,
    },
    manual: {
      terraformApply: file.manual?.terraformApply ?? d.manual.terraformApply,
      deploy: file.manual?.deploy ?? d.manual.deploy,
    },
    deployBranches: file.deployBranches ?? d.deployBranches,
    batch: {
      canary: file.batch?.canary ?? d.batch.canary,
      canaryInstances: file.batch?.canaryInstances ?? d.batch.canaryInstances,
      waveSize: file.batch?.waveSize ?? d.batch.waveSize,
    },
    limits: {
      maxJobsPerPipeline: file.limits?.maxJobsPerPipeline ?? d.limits.maxJobsPerPipeline,
      maxNeedsPerJob: file.limits?.maxNeedsPerJob ?? d.limits.maxNeedsPerJob,
      maxYamlBytes: file.limits?.maxYamlBytes ?? d.limits.maxYamlBytes,
    },
  };
}
