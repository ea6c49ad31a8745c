import { error, fail, ok } from "../diagnostic.js";
import type { Diagnostic, DiagnosticCode, Result } from "../diagnostic.js";
import { quoteText } from "../text.js";
import type { Directive, InstanceRequest, NamedDirectiveShape, Target } from "./directive.js";
import {
  checkCommitHash,
  checkDeploymentId,
  checkInstanceName,
  checkRepositoryPattern,
  checkVersionPattern,
  forbiddenInText,
} from "./grammar.js";
import type { TokenProblem } from "./grammar.js";
import { NAMED_KINDS, taggedKinds } from "./kinds.js";
import type { AnyKindTable, FixedTaggedKind, KindTable } from "./kinds.js";
import { trimmedPiece } from "./lists.js";

const FIXED_ARGS: Readonly<Record<FixedTaggedKind, string>> = {
  infrastructure: "TEXT...",
  "batch-upgrade": "REPO|VERSION...",
  "batch-upgrade-to": "HASH [REPO|VERSION...]",
  "build-base-image": "REPO|VERSION...",
};

/** The kinds `grove-pipelines message KIND ARGS…` knows with `kinds`, and the arguments each takes. */
export function composeKinds(kinds: AnyKindTable = NAMED_KINDS): Readonly<Record<string, string>> {
  return Object.fromEntries(
    taggedKinds(kinds).map((k) => [
      k.kind,
      k.named === null ? FIXED_ARGS[k.kind] : k.named.ids ? "NAME[:ID]..." : "NAME...",
    ]),
  );
}

export const COMPOSE_KINDS = composeKinds();

type Problems = Diagnostic[];

/** Diagnostics name the argument: `column` is its 1-based index among `args`. */
function argError(problems: Problems, code: DiagnosticCode, index: number, message: string): void {
  problems.push(error(code, `argument ${index + 1}: ${message}`, { column: index + 1 }));
}

/**
 * Reads the arguments of `grove-pipelines message KIND ARGS…` into a directive of `kinds`, checked
 * by the same grammar rules as a title, so `composeMessage` accepts every directive this returns.
 * `NAME:ID` and `NAME|ID` are both accepted for an instance (`:` needs no shell quoting);
 * infrastructure text is the arguments joined by single spaces. Arguments are trimmed of spaces
 * and tabs.
 */
export function parseComposeArgs<X extends NamedDirectiveShape = never, Y extends string = never>(
  kind: string,
  args: readonly string[],
  kinds: KindTable<X, Y> = NAMED_KINDS,
): Result<Directive | NoInfer<X>> {
  const problems: Problems = [];
  const trimmed = args.map((arg) => trimmedPiece(arg, 0, arg.length).text);
  const directive = build(kind, trimmed, problems, kinds);
  return directive === null || problems.length > 0 ? fail(problems) : ok(directive);
}

function build<X extends NamedDirectiveShape, Y extends string>(
  kind: string,
  args: string[],
  problems: Problems,
  kinds: KindTable<X, Y>,
): Directive | X | null {
  const found = taggedKinds(kinds).find((k) => k.kind === kind);
  if (found === undefined) {
    problems.push(
      error(
        "unknown-kind",
        `unknown message kind ${quoteText(kind)}; expected one of ${Object.keys(composeKinds(kinds)).join(", ")}`,
      ),
    );
    return null;
  }
  if (found.named !== null)
    return found.named.directive(instances(args, found.named.ids, problems));
  switch (found.kind) {
    case "infrastructure":
      return { kind: found.kind, text: infrastructureText(args, problems) };
    case "batch-upgrade":
      requireSome(args, 0, "REPO|VERSION targets", problems);
      return { kind: found.kind, targets: targets(args, 0, problems) };
    case "build-base-image":
      requireSome(args, 0, "REPO|VERSION targets", problems);
      args.forEach((arg, index) => {
        if (arg.includes("*"))
          argError(problems, "bad-repository", index, "[Build][Image] takes no '*' wildcards");
      });
      return { kind: found.kind, targets: targets(args, 0, problems) };
    case "batch-upgrade-to": {
      const [commit = ""] = args;
      if (commit === "") {
        problems.push(error("missing-commit-hash", "expected a commit hash as the first argument"));
      } else {
        checkArg(checkCommitHash, commit, "bad-commit-hash", 0, problems);
      }
      return { kind: found.kind, commit, targets: targets(args, 1, problems) };
    }
  }
}

function checkArg(
  rule: (s: string) => TokenProblem | null,
  value: string,
  code: DiagnosticCode,
  index: number,
  problems: Problems,
): boolean {
  const problem = rule(value);
  if (problem !== null) argError(problems, code, index, problem.message);
  return problem === null;
}

function requireSome(args: string[], from: number, what: string, problems: Problems): void {
  if (args.length <= from) problems.push(error("empty-list", `expected at least one of ${what}`));
}

function infrastructureText(args: string[], problems: Problems): string {
  const text = args.filter((a) => a !== "").join(" ");
  if (text === "") problems.push(error("missing-text", "expected a description of the change"));
  args.forEach((arg, index) => {
    const why = forbiddenInText(arg);
    if (why !== null) argError(problems, "bad-text", index, `the description contains ${why}`);
  });
  return text;
}

function instances(args: string[], withIds: boolean, problems: Problems): InstanceRequest[] {
  requireSome(args, 0, "instance names", problems);
  const seen = new Set<string>();
  const out: InstanceRequest[] = [];
  args.forEach((arg, index) => {
    const cut = arg.search(/[:|]/);
    const name = cut < 0 ? arg : arg.slice(0, cut);
    const id = cut < 0 ? null : arg.slice(cut + 1);
    if (!checkArg(checkInstanceName, name, "bad-instance-name", index, problems)) return;
    if (id !== null && !withIds) {
      argError(
        problems,
        "id-not-allowed",
        index,
        `${quoteText(arg)}: expected a name without an id`,
      );
      return;
    }
    if (id !== null && !checkArg(checkDeploymentId, id, "bad-deployment-id", index, problems))
      return;
    if (seen.has(name)) {
      argError(problems, "duplicate-instance", index, `instance ${quoteText(name)} is given twice`);
      return;
    }
    seen.add(name);
    out.push({ name, deploymentId: id });
  });
  return out;
}

function targets(args: string[], from: number, problems: Problems): Target[] {
  const seen = new Set<string>();
  const out: Target[] = [];
  args.forEach((arg, index) => {
    if (index < from) return;
    const bar = arg.indexOf("|");
    if (bar < 0) {
      argError(problems, "missing-version", index, `${quoteText(arg)}: expected REPO|VERSION`);
      return;
    }
    const repository = arg.slice(0, bar);
    const version = arg.slice(bar + 1);
    if (repository === "") {
      argError(problems, "missing-repository", index, `${quoteText(arg)}: missing REPO before '|'`);
      return;
    }
    const goodRepository = checkArg(
      checkRepositoryPattern,
      repository,
      "bad-repository",
      index,
      problems,
    );
    const goodVersion = checkArg(checkVersionPattern, version, "bad-version", index, problems);
    if (!goodRepository || !goodVersion) return;
    if (seen.has(arg)) {
      argError(problems, "duplicate-target", index, `target ${quoteText(arg)} is given twice`);
      return;
    }
    seen.add(arg);
    out.push({ repository, version });
  });
  return out;
}
