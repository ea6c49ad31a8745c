import * as z from "zod/mini";
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
 *
 * Written with zod/mini, zod's functional API: the same checks and issues as its chained API,
 * in a quarter of the code, which every run of the command loads and compiles.
 */

const text = z
  .string({ error: "must be text" })
  .check(z.minLength(1, { error: "must not be empty" }));

const relativePath = z.pipe(
  z.string({ error: "must be a path (text)" }).check(
    z.refine(isSafeRelativePath, {
      error: "must be a relative path inside the repository (not absolute, no '..')",
    }),
  ),
  z.transform(normalizeRelativePath),
);

const flag = z.boolean({ error: "must be true or false" });

const positiveInt = z
  .int({ error: "must be a whole number" })
  .check(z.gte(1, { error: "must be at least 1" }));

const instanceName = z.string({ error: "must be an instance name (text)" }).check(
  z.refine(isInstanceName, {
    error:
      "is not a valid instance name (1-63 of a-z A-Z 0-9 - _, starting with a letter or digit)",
  }),
);

const sectionError = { error: "must be a mapping of keys to values" };

export const defaultsSchema = z.strictObject(
  {
    EDX_PLATFORM_REPOSITORY: z.nullish(text),
    EDX_PLATFORM_VERSION: z.nullish(text),
  },
  sectionError,
);

export const manualSchema = z.strictObject({
  terraformApply: z.optional(flag),
  deploy: z.optional(flag),
});

export const batchSchema = z.strictObject(
  {
    canary: z.optional(
      z.int({ error: "must be a whole number" }).check(z.gte(0, { error: "must be 0 or more" })),
    ),
    canaryInstances: z.nullish(
      z.array(instanceName, { error: "must be a list of instance names" }).check(
        z.refine((names) => new Set(names).size === names.length, {
          error: "must not name an instance twice",
        }),
      ),
    ),
    waveSize: z.optional(positiveInt),
  },
  sectionError,
);

export const limitsSchema = z.strictObject(
  {
    maxJobsPerPipeline: z.optional(positiveInt),
    maxNeedsPerJob: z.optional(positiveInt),
    maxYamlBytes: z.optional(positiveInt),
  },
  sectionError,
);

export const settingsFileSchema = z.strictObject({
  instancesDir: z.optional(relativePath),
  templates: z.nullish(relativePath),
  image: z.nullish(text),
  generatorImage: z.nullish(text),
  defaults: z.nullish(defaultsSchema),
  manual: z.nullish(manualSchema),
  deployBranches: z.nullish(
    z.array(text, { error: "must be a list of branch names" }).check(
      z.minLength(1, {
        error: "must list at least one branch (leave it out to deploy the default branch)",
      }),
    ),
  ),
  batch: z.nullish(batchSchema),
  limits: z.nullish(limitsSchema),
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
    generatorImage: file.generatorImage ?? d.generatorImage,
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
