import * as z from "zod/mini";
import { isInstanceName } from "../commit/grammar.js";
import { DEPLOYMENT_TIERS } from "./environments.js";
import { isSafeRelativePath, normalizeRelativePath } from "./files.js";
import { INSTANCE_NAME_RULE } from "./instances.js";

/*
 * What `grove-pipelines.yml` may say: the zod schema its text is checked against (settings.ts
 * reads the file with it, fills in the defaults and turns its issues into diagnostics;
 * settingsJsonSchema.ts derives the editors' JSON Schema from it).
 */

const MINUTES_PER_UNIT: Readonly<Record<string, number>> = { minute: 1, hour: 60, day: 1440 };

/**
 * `30 minutes`, `1 hour`, `2 days`: a duration GitLab's `start_in` takes, written one way only so
 * that it means the same to every reader, and within GitLab's limit of one week.
 */
export function isBakeTime(text: string): boolean {
  const match = /^([1-9][0-9]{0,4}) (minute|hour|day)s?$/.exec(text);
  if (match === null) return false;
  const minutes = Number(match[1]) * (MINUTES_PER_UNIT[match[2] ?? ""] ?? Infinity);
  return minutes <= 7 * 1440;
}

/*
 * The schema. Every object is strict, so a typo in a key is an error rather than a silently
 * ignored setting. Messages are the tail of a sentence whose subject is the key path
 * (`batch.waveSize must be at least 1`).
 *
 * Null (a key written with nothing after it) means "use the default" for the sections and for
 * the settings whose default is "none"; for numbers, booleans and instancesDir it is an error,
 * because an empty value there is more likely a mistake than a wish for the default.
 *
 * Written with zod/mini, zod's functional API: the same checks and issues as its chained API,
 * in a quarter of the code, which every run of the command loads and compiles. It is built the
 * first time a settings file is read: most clusters have none, and every start of the command
 * would otherwise build it.
 */
function buildSchema() {
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
      error: `is not a valid instance name (${INSTANCE_NAME_RULE})`,
    }),
  );

  const sectionError = { error: "must be a mapping of keys to values" };

  const defaultsSchema = z.strictObject(
    {
      EDX_PLATFORM_REPOSITORY: z.nullish(text),
      EDX_PLATFORM_VERSION: z.nullish(text),
    },
    sectionError,
  );

  const manualSchema = z.strictObject({
    terraformApply: z.optional(flag),
    deploy: z.optional(flag),
    archive: z.optional(flag),
    delete: z.optional(flag),
  });

  const batchSchema = z.strictObject(
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
      buildAhead: z.optional(
        z.int({ error: "must be a whole number" }).check(z.gte(0, { error: "must be 0 or more" })),
      ),
      pauseAfterCanary: z.optional(flag),
      bakeTime: z.nullish(
        z.string({ error: "must be a duration such as '30 minutes' (text)" }).check(
          z.refine(isBakeTime, {
            error: "must be a whole number and a unit (minutes, hours or days), at most 1 week",
          }),
        ),
      ),
    },
    sectionError,
  );

  const limitsSchema = z.strictObject(
    {
      maxJobsPerPipeline: z.optional(positiveInt),
      maxNeedsPerJob: z.optional(positiveInt),
      maxYamlBytes: z.optional(positiveInt),
    },
    sectionError,
  );

  const settingsFileSchema = z.strictObject({
    instancesDir: z.optional(relativePath),
    templates: z.nullish(relativePath),
    image: z.nullish(text),
    generatorImage: z.nullish(text),
    lightImage: z.nullish(text),
    defaults: z.nullish(defaultsSchema),
    manual: z.nullish(manualSchema),
    deployBranches: z.nullish(
      z.array(text, { error: "must be a list of branch names" }).check(
        z.minLength(1, {
          error: "must list at least one branch (leave it out to deploy the default branch)",
        }),
      ),
    ),
    deploymentTier: z.nullish(
      z.enum(DEPLOYMENT_TIERS, { error: `must be one of ${DEPLOYMENT_TIERS.join(", ")}` }),
    ),
    batch: z.nullish(batchSchema),
    limits: z.nullish(limitsSchema),
  });
  /** The known keys of each mapping of the settings file, by key path ("" is the top level). */
  const keys: Readonly<Record<string, readonly string[]>> = {
    "": Object.keys(settingsFileSchema.shape),
    defaults: Object.keys(defaultsSchema.shape),
    manual: Object.keys(manualSchema.shape),
    batch: Object.keys(batchSchema.shape),
    limits: Object.keys(limitsSchema.shape),
  };
  return { file: settingsFileSchema, keys };
}

let schema: ReturnType<typeof buildSchema> | undefined;

/** The settings file's schema and the known keys of each of its mappings. */
export function settingsSchema(): ReturnType<typeof buildSchema> {
  return (schema ??= buildSchema());
}

export type SettingsFile = z.output<ReturnType<typeof buildSchema>["file"]>;
