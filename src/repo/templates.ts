import { jobSpecs, NAMED_KINDS } from "../commit/kinds.js";
import type { AnyKindTable } from "../commit/kinds.js";
import { error, fail, ok } from "../diagnostic.js";
import type { Diagnostic, Result } from "../diagnostic.js";
import { firstUnsupportedValue, isYamlMapping } from "../render/yamlValue.js";
import type { YamlMapping, YamlPath, YamlValue } from "../render/yamlValue.js";
import { normalizeRelativePath, readRepoFile } from "./files.js";
import type { RepoRoot } from "./files.js";
import type { Settings } from "./settings.js";
import { findKeyLine, parseYamlMapping } from "./yaml.js";

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
  return {
    jobs: new Map(jobSpecs(kinds).map((spec) => [templateNameFor(spec.kind), spec.template])),
  };
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
  return parseTemplates(text.value, file);
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
      if (!jobs.has(name)) jobs.set(name, spec.template);
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
  return problems.length > 0 ? fail(problems) : ok({ jobs });
}

/**
 * Keys a template must not set: the generator decides every job's place in the pipeline, and a
 * template `needs:` would, for example, let a wave gate stop waiting for the wave before it.
 */
const RESERVED_KEYS = ["stage", "needs"] as const;

const SCRIPT_KEYS = ["script", "before_script", "after_script"] as const;

/**
 * Problems of one hidden job of a template file: values that would not survive being written
 * back, scripts that are not commands, keys the generator owns.
 */
function checkTemplateJob(
  name: string,
  job: YamlMapping,
  at: (path: YamlPath) => Partial<Diagnostic>,
): Diagnostic[] {
  const unsupported = firstUnsupportedValue(job, [name]);
  if (unsupported !== undefined) {
    return [
      error(
        "template-unsupported-value",
        `${unsupported.join(".")} holds a value GitLab CI does not take (a date or binary data); quote it to make it text`,
        at(unsupported),
      ),
    ];
  }
  const problems: Diagnostic[] = [];
  for (const key of SCRIPT_KEYS) {
    const bad = badScriptEntry(job[key]);
    if (bad !== undefined) {
      problems.push(
        error(
          "template-bad-script",
          `${name}.${key} must be a command or a list of commands (text); entry ${bad + 1} is not text, often because a command contains ": " and needs quotes`,
          at([name, key, bad]),
        ),
      );
    }
  }
  for (const key of RESERVED_KEYS) {
    if (Object.hasOwn(job, key)) {
      problems.push(
        error(
          "template-reserved-key",
          `${name} must not set ${key}: the generator decides each job's ${key}`,
          at([name, key]),
        ),
      );
    }
  }
  return problems;
}

/**
 * Index of the first entry of a script that is not a command, if any (0 for a script that is
 * neither text nor a list). GitLab flattens one level of nested lists. A command with `: ` in
 * it parses as a mapping unless quoted: the classic slip this catches.
 */
function badScriptEntry(script: YamlValue | undefined): number | undefined {
  if (script === undefined || typeof script === "string") return undefined;
  if (!Array.isArray(script)) return 0;
  const index = script.findIndex(
    (entry: YamlValue) =>
      typeof entry !== "string" &&
      !(Array.isArray(entry) && entry.every((e: YamlValue) => typeof e === "string")),
  );
  return index === -1 ? undefined : index;
}

/**
 * The names a hidden job `extends` (none when it has no `extends:`), or undefined when
 * `extends` is neither a name nor a list of names.
 */
export function extendsOf(job: YamlMapping): readonly string[] | undefined {
  const value = job["extends"];
  if (value === undefined) return [];
  if (typeof value === "string") return [value];
  if (Array.isArray(value) && value.every((v): v is string => typeof v === "string")) return value;
  return undefined;
}

/**
 * Every `extends` of a template file must name a hidden job of the same file (the generated
 * pipeline must stand alone), without cycles, and each grove template (`names`, in the order
 * they are reported) must end up with a `script:` of its own or inherited (GitLab rejects a job
 * without one).
 */
function checkExtends(
  jobs: ReadonlyMap<string, YamlMapping>,
  names: readonly string[],
  at: (path: YamlPath) => Partial<Diagnostic>,
): Diagnostic[] {
  const problems: Diagnostic[] = [];
  for (const [name, job] of jobs) {
    const targets = extendsOf(job);
    if (targets === undefined) {
      problems.push(
        error(
          "template-bad-extends",
          `${name}.extends must be the name of a hidden job or a list of such names`,
          at([name, "extends"]),
        ),
      );
      continue;
    }
    for (const target of targets.filter((t) => !jobs.has(t))) {
      problems.push(
        error(
          "template-unknown-extends",
          `${name} extends ${target}, which the template file does not define`,
          at([name, "extends"]),
        ),
      );
    }
  }
  // Ancestry is only meaningful once every extends resolves.
  if (problems.length > 0) return problems;

  for (const name of names.filter((n) => jobs.has(n))) {
    const { ancestors, cycle } = ancestry(name, jobs);
    if (cycle !== undefined) {
      problems.push(
        error(
          "template-extends-cycle",
          `${name} extends itself through ${cycle.join(" -> ")}`,
          at([name, "extends"]),
        ),
      );
    } else if (!ancestors.some((n) => jobs.get(n)?.["script"] !== undefined)) {
      problems.push(
        error(
          "template-no-script",
          `${name} has no script: (neither itself nor any job it extends)`,
          at([name]),
        ),
      );
    }
  }
  return problems;
}

/** A job and everything it extends, directly or not; `cycle` is set when extends loops. */
function ancestry(
  name: string,
  jobs: ReadonlyMap<string, YamlMapping>,
): { ancestors: string[]; cycle?: string[] } {
  const ancestors: string[] = [];
  const visit = (current: string, path: readonly string[]): string[] | undefined => {
    if (path.includes(current)) return [...path.slice(path.indexOf(current)), current];
    if (ancestors.includes(current)) return undefined;
    ancestors.push(current);
    const job = jobs.get(current);
    for (const parent of (job === undefined ? [] : extendsOf(job)) ?? []) {
      const cycle = visit(parent, [...path, current]);
      if (cycle !== undefined) return cycle;
    }
    return undefined;
  };
  const cycle = visit(name, []);
  return cycle === undefined ? { ancestors } : { ancestors, cycle };
}
