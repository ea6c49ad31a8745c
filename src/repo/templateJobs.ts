/**
 * The checks of a template file's hidden jobs, one by one and through their `extends:` chains:
 * values that would not survive being written back, scripts that are not commands, keys the
 * generator owns, and `extends:` that names nothing or goes round in a cycle.
 */

import { error } from "../diagnostic.js";
import type { Diagnostic } from "../diagnostic.js";
import { firstUnsupportedValue } from "../render/yamlValue.js";
import type { YamlMapping, YamlPath, YamlValue } from "../render/yamlValue.js";

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
export function checkTemplateJob(
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
export function checkExtends(
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
export function ancestry(
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
