import type { Directive } from "./directive.js";

/**
 * The directive exactly as `lint --json` and `plan --json` print it (SPEC.md): a fresh plain
 * object with `kind` first and the other keys in SPEC order, whatever object it was built from,
 * so the JSON output is byte-stable and never carries stray properties.
 */
export function directiveToJson(d: Directive): Directive {
  switch (d.kind) {
    case "none":
      return { kind: d.kind };
    case "infrastructure":
      return { kind: d.kind, text: d.text };
    case "create":
    case "update":
      return {
        kind: d.kind,
        instances: d.instances.map((i) => ({ name: i.name, deploymentId: i.deploymentId })),
        legacy: d.legacy,
      };
    case "archive":
    case "delete":
      return { kind: d.kind, instances: d.instances.map((i) => ({ name: i.name })) };
    case "batch-upgrade":
      return { kind: d.kind, targets: d.targets.map(targetToJson) };
    case "batch-upgrade-to":
      return { kind: d.kind, commit: d.commit, targets: d.targets.map(targetToJson) };
  }
}

function targetToJson(t: { readonly repository: string; readonly version: string }) {
  return { repository: t.repository, version: t.version };
}
