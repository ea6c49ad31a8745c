import yaml from "js-yaml";
import { error, fail, ok } from "../diagnostic.js";
import type { Diagnostic, Result } from "../diagnostic.js";
import { describeYamlValue } from "./describeYamlValue.js";

export type YamlMapping = Record<string, unknown>;

/**
 * Parses a repository YAML file that must hold one mapping. An empty document (nothing but
 * comments) is an empty mapping when `emptyIsMapping`, else an error. `file` is the
 * repository-relative path the diagnostics name.
 */
export function parseYamlMapping(
  text: string,
  file: string,
  options: { emptyIsMapping: boolean },
): Result<YamlMapping> {
  let doc: unknown;
  try {
    // The default schema (YAML 1.2 core) on purpose: it is what the rest of the tool is tested
    // with, and truth values written YAML 1.1 style are handled by parseBatchUpgradeDisabled.
    doc = yaml.load(text, { filename: file });
  } catch (err) {
    return fail([yamlSyntaxDiagnostic(err, file)]);
  }
  if (doc === null || doc === undefined) {
    if (options.emptyIsMapping) return ok({});
    return fail([
      error("not-a-mapping", `${file} is empty; expected a YAML mapping of keys to values`, {
        file,
      }),
    ]);
  }
  if (typeof doc !== "object" || Array.isArray(doc) || doc instanceof Date) {
    return fail([
      error(
        "not-a-mapping",
        `${file} holds ${describeYamlValue(doc)}; expected a YAML mapping of keys to values`,
        { file, ...contentStart(text) },
      ),
    ]);
  }
  return ok(doc as YamlMapping);
}

/**
 * Where the document's content starts: the first line that is not blank, a comment, a directive
 * or a bare `---`. Instance configs usually open with comments, and a problem with the document
 * as a whole should point at the document, not at the comment above it.
 */
function contentStart(text: string): { line: number; fileColumn: number } {
  const lines = text.split(/\r\n|\r|\n/);
  for (const [index, raw] of lines.entries()) {
    const content = raw.trimStart();
    if (content === "" || content.startsWith("#") || content.startsWith("%")) continue;
    if (/^---[ \t]*(#.*)?$/.test(content)) continue;
    return { line: index + 1, fileColumn: raw.length - content.length + 1 };
  }
  return { line: 1, fileColumn: 1 };
}

function yamlSyntaxDiagnostic(err: unknown, file: string): Diagnostic {
  if (err instanceof yaml.YAMLException) {
    // js-yaml marks are 0-based; ours are 1-based. Some errors (several documents) have no mark.
    const at =
      err.mark === undefined || err.mark === null
        ? { file }
        : { file, line: err.mark.line + 1, fileColumn: err.mark.column + 1 };
    return error("yaml-syntax", `YAML syntax error in ${file}: ${err.reason}`, at);
  }
  return error("yaml-syntax", `YAML syntax error in ${file}`, { file });
}
