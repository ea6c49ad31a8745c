import type { Directive } from "../commit/directive.js";
import type { BatchDirective } from "./evaluateInstance.js";

/** An instance to build and deploy. */
export interface DeployWork {
  readonly kind: "create" | "update";
  readonly name: string;
  readonly deploymentId: string | null;
}

/** An instance to archive or delete. */
export interface RemovalWork {
  readonly kind: "archive" | "delete";
  readonly name: string;
}

/**
 * The work one plan does, whether it comes from one directive or from several commits merged:
 * `buildPlan` and `combineDirectives` both reduce to this and share one assembler.
 */
export interface Work {
  /** Whether Terraform runs, and which directive kind its jobs report. */
  readonly terraform: "infrastructure" | "create" | null;
  /** Instances to build and deploy, in the order they were asked for. */
  readonly deploys: readonly DeployWork[];
  readonly removals: readonly RemovalWork[];
  readonly batch: BatchDirective | null;
}

export const NO_WORK: Work = { terraform: null, deploys: [], removals: [], batch: null };

/** The work of a single directive. A name listed twice (the parser rejects it) counts once. */
export function workOf(directive: Directive): Work {
  switch (directive.kind) {
    case "none":
      return NO_WORK;
    case "infrastructure":
      return { ...NO_WORK, terraform: "infrastructure" };
    case "create":
    case "update": {
      const seen = new Set<string>();
      const deploys: DeployWork[] = [];
      for (const { name, deploymentId } of directive.instances) {
        if (seen.has(name)) continue;
        seen.add(name);
        deploys.push({ kind: directive.kind, name, deploymentId });
      }
      return { ...NO_WORK, terraform: directive.kind === "create" ? "create" : null, deploys };
    }
    case "archive":
    case "delete": {
      const names = [...new Set(directive.instances.map((i) => i.name))];
      return { ...NO_WORK, removals: names.map((name) => ({ kind: directive.kind, name })) };
    }
    case "batch-upgrade":
    case "batch-upgrade-to":
      return { ...NO_WORK, batch: directive };
  }
}
