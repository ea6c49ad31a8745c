import { byText } from "../text.js";

/** A value js-yaml can write back exactly as it was read (no dates, no binary). */
export type YamlValue = string | number | boolean | null | readonly YamlValue[] | YamlMapping;
export interface YamlMapping {
  readonly [key: string]: YamlValue;
}

/** A key path into a YAML document: mapping keys and list indexes. */
export type YamlPath = readonly (string | number)[];

export function isYamlMapping(value: unknown): value is YamlMapping {
  return (
    typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date)
  );
}

/**
 * Path of the first value below `value` (itself included) that is not plain YAML data, e.g. a
 * date js-yaml turned into a Date, which would not be written back as it was read.
 */
export function firstUnsupportedValue(value: unknown, path: YamlPath): YamlPath | undefined {
  if (value === null || ["string", "number", "boolean"].includes(typeof value)) return undefined;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = firstUnsupportedValue(item, [...path, i]);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (isYamlMapping(value) && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [key, item] of Object.entries(value)) {
      const found = firstUnsupportedValue(item, [...path, key]);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  return path;
}

/**
 * Every variable as `{value, expand: false}` so GitLab never expands a `$` inside a value, in
 * name order so the output does not depend on how the caller's object was built.
 */
export function literalVariables(variables: Readonly<Record<string, string>>): YamlMapping {
  const entries = Object.entries(variables).sort(([a], [b]) => byText(a, b));
  return Object.fromEntries(entries.map(([name, value]) => [name, { value, expand: false }]));
}
