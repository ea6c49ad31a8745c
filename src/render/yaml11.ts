import yaml from "js-yaml";
import { InternalError } from "../errors.js";

/*
 * GitLab reads the files we write with Ruby's Psych and Grove reads instance files with PyYAML:
 * both YAML 1.1 readers. js-yaml writes for YAML 1.2, where `1_000`, `20240101_1200` or `1:20`
 * are strings it leaves unquoted; a 1.1 reader takes them for numbers. The schema below makes
 * the writer quote every string a 1.1 reader would not read back as the same string.
 */

/**
 * Plain scalars that PyYAML (the YAML 1.1 types) or Psych reads as something other than a
 * string: truth words, numbers with `_` or (Psych) `,` between digits, sexagesimal `1:20`,
 * binary, octal and hex numbers, floats with or without digits before the point, infinities and
 * not-a-numbers, dates (Psych accepts one-digit months and days) and timestamps, nulls, and the
 * merge and value keys. Generous on purpose: quoting a string that needed none costs two bytes.
 */
const YAML11_NOT_STRINGS: readonly RegExp[] = [
  /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
  /^(?:~|null|Null|NULL|)$/,
  /^[-+]?(?:0b[01_]+|0x[0-9a-fA-F_]+)$/,
  /^[-+]?(?:[0-9][0-9_,]*(?::[0-5]?[0-9])*(?:\.[0-9_,]*)?|\.[0-9][0-9_,]*)(?:[eE][-+]?[0-9]+)?$/,
  /^[-+]?\.(?:inf|Inf|INF)$/,
  /^\.(?:nan|NaN|NAN)$/,
  /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9].*)?$/,
  /^(?:<<|=)$/,
];

/** Whether a YAML 1.1 reader reads `text`, written as a plain scalar, as anything but itself. */
export function yaml11ReadsOtherwise(text: string): boolean {
  return YAML11_NOT_STRINGS.some((pattern) => pattern.test(text));
}

/**
 * js-yaml quotes a string when some implicit type of the dump schema would resolve it. This type
 * only resolves (it is never used to write a value, having no `predicate`), so adding it to the
 * default schema quotes every string a YAML 1.1 reader would misread and changes nothing else.
 */
const yaml11Ambiguous = new yaml.Type("tag:grove-pipelines,2026:yaml-1.1-ambiguous", {
  kind: "scalar",
  resolve: (data: unknown) => typeof data === "string" && yaml11ReadsOtherwise(data),
  construct: (data: unknown) => data,
});

/** The schema every file we write is dumped with. */
export const DUMP_SCHEMA = yaml.DEFAULT_SCHEMA.extend({ implicit: [yaml11Ambiguous] });

/**
 * The implicit types js-yaml's dumper tries on every string it might leave plain (its schema's
 * `compiledImplicit`, which the typings do not declare): the default schema's null, bool, int,
 * float, timestamp and merge, then `yaml11Ambiguous`.
 */
const DUMP_IMPLICIT_TYPES = implicitTypesOf(DUMP_SCHEMA);

function implicitTypesOf(schema: yaml.Schema): readonly yaml.Type[] {
  const types: unknown = Reflect.get(schema, "compiledImplicit");
  if (!Array.isArray(types) || !types.every((type) => type instanceof yaml.Type)) {
    throw new InternalError("js-yaml's schema no longer lists its implicit types");
  }
  return types as yaml.Type[];
}

/**
 * Whether some implicit type of DUMP_SCHEMA reads `text` as a plain scalar, so that js-yaml,
 * dumping with it, quotes `text` (its dumper's testImplicitResolving): for writers of YAML that
 * must give js-yaml's bytes without calling it.
 */
export function dumpSchemaResolves(text: string): boolean {
  for (const type of DUMP_IMPLICIT_TYPES) if (type.resolve(text)) return true;
  return false;
}
