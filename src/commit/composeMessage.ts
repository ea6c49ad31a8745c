import { error, fail, ok } from "../diagnostic.js";
import type { Diagnostic, DiagnosticCode, Result } from "../diagnostic.js";
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
import { quoteText } from "../text.js";

/**
 * The canonical title of a directive: canonical tag spellings, one space after the tags, no
 * white space in lists (`[AutoDeploy][Update] site-a|42,site-b`); legacy directives in their
 * legacy form. Every part is checked with the grammar's own rules, so for a directive this
 * accepts, `parseCommitMessage(title, kinds)` gives the same directive back. Problems point at
 * the offending part with `keyPath` (e.g. `instances.2.name`).
 */
export function composeMessage(d: AnyDirective, kinds: AnyKindTable = NAMED_KINDS): Result<string> {
  const problems: Diagnostic[] = [];
  const title = isFixed(d) ? compose(d, problems) : composeNamed(d, kinds, problems);
  return problems.length > 0 || title === null ? fail(problems) : ok(title);
}

function compose(d: FixedDirective, problems: Diagnostic[]): string | null {
  switch (d.kind) {
    case "none":
      problems.push(
        error("nothing-to-compose", "a directive of kind none has no title to compose"),
      );
      return null;
    case "infrastructure":
      checkText(d.text, problems);
      return `${kindPrefix(d.kind)} ${d.text}`;
    case "batch-upgrade": {
      const targets = checkTargets(d.targets, true, problems);
      return `${kindPrefix(d.kind)} ${targets.join(",")}`;
    }
    case "batch-upgrade-to": {
      check(checkCommitHash, d.commit, "bad-commit-hash", "commit", problems);
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
  problems: Diagnostic[],
): string | null {
  const row = namedKind(d.kind, kinds);
  if (row === undefined) return unknownKind(d, problems);
  const entries = checkInstances(d.instances, row.ids, problems);
  if (d.legacy !== true || row.legacyAction === null) {
    return `${kindPrefix(row)} ${entries.join(",")}`;
  }
  const [only] = d.instances;
  if (d.instances.length !== 1 || only === undefined) {
    problems.push(
      error("legacy-needs-one-instance", "a legacy title names exactly one instance", {
        keyPath: "instances",
      }),
    );
    return null;
  }
  const id = only.deploymentId ?? null;
  const head = id === null ? only.name : `${only.name}:${id}`;
  return `${AUTODEPLOY_TAG} ${head} - ${row.legacyAction}`;
}

/** A directive built by an untyped caller, of a kind neither fixed nor in the table. */
function unknownKind(d: { readonly kind?: unknown }, problems: Diagnostic[]): null {
  problems.push(error("unknown-kind", `unknown directive kind ${quoteText(String(d.kind))}`));
  return null;
}

function check(
  rule: (s: string) => TokenProblem | null,
  value: string,
  code: DiagnosticCode,
  keyPath: string,
  problems: Diagnostic[],
): void {
  const problem = rule(value);
  if (problem !== null) problems.push(error(code, problem.message, { keyPath }));
}

function checkText(text: string, problems: Diagnostic[]): void {
  if (text === "") {
    problems.push(
      error("missing-text", "[Infrastructure] needs a description", { keyPath: "text" }),
    );
    return;
  }
  // The parser trims, so untrimmed text would not come back as it went in.
  if (isWhiteSpace(text[0]) || isWhiteSpace(text[text.length - 1])) {
    problems.push(
      error("bad-text", "the description must not begin or end with white space", {
        keyPath: "text",
      }),
    );
  }
  const why = forbiddenInText(text);
  if (why !== null) {
    problems.push(error("bad-text", `the description contains ${why}`, { keyPath: "text" }));
  }
}

function checkInstances(
  instances: NamedDirectiveShape["instances"],
  withIds: boolean,
  problems: Diagnostic[],
): string[] {
  if (instances.length === 0) {
    problems.push(error("empty-list", "the list of instances is empty", { keyPath: "instances" }));
  }
  const seen = new Set<string>();
  return instances.map((instance, i) => {
    const path = `instances.${i}`;
    check(checkInstanceName, instance.name, "bad-instance-name", `${path}.name`, problems);
    if (seen.has(instance.name)) {
      problems.push(
        error("duplicate-instance", `instance ${quoteText(instance.name)} is listed twice`, {
          keyPath: `${path}.name`,
        }),
      );
    }
    seen.add(instance.name);
    const id = withIds ? (instance.deploymentId ?? null) : null;
    if (id === null) return instance.name;
    check(checkDeploymentId, id, "bad-deployment-id", `${path}.deploymentId`, problems);
    return `${instance.name}|${id}`;
  });
}

function checkTargets(
  targets: readonly Target[],
  required: boolean,
  problems: Diagnostic[],
): string[] {
  if (required && targets.length === 0) {
    problems.push(error("empty-list", "the list of targets is empty", { keyPath: "targets" }));
  }
  const seen = new Set<string>();
  return targets.map((target, i) => {
    const path = `targets.${i}`;
    check(
      checkRepositoryPattern,
      target.repository,
      "bad-repository",
      `${path}.repository`,
      problems,
    );
    check(checkVersionPattern, target.version, "bad-version", `${path}.version`, problems);
    const key = `${target.repository}|${target.version}`;
    if (seen.has(key)) {
      problems.push(
        error("duplicate-target", `target ${quoteText(key)} is listed twice`, { keyPath: path }),
      );
    }
    seen.add(key);
    return key;
  });
}
