const TRUE_WORDS = new Set(["true", "yes", "on", "1"]);
const FALSE_WORDS = new Set(["false", "no", "off", "0"]);

/**
 * Reads `BATCH_UPGRADE_DISABLED` the way Grove's Python tools do (SPEC.md): YAML 1.1 truth words.
 * js-yaml's default schema is YAML 1.2, so `yes`/`on`/`no`/`off` arrive here as strings and
 * `true`/`True`/`TRUE` as booleans; strings are compared without regard to case. The integers 1
 * and 0 count like the strings "1" and "0" because Grove's Python applies the same truth rules to
 * `1`/`0` written bare (PyYAML gives it an int, which Python's truth test accepts), so an instance
 * Grove treats as disabled must not be upgraded by us.
 *
 * Returns undefined for anything else (`maybe`, 2, a list, null): the caller reports an error
 * rather than guessing.
 */
export function parseBatchUpgradeDisabled(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (value === 1) return true;
  if (value === 0) return false;
  if (typeof value !== "string") return undefined;
  const word = value.toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return undefined;
}
