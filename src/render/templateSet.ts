import { jobSpecs, NAMED_KINDS } from "../commit/kinds.js";
import type { AnyKindTable } from "../commit/kinds.js";
import { error, fail, ok } from "../diagnostic.js";
import type { Diagnostic, Result } from "../diagnostic.js";
import { findKeyLine } from "../repo/findKeyLine.js";
import { parseYamlMapping } from "../repo/parseYamlMapping.js";
import { checkTemplateExtends } from "./checkTemplateExtends.js";
import { checkTemplateJob } from "./checkTemplateJob.js";
import { templateNameFor } from "./templateNames.js";
import { isYamlMapping } from "./yamlValue.js";
import type { YamlMapping, YamlPath } from "./yamlValue.js";

/**
 * The hidden jobs the generated pipeline's jobs extend. `jobs` holds every hidden job of the
 * template file in file order (the grove templates and any helper jobs they `extends`), then the
 * built-in template of every optional job kind the file leaves out (`.grove-wave-gate`, and the
 * kinds added after the file was written).
 */
export interface TemplateSet {
  readonly jobs: ReadonlyMap<string, YamlMapping>;
}

/**
 * Validates a user template file (settings `templates`) and returns every problem at once. It
 * may hold only hidden jobs: the eight SPEC templates (all required), optionally the templates of
 * the other job kinds of `kinds` (`.grove-wave-gate`, ...), and helper hidden jobs the templates
 * `extends` (copied into the output with them). Anything else (`stages`, `variables`, visible
 * jobs) would change the generated pipeline behind the generator's back, so it is an error.
 * `file` is the repository-relative path the diagnostics name.
 */
export function parseTemplates(
  text: string,
  file: string,
  kinds: AnyKindTable = NAMED_KINDS,
): Result<TemplateSet> {
  const parsed = parseYamlMapping(text, file, { emptyIsMapping: false });
  if (!parsed.ok) return parsed;
  const at = (path: YamlPath): Partial<Diagnostic> => {
    const position = findKeyLine(text, path);
    const keyPath = path.join(".");
    return position === undefined
      ? { file, keyPath }
      : { file, keyPath, line: position.line, fileColumn: position.column };
  };

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
  for (const spec of specs.filter((s) => s.required)) {
    const name = templateNameFor(spec.kind);
    if (Object.hasOwn(parsed.value, name)) continue;
    problems.push(
      error("template-missing", `${file} does not define the template ${name}`, {
        file,
        keyPath: name,
      }),
    );
  }
  for (const spec of specs.filter((s) => !s.required)) {
    const name = templateNameFor(spec.kind);
    if (!jobs.has(name)) jobs.set(name, spec.template);
  }
  problems.push(...checkTemplateExtends(jobs, at));
  return problems.length > 0 ? fail(problems) : ok({ jobs });
}
