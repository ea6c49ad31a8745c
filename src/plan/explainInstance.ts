import type { AnyDirective, NamedDirectiveShape } from "../commit/directive.js";
import { isBatch, isFixed } from "../commit/directive.js";
import { NAMED_KINDS, namedKind } from "../commit/kinds.js";
import type { AnyKindTable, NamedKind } from "../commit/kinds.js";
import { InternalError } from "../errors.js";
import { formatLocation } from "../diagnostic.js";
import type { RepoSnapshot } from "../repo/snapshot.js";
import { explainBatch } from "./explainBatch.js";
import { instanceJobName } from "./jobNames.js";
import { suggestNames } from "../text.js";
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
  directive: AnyDirective,
  snapshot: RepoSnapshot,
  kinds: AnyKindTable = NAMED_KINDS,
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
  return { ...explainNamed(name, directive, snapshot, kinds), suggestions: [] };
}

function explainNamed(
  name: string,
  directive: AnyDirective,
  snapshot: RepoSnapshot,
  kinds: AnyKindTable,
): { included: boolean; lines: string[] } {
  if (isFixed(directive)) {
    return {
      included: false,
      lines: [
        directive.kind === "infrastructure"
          ? "an Infrastructure directive runs Terraform only; no instance has jobs"
          : "the commit title does not start with [AutoDeploy], so no instance is deployed",
      ],
    };
  }
  const listed: NamedDirectiveShape = directive;
  const names = listed.instances.map((i) => i.name);
  const request = listed.instances.find((i) => i.name === name);
  if (request === undefined) {
    return {
      included: false,
      lines: [
        `the ${listed.kind} directive names ${names.join(", ")}; '${name}' is not among them`,
      ],
    };
  }
  const kind = namedKind(listed.kind, kinds);
  if (kind === undefined) {
    throw new InternalError(`directive kind '${listed.kind}' is not in the kinds table`);
  }
  const id =
    request.deploymentId === undefined || request.deploymentId === null
      ? ""
      : ` with DEPLOYMENT_REQUEST_ID ${request.deploymentId}`;
  const lines = [`the ${listed.kind} directive names '${name}'${id}`, jobsLine(name, kind)];
  const problems = unknownInstances(names, snapshot);
  for (const problem of problems) lines.push(`but the plan fails: ${problem.message}`);
  return { included: problems.length === 0, lines };
}

/** `jobs: build-image:a after terraform-apply, then deploy:a`: the kind's chain for one instance. */
function jobsLine(name: string, kind: NamedKind): string {
  const jobs = kind.jobs.map((job, i) => {
    const after = i === 0 && kind.terraform ? " after terraform-apply" : "";
    return `${instanceJobName(job.kind, name)}${after}`;
  });
  return `${jobs.length === 1 ? "job" : "jobs"}: ${jobs.join(", then ")}`;
}
