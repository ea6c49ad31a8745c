import type { Directive } from "../commit/directive.js";

/** A short human summary of a directive, for `lint` and `plan` headers. */
export function describeDirective(d: Directive): string {
  switch (d.kind) {
    case "none":
      return "no directive: nothing to deploy";
    case "infrastructure":
      return d.text === "" ? "infrastructure" : `infrastructure: ${d.text}`;
    case "create":
    case "update": {
      const list = d.instances
        .map((i) => (i.deploymentId === null ? i.name : `${i.name} (deployment ${i.deploymentId})`))
        .join(", ");
      return `${d.kind}${d.legacy ? " (legacy format)" : ""}: ${list}`;
    }
    case "archive":
    case "delete":
      return `${d.kind}: ${d.instances.map((i) => i.name).join(", ")}`;
    case "batch-upgrade":
      return `batch-upgrade: ${d.targets.map((t) => `${t.repository}|${t.version}`).join(", ")}`;
    case "batch-upgrade-to": {
      const scope =
        d.targets.length === 0
          ? "every batch-eligible instance"
          : d.targets.map((t) => `${t.repository}|${t.version}`).join(", ");
      return `batch-upgrade-to ${d.commit}: ${scope}`;
    }
  }
}
