import type { Directive } from "../commit/directive.js";
import { isBatch } from "../commit/directive.js";
import { formatLocation } from "../diagnostic.js";
import type { RepoSnapshot } from "../repo/snapshot.js";
import { explainBatch } from "./explainBatch.js";
import { suggestNames } from "./suggestNames.js";
import { unknownInstances } from "./unknownInstances.js";

export interface InstanceExplanation {
  /** Whether the plan for `directive` gives the instance jobs. */
  readonly included: boolean;
  /** The reasoning, one step a line, for a person. */
  readonly lines: string[];
  /** Closest existing names when `name` is not an instance. */
  readonly suggestions: string[];
}

/**
 * Why the plan for `directive` does or does not touch instance `name` (for `explain INSTANCE`).
 * It applies the same rules as `buildPlan`, so its answer and the plan cannot disagree.
 */
export function explainInstance(
  name: string,
  directive: Directive,
  snapshot: RepoSnapshot,
): InstanceExplanation {
  const dir = snapshot.settings.instancesDir;
  const invalid = snapshot.invalid.find((i) => i.instance === name);
  const exists =
    snapshot.instances.has(name) ||
    invalid !== undefined ||
    (snapshot.allNames ?? []).includes(name);
  if (!exists) {
    const candidates = snapshot.allNames ?? [...snapshot.instances.keys()];
    return {
      included: false,
      lines: [`${dir}/${name} does not exist, so no plan touches '${name}'`],
      suggestions: suggestNames(name, candidates),
    };
  }
  if (invalid !== undefined) {
    return {
      included: false,
      lines: [
        `${dir}/${name} could not be read:`,
        ...invalid.diagnostics.map((d) => `  ${formatLocation(d) ?? d.code}: ${d.message}`),
      ],
      suggestions: [],
    };
  }
  if (isBatch(directive)) return { ...explainBatch(name, directive, snapshot), suggestions: [] };
  return { ...explainNamed(name, directive, snapshot), suggestions: [] };
}

function explainNamed(
  name: string,
  directive: Exclude<Directive, { kind: "batch-upgrade" | "batch-upgrade-to" }>,
  snapshot: RepoSnapshot,
): { included: boolean; lines: string[] } {
  switch (directive.kind) {
    case "none":
      return {
        included: false,
        lines: ["the commit title does not start with [AutoDeploy], so no instance is deployed"],
      };
    case "infrastructure":
      return {
        included: false,
        lines: ["an Infrastructure directive runs Terraform only; no instance has jobs"],
      };
    default: {
      const listed = directive.instances.map((i) => i.name);
      if (!listed.includes(name)) {
        return {
          included: false,
          lines: [
            `the ${directive.kind} directive names ${listed.join(", ")}; '${name}' is not among them`,
          ],
        };
      }
      const request = directive.instances.find((i) => i.name === name);
      const id =
        request !== undefined && "deploymentId" in request && request.deploymentId !== null
          ? ` with DEPLOYMENT_REQUEST_ID ${request.deploymentId}`
          : "";
      const lines = [
        `the ${directive.kind} directive names '${name}'${id}`,
        jobsLine(name, directive.kind),
      ];
      const problems = unknownInstances(listed, snapshot);
      for (const problem of problems) lines.push(`but the plan fails: ${problem.message}`);
      return { included: problems.length === 0, lines };
    }
  }
}

function jobsLine(name: string, kind: "create" | "update" | "archive" | "delete"): string {
  switch (kind) {
    case "create":
      return `jobs: build-image:${name} after terraform-apply, then deploy:${name}`;
    case "update":
      return `jobs: build-image:${name}, then deploy:${name}`;
    default:
      return `job: ${kind}:${name}`;
  }
}
