import type { Directive, NamedDirectiveShape } from "../commit/directive.js";
import { isFixed } from "../commit/directive.js";
import type { InstanceJobKind, KindTable, NamedKind } from "../commit/kinds.js";
import { namedKind } from "../commit/kinds.js";
import { InternalError } from "../errors.js";
import type { BatchDirective } from "./evaluateInstance.js";

/** The row of a named kind, as work needs it (`Y`: job kinds a table adds). */
export type WorkKind<Y extends string = never> = NamedKind<
  NamedDirectiveShape,
  InstanceJobKind | Y
>;

/** An instance a named directive asks for: it gets the jobs of its kind. */
export interface NamedWork<Y extends string = never> {
  readonly kind: WorkKind<Y>;
  readonly name: string;
  /** Null for kinds without ids, and when the title gave none. */
  readonly deploymentId: string | null;
}

/**
 * The work one plan does, whether it comes from one directive or from several commits merged:
 * `buildPlan` and `combineDirectives` both reduce to this and share one assembler.
 */
export interface Work<Y extends string = never> {
  /** Whether Terraform runs, and which directive kind its jobs report. */
  readonly terraform: string | null;
  /** Instances of named directives, in the order they were first asked for. */
  readonly named: readonly NamedWork<Y>[];
  readonly batch: BatchDirective | null;
}

export const NO_WORK: Work = { terraform: null, named: [], batch: null };

/**
 * The work of a single directive of `kinds`. A name listed twice (the parser rejects it) counts
 * once, with its first id.
 */
export function workOf<X extends NamedDirectiveShape, Y extends string>(
  directive: Directive | X,
  kinds: KindTable<X, Y>,
): Work<Y> {
  if (!isFixed(directive)) {
    const listed: NamedDirectiveShape = directive;
    const kind = namedKind(listed.kind, kinds);
    if (kind === undefined) {
      throw new InternalError(`directive kind '${listed.kind}' is not in the kinds table`);
    }
    const named = new Map<string, NamedWork<Y>>();
    for (const { name, deploymentId = null } of listed.instances) {
      if (!named.has(name))
        named.set(name, { kind, name, deploymentId: kind.ids ? deploymentId : null });
    }
    return {
      terraform: kind.terraform ? kind.kind : null,
      named: [...named.values()],
      batch: null,
    };
  }
  switch (directive.kind) {
    case "none":
      return NO_WORK;
    case "infrastructure":
      return { ...NO_WORK, terraform: "infrastructure" };
    case "batch-upgrade":
    case "batch-upgrade-to":
      return { ...NO_WORK, batch: directive };
  }
}
