import type { YamlMapping } from "./yamlValue.js";

/**
 * Every variable as `{value, expand: false}` so GitLab never expands a `$` inside a value, in
 * name order so the output does not depend on how the caller's object was built.
 */
export function literalVariables(variables: Readonly<Record<string, string>>): YamlMapping {
  const names = Object.keys(variables).sort();
  return Object.fromEntries(
    names.map((name) => [name, { value: variables[name] ?? "", expand: false }]),
  );
}
