import type { YamlMapping } from "./yamlValue.js";

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
