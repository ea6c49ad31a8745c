/**
 * The typed form of `grove-pipelines.yml`. The zod schema that produces it lives in
 * `settingsSchema.ts`; everything past the repository boundary uses only this type.
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
  /** Fallback config values for batch matching. */
  readonly defaults: {
    readonly EDX_PLATFORM_REPOSITORY: string | null;
    readonly EDX_PLATFORM_VERSION: string | null;
  };
  readonly manual: { readonly terraformApply: boolean; readonly deploy: boolean };
  /** Branches whose commits may deploy; null means "CI_DEFAULT_BRANCH". */
  readonly deployBranches: readonly string[] | null;
  readonly batch: {
    readonly canary: number;
    readonly canaryInstances: readonly string[];
    readonly waveSize: number;
  };
  readonly limits: {
    readonly maxJobsPerPipeline: number;
    readonly maxNeedsPerJob: number;
    readonly maxYamlBytes: number;
  };
}

export const DEFAULT_SETTINGS: Settings = {
  instancesDir: "instances",
  templates: null,
  image: null,
  // Node.js with git, which the generate job needs to read a push of several commits.
  generatorImage: "node:20",
  defaults: { EDX_PLATFORM_REPOSITORY: null, EDX_PLATFORM_VERSION: null },
  manual: { terraformApply: false, deploy: false },
  deployBranches: null,
  batch: { canary: 1, canaryInstances: [], waveSize: 25 },
  limits: { maxJobsPerPipeline: 500, maxNeedsPerJob: 50, maxYamlBytes: 1_048_576 },
};

export const SETTINGS_FILE = "grove-pipelines.yml";
