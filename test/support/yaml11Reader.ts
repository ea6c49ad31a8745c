import yaml from "js-yaml";

/*
 * A YAML 1.1 reader for tests, standing in for the readers that read what we write: GitLab's
 * (Ruby's Psych) and Grove's (PyYAML). js-yaml's parser with the implicit types of YAML 1.1 as
 * PyYAML resolves them (yaml/resolver.py), widened where Psych reads more as numbers or dates
 * (psych/scalar_scanner.rb: `,` inside numbers, one-digit months and days). Written from those
 * readers, not from the renderer's rule, so that it can catch the rule out.
 */

const bool = new yaml.Type("tag:yaml.org,2002:bool", {
  kind: "scalar",
  resolve: (s: string) =>
    /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/.test(s),
  construct: (s: string) => /^(?:yes|true|on)$/i.test(s),
});

const nullType = new yaml.Type("tag:yaml.org,2002:null", {
  kind: "scalar",
  resolve: (s: string) => /^(?:~|null|Null|NULL|)$/.test(s),
  construct: () => null,
});

// PyYAML: binary, octal, decimal with `_`, hex, sexagesimal. Psych also: `,` in decimals.
const INT =
  /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_,]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const int = new yaml.Type("tag:yaml.org,2002:int", {
  kind: "scalar",
  resolve: (s: string) => INT.test(s),
  // The value itself does not matter to the tests, only that it is not the string.
  construct: (s: string) => ({ int: s }),
});

// PyYAML's float (a point is required; after a leading point a digit), plus Psych's `,` and a
// sign before a leading point (`+.5`).
const FLOAT =
  /^(?:[-+]?[0-9][0-9_,]*\.[0-9_]*(?:[eE][-+][0-9]+)?|[-+]?\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const float = new yaml.Type("tag:yaml.org,2002:float", {
  kind: "scalar",
  resolve: (s: string) => FLOAT.test(s),
  construct: (s: string) => ({ float: s }),
});

const TIMESTAMP =
  /^(?:[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$/;
const timestamp = new yaml.Type("tag:yaml.org,2002:timestamp", {
  kind: "scalar",
  resolve: (s: string) => TIMESTAMP.test(s),
  construct: (s: string) => ({ timestamp: s }),
});

// `<<` (merge) and `=` (value) are keys of their own in YAML 1.1; PyYAML refuses a bare `=`.
const special = new yaml.Type("tag:yaml.org,2002:value", {
  kind: "scalar",
  resolve: (s: string) => s === "=" || s === "<<",
  construct: (s: string) => ({ special: s }),
});

const YAML11_SCHEMA = yaml.FAILSAFE_SCHEMA.extend({
  implicit: [nullType, bool, int, float, timestamp, special],
});

/** The document as a YAML 1.1 reader sees it: numbers, truth values and dates as objects. */
export function loadYaml11(text: string): unknown {
  return yaml.load(text, { schema: YAML11_SCHEMA });
}
