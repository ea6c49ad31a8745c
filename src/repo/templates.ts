import { jobSpecs, NAMED_KINDS } from "../commit/kinds.js";
import type { AnyKindTable } from "../commit/kinds.js";
import { error, fail, ok } from "../diagnostic.js";
import type { Diagnostic, Result } from "../diagnostic.js";
import { isYamlMapping } from "../render/yamlValue.js";
import type { YamlMapping, YamlPath } from "../render/yamlValue.js";
import { normalizeRelativePath, readRepoFile } from "./files.js";
import type { RepoRoot } from "./files.js";
import type { Settings } from "./settings.js";
import { findKeyLine, parseYamlMapping } from "./yaml.js";
import { ancestry, checkExtends, checkTemplateJob } from "./templateJobs.js";

/*
 * The hidden template jobs the generated pipeline's jobs extend: the built-in ones, or a cluster's
 * own template file (settings `templates`), read and checked. The renderer only consumes the
 * resulting TemplateSet.
 */

/**
 * `jobs` holds every hidden job of the template file in file order (the grove templates and any
 * helper jobs they `extends`), then the built-in template of every optional job kind the file
 * leaves out (`.grove-wave-gate`, and the kinds added after the file was written).
 */
export interface TemplateSet {
  readonly jobs: ReadonlyMap<string, YamlMapping>;
}

/** The hidden template job every plan job of that kind extends, e.g. `.grove-deploy`. */
export function templateNameFor(kind: string): string {
  return `.grove-${kind}`;
}

/**
 * The templates SPEC names: a user's template file must define every one of them. Templates of
 * later kinds are optional there (the built-in one fills in; see kinds.ts).
 */
export const REQUIRED_TEMPLATE_NAMES: readonly string[] = jobSpecs()
  .filter((spec) => spec.required)
  .map((spec) => templateNameFor(spec.kind));

/**
 * The templates that ship with the package: every job kind's template from the kinds table
 * (kinds.ts), in the order they are written out. `templates/grove-templates.yml` holds the same
 * jobs for users to copy and edit (a test keeps the two equal).
 */
export function builtinTemplates(kinds: AnyKindTable = NAMED_KINDS): TemplateSet {
  const jobs = new Map<string, YamlMapping>();
  for (const spec of jobSpecs(kinds)) {
    if (spec.template !== null) jobs.set(templateNameFor(spec.kind), spec.template);
  }
  return { jobs };
}

export const BUILTIN_TEMPLATES: TemplateSet = builtinTemplates();

/**
 * The cluster's own template file (settings `templates`), read and checked, or the built-in
 * templates when the settings name none. The path was validated as relative by the settings
 * schema; a link out of the repository is refused like any other repository file.
 */
export function readTemplates(root: RepoRoot, settings: Settings): Result<TemplateSet> {
  if (settings.templates === null) return ok(BUILTIN_TEMPLATES);
  const file = normalizeRelativePath(settings.templates);
  const text = readRepoFile(root, file, "templates");
  if (!text.ok) return text;
  if (text.value === null) {
    return fail([
      error("missing-file", `${file} does not exist (named by the setting templates)`, {
        file,
        keyPath: "templates",
      }),
    ]);
  }
  const parsed = parseTemplates(text.value, file);
  if (!parsed.ok) return parsed;
  const problems = rulesWithWhen(parsed.value, settings, file, text.value);
  return problems.length > 0 ? fail(problems) : parsed;
}

/**
 * GitLab refuses a job that has both `rules:` and a job-level `when:`. The generator writes
 * `when: manual` on the jobs the `manual:` settings name, and `when: manual` or `delayed` on wave
 * gates with `batch.pauseAfterCanary` or `batch.bakeTime`; a template of such a job that uses
 * `rules:` (itself or through `extends`) would give a file GitLab refuses, so it is an error
 * naming both sides.
 */
function rulesWithWhen(
  set: TemplateSet,
  settings: Settings,
  file: string,
  text: string,
  kinds: AnyKindTable = NAMED_KINDS,
): Diagnostic[] {
  const problems: Diagnostic[] = [];
  for (const spec of jobSpecs(kinds)) {
    const setting =
      spec.manual !== null && settings.manual[spec.manual]
        ? `manual.${spec.manual}`
        : spec.kind === "wave-gate" && settings.batch.pauseAfterCanary
          ? "batch.pauseAfterCanary"
          : spec.kind === "wave-gate" && settings.batch.bakeTime !== null
            ? "batch.bakeTime"
            : null;
    if (setting === null) continue;
    const name = templateNameFor(spec.kind);
    const withRules = ancestry(name, set.jobs).ancestors.find((job) =>
      Object.hasOwn(set.jobs.get(job) ?? {}, "rules"),
    );
    if (withRules === undefined) continue;
    problems.push(
      error(
        "template-rules-with-when",
        `${withRules}.rules cannot be used by ${name}: ${setting} makes its jobs wait (when:), ` +
          "which GitLab does not accept together with rules:; remove the rules or turn the setting off",
        { file, keyPath: `${withRules}.rules`, ...findKeyLine(text, [withRules, "rules"]) },
      ),
    );
  }
  return problems;
}

/**
 * Validates a user template file and returns every problem at once. It may hold only hidden jobs:
 * the eight SPEC templates (all required), optionally the templates of the other job kinds of
 * `kinds` (`.grove-wave-gate`, ...), and helper hidden jobs the templates `extends` (copied into
 * the output with them). Anything else (`stages`, `variables`, visible jobs) would change the
 * generated pipeline behind the generator's back, so it is an error. `file` is the
 * repository-relative path the diagnostics name.
 */
export function parseTemplates(
  text: string,
  file: string,
  kinds: AnyKindTable = NAMED_KINDS,
): Result<TemplateSet> {
  const parsed = parseYamlMapping(text, file, { emptyIsMapping: false });
  if (!parsed.ok) return parsed;
  const at = (path: YamlPath): Partial<Diagnostic> => ({
    file,
    keyPath: path.join("."),
    ...findKeyLine(text, path),
  });

  const problems: Diagnostic[] = [];
  const jobs = new Map<string, YamlMapping>();
  for (const [key, value] of Object.entries(parsed.value)) {
    if (!key.startsWith(".")) {
      problems.push(
        error(
          "template-unknown-key",
          `${key} is not allowed in a template file: it may hold only hidden jobs (keys starting with ".") such as .grove-deploy`,
          at([key]),
        ),
      );
    } else if (!isYamlMapping(value)) {
      problems.push(
        error(
          "template-not-mapping",
          `${key} must be a mapping of job keys (script:, image:, ...)`,
          at([key]),
        ),
      );
    } else {
      problems.push(...checkTemplateJob(key, value, at));
      jobs.set(key, value);
    }
  }
  const specs = jobSpecs(kinds);
  for (const spec of specs) {
    const name = templateNameFor(spec.kind);
    if (!spec.required) {
      if (!jobs.has(name) && spec.template !== null) jobs.set(name, spec.template);
    } else if (!Object.hasOwn(parsed.value, name)) {
      problems.push(
        error("template-missing", `${file} does not define the template ${name}`, {
          file,
          keyPath: name,
        }),
      );
    }
  }
  const names = specs.map((spec) => templateNameFor(spec.kind));
  problems.push(...checkExtends(jobs, names, at));
  if (problems.length === 0) problems.push(...terraformGroupProblems(jobs, kinds, at));
  return problems.length > 0 ? fail(problems) : ok({ jobs });
}

/**
 * A Terraform job's template, or one it extends, must not set `resource_group`: the job runs in
 * the Terraform pipeline, whose trigger job holds the `terraform` group until that pipeline ends
 * (render/terraformLock.ts), so a job in it waiting for that group would wait for ever.
 */
function terraformGroupProblems(
  jobs: ReadonlyMap<string, YamlMapping>,
  kinds: AnyKindTable,
  at: (path: YamlPath) => Partial<Diagnostic>,
): Diagnostic[] {
  return jobSpecs(kinds)
    .filter((spec) => spec.resourceGroup === "terraform")
    .flatMap((spec) => {
      const name = templateNameFor(spec.kind);
      const owner = ancestry(name, jobs).ancestors.find((job) =>
        Object.hasOwn(jobs.get(job) ?? {}, "resource_group"),
      );
      if (owner === undefined) return [];
      const message =
        `${owner}.resource_group cannot be used by ${name}: Terraform jobs run in a pipeline ` +
        "whose trigger job holds the terraform resource group until that pipeline ends, so a " +
        "job in it that waits for a resource group may wait for ever; remove it";
      return [error("template-terraform-resource-group", message, at([owner, "resource_group"]))];
    });
}
