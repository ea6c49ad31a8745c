import { byText } from "../text.js";

/** A value js-yaml can write back exactly as it was read (no dates, no binary). */
export type YamlValue = string | number | boolean | null | readonly YamlValue[] | YamlMapping;
export interface YamlMapping {
  readonly [key: string]: YamlValue;
}

/**
 * The mapping of `entries` in their order, as `Object.fromEntries` makes it: own properties (no
 * key reaches the prototype), a repeated key keeps its first place and its last value. V8's
 * fromEntries took several times as long, 3 µs an entry: 0.7 s for the shard files of a batch
 * over 100,000 instances.
 */
export function mappingOf(entries: Iterable<readonly [string, YamlValue]>): YamlMapping {
  const mapping: Record<string, YamlValue> = {};
  for (const [key, value] of entries) {
    // Assigning `__proto__` would set the prototype; fromEntries defines the property instead.
    if (key === "__proto__") {
      Object.defineProperty(mapping, key, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else {
      mapping[key] = value;
    }
  }
  return mapping;
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
  return mappingOf(entries.map(([name, value]) => [name, { value, expand: false }]));
}
