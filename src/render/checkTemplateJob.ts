import { error } from "../diagnostic.js";
import type { Diagnostic } from "../diagnostic.js";
import { firstUnsupportedValue } from "./yamlValue.js";
import type { YamlMapping, YamlPath, YamlValue } from "./yamlValue.js";

/**
 * Keys a template must not set: the generator decides every job's place in the pipeline, and a
 * template `needs:` would, for example, let a wave gate stop waiting for the wave before it.
 */
const RESERVED_KEYS = ["stage", "needs"] as const;

const SCRIPT_KEYS = ["script", "before_script", "after_script"] as const;

/**
 * Problems of one hidden job of a template file: values that would not survive being written
 * back, scripts that are not commands, keys the generator owns. `at` locates a key path.
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
