import { byText } from "../text.js";
import type { YamlMapping } from "./yamlValue.js";

/**
 * Every variable as `{value, expand: false}` so GitLab never expands a `$` inside a value, in
 * name order so the output does not depend on how the caller's object was built.
 */
export function literalVariables(variables: Readonly<Record<string, string>>): YamlMapping {
  const entries = Object.entries(variables).sort(([a], [b]) => byText(a, b));
  return Object.fromEntries(entries.map(([name, value]) => [name, { value, expand: false }]));
}
