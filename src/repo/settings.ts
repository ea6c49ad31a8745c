import * as z from "zod/mini";
import { isInstanceName } from "../commit/grammar.js";
import { error, fail, ok } from "../diagnostic.js";
import type { Diagnostic, Result } from "../diagnostic.js";
import { InternalError } from "../errors.js";
import { closestWord } from "../text.js";
import { isSafeRelativePath, normalizeRelativePath, readRepoFile } from "./files.js";
import type { RepoRoot } from "./files.js";
import { DEPLOYMENT_TIERS } from "./environments.js";
import type { DeploymentTier } from "./environments.js";
import { INSTANCE_NAME_RULE } from "./instances.js";
import { describeYamlValue, findKeyLine, parseYamlMapping, writtenValue } from "./yaml.js";

/*
 * `grove-pipelines.yml` (SPEC.md, "Settings"): its typed form and defaults, the schema that checks
 * it, and the reading that turns every problem into a diagnostic at its key. Everything past the
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

type SettingsFile = z.output<ReturnType<typeof buildSchema>["file"]>;

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
