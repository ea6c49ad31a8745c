import type { AnyDirective, NamedDirectiveShape } from "../commit/directive.js";
import { isFixed } from "../commit/directive.js";

/** A short human summary of a directive of any kinds table, for `lint` and `plan` headers. */
export function describeDirective(d: AnyDirective): string {
  if (!isFixed(d)) return describeNamed(d);
  switch (d.kind) {
    case "none":
      return "no directive: nothing to deploy";
    case "infrastructure":
      return d.text === "" ? "infrastructure" : `infrastructure: ${d.text}`;
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

/** `update: a (deployment 42), b`, or `create (legacy format): a`. */
function describeNamed(d: NamedDirectiveShape): string {
  const list = d.instances
    .map((i) =>
      i.deploymentId === undefined || i.deploymentId === null
        ? i.name
        : `${i.name} (deployment ${i.deploymentId})`,
    )
    .join(", ");
  return `${d.kind}${d.legacy === true ? " (legacy format)" : ""}: ${list}`;
}
