import { error, fail, ok } from "../diagnostic.js";
import type { Diagnostic, DiagnosticCode, Result } from "../diagnostic.js";
import { quoteText } from "../text.js";
import { isFixed } from "./directive.js";
import type { AnyDirective, FixedDirective, NamedDirectiveShape, Target } from "./directive.js";
import {
  AUTODEPLOY_TAG,
  checkCommitHash,
  checkDeploymentId,
  checkInstanceName,
  checkRepositoryPattern,
  checkVersionPattern,
  forbiddenInText,
  isWhiteSpace,
} from "./grammar.js";
import type { TokenProblem } from "./grammar.js";
import { kindPrefix, NAMED_KINDS, namedKind } from "./kinds.js";
import type { AnyKindTable } from "./kinds.js";

/**
 * The canonical title of a directive: canonical tag spellings, one space after the tags, no
 * white space in lists (`[AutoDeploy][Update] site-a|42,site-b`); legacy directives in their
 * legacy form. Every part is checked with the grammar's own rules, so for a directive this
 * accepts, `parseCommitMessage(title, kinds)` gives the same directive back. Problems point at
 * the offending part with `keyPath` (e.g. `instances.2.name`).
 */
export function composeMessage(d: AnyDirective, kinds: AnyKindTable = NAMED_KINDS): Result<string> {
  const problems = new Problems();
  const title = isFixed(d) ? compose(d, problems) : composeNamed(d, kinds, problems);
  return problems.list.length > 0 || title === null ? fail(problems.list) : ok(title);
}

/** The problems of one directive, each pointing at its part by key path. */
class Problems {
  readonly list: Diagnostic[] = [];

  /** Adds a problem; null, for the composers that then give up. */
  add(code: DiagnosticCode, message: string, keyPath?: string): null {
    this.list.push(error(code, message, keyPath === undefined ? {} : { keyPath }));
    return null;
  }

  /** Checks `value` with one of the grammar's token rules. */
  check(
    rule: (s: string) => TokenProblem | null,
    value: string,
    code: DiagnosticCode,
    keyPath: string,
  ): void {
    const problem = rule(value);
    if (problem !== null) this.add(code, problem.message, keyPath);
  }
}

function compose(d: FixedDirective, problems: Problems): string | null {
  switch (d.kind) {
    case "none":
      return problems.add("nothing-to-compose", "a directive of kind none has no title to compose");
    case "infrastructure":
      checkText(d.text, problems);
      return d.text === "" ? kindPrefix(d.kind) : `${kindPrefix(d.kind)} ${d.text}`;
    case "batch-upgrade":
    case "build-base-image": {
      const targets = checkTargets(d.targets, true, problems);
      if (d.kind === "build-base-image" && targets.some((t) => t.includes("*"))) {
        problems.add("bad-repository", "[Build][Image] takes no '*' wildcards", "targets");
      }
      return `${kindPrefix(d.kind)} ${targets.join(",")}`;
    }
    case "batch-upgrade-to": {
      problems.check(checkCommitHash, d.commit, "bad-commit-hash", "commit");
      const targets = checkTargets(d.targets, false, problems);
      const list = targets.length > 0 ? ` ${targets.join(",")}` : "";
      return `${kindPrefix(d.kind)} ${d.commit}${list}`;
    }
    default:
      return unknownKind(d, problems);
  }
}

function composeNamed(
  d: NamedDirectiveShape,
  kinds: AnyKindTable,
  problems: Problems,
): string | null {
  const row = namedKind(d.kind, kinds);
  if (row === undefined) return unknownKind(d, problems);
  const entries = checkInstances(d.instances, row.ids, problems);
  if (d.legacy !== true || row.legacyAction === null) {
    return `${kindPrefix(row)} ${entries.join(",")}`;
  }
  const [only] = d.instances;
  if (d.instances.length !== 1 || only === undefined) {
    return problems.add(
      "legacy-needs-one-instance",
      "a legacy title names exactly one instance",
      "instances",
    );
  }
  const id = only.deploymentId ?? null;
  const head = id === null ? only.name : `${only.name}:${id}`;
  return `${AUTODEPLOY_TAG} ${head} - ${row.legacyAction}`;
}

/** A directive built by an untyped caller, of a kind neither fixed nor in the table. */
function unknownKind(d: { readonly kind?: unknown }, problems: Problems): null {
  return problems.add("unknown-kind", `unknown directive kind ${quoteText(String(d.kind))}`);
}

function checkText(text: string, problems: Problems): void {
  // Grove's format allows an empty description; lint warns about it.
  if (text === "") return;
  // The parser trims, so untrimmed text would not come back as it went in.
  if (isWhiteSpace(text[0]) || isWhiteSpace(text[text.length - 1])) {
    problems.add("bad-text", "the description must not begin or end with white space", "text");
  }
  const why = forbiddenInText(text);
  if (why !== null) problems.add("bad-text", `the description contains ${why}`, "text");
}

function checkInstances(
  instances: NamedDirectiveShape["instances"],
  withIds: boolean,
  problems: Problems,
): string[] {
  if (instances.length === 0)
    problems.add("empty-list", "the list of instances is empty", "instances");
  const seen = new Set<string>();
  return instances.map((instance, i) => {
    const path = `instances.${i}`;
    problems.check(checkInstanceName, instance.name, "bad-instance-name", `${path}.name`);
    if (seen.has(instance.name)) {
      const message = `instance ${quoteText(instance.name)} is listed twice`;
      problems.add("duplicate-instance", message, `${path}.name`);
    }
    seen.add(instance.name);
    const id = withIds ? (instance.deploymentId ?? null) : null;
    if (id === null) return instance.name;
    problems.check(checkDeploymentId, id, "bad-deployment-id", `${path}.deploymentId`);
    return `${instance.name}|${id}`;
  });
}

function checkTargets(targets: readonly Target[], required: boolean, problems: Problems): string[] {
  if (required && targets.length === 0)
    problems.add("empty-list", "the list of targets is empty", "targets");
  const seen = new Set<string>();
  return targets.map((target, i) => {
    const path = `targets.${i}`;
    problems.check(
      checkRepositoryPattern,
      target.repository,
      "bad-repository",
      `${path}.repository`,
    );
    problems.check(checkVersionPattern, target.version, "bad-version", `${path}.version`);
    const key = `${target.repository}|${target.version}`;
    if (seen.has(key))
      problems.add("duplicate-target", `target ${quoteText(key)} is listed twice`, path);
    seen.add(key);
    return key;
  });
}
