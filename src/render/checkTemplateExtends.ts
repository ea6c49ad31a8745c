import { error } from "../diagnostic.js";
import type { Diagnostic } from "../diagnostic.js";
import { extendsOf } from "./extendsOf.js";
import { TEMPLATE_NAMES } from "./templateNames.js";
import type { YamlMapping, YamlPath } from "./yamlValue.js";

/**
 * Every `extends` of a template file must name a hidden job of the same file (the generated
 * pipeline must stand alone), without cycles, and each grove template must end up with a
 * `script:` of its own or inherited (GitLab rejects a job without one).
 */
export function checkTemplateExtends(
  jobs: ReadonlyMap<string, YamlMapping>,
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

  for (const name of TEMPLATE_NAMES.filter((n) => jobs.has(n))) {
    const { names, cycle } = ancestry(name, jobs);
    if (cycle !== undefined) {
      problems.push(
        error(
          "template-extends-cycle",
          `${name} extends itself through ${cycle.join(" -> ")}`,
          at([name, "extends"]),
        ),
      );
    } else if (!names.some((n) => jobs.get(n)?.["script"] !== undefined)) {
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
): { names: string[]; cycle?: string[] } {
  const names: string[] = [];
  const visit = (current: string, path: readonly string[]): string[] | undefined => {
    if (path.includes(current)) return [...path.slice(path.indexOf(current)), current];
    if (names.includes(current)) return undefined;
    names.push(current);
    const job = jobs.get(current);
    for (const parent of (job === undefined ? [] : extendsOf(job)) ?? []) {
      const cycle = visit(parent, [...path, current]);
      if (cycle !== undefined) return cycle;
    }
    return undefined;
  };
  const cycle = visit(name, []);
  return cycle === undefined ? { names } : { names, cycle };
}
