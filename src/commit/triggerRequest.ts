import { error, fail, ok } from "../diagnostic.js";
import type { Diagnostic, Result } from "../diagnostic.js";
import { quoteText } from "../text.js";
import type { RequestDirective, RequestKind } from "./directive.js";
import { checkInstanceName } from "./grammar.js";

/**
 * The requests of Grove's trigger client (OCIM), which starts pipelines on the deploy branch
 * through GitLab's trigger API and says what it wants in variables rather than in a title: a
 * new deployment (`NEW_INSTANCE_TRIGGER=1`, `INSTANCE_NAME`, `DEPLOYMENT_REQUEST_ID`), an archive
 * or a deletion (`ARCHIVE_INSTANCE_TRIGGER` / `DELETE_INSTANCE_TRIGGER`, `INSTANCE_NAME`), or the
 * abort of a running deployment (`ABORT_DEPLOYMENT_TRIGGER=True`, `PIPELINE_ID`). The client
 * sends more variables (TUTOR_*, ENV_*, theme settings) for the job that writes the instance's
 * configuration; they are not ours to judge, and are not read here.
 *
 * Trigger variables are untrusted: each value is checked as a title's would be (names by the
 * grammar, ids numeric as the client sends them), and every problem names its variable.
 */

/** One request the client can make: the variable that says so, and the variables it needs. */
interface RequestRow {
  readonly trigger: string;
  readonly kind: RequestKind;
  readonly needs: readonly RequestVariable[];
}

type RequestVariable = "INSTANCE_NAME" | "DEPLOYMENT_REQUEST_ID" | "PIPELINE_ID";

const REQUESTS: readonly RequestRow[] = [
  {
    trigger: "NEW_INSTANCE_TRIGGER",
    kind: "new-instance-request",
    needs: ["INSTANCE_NAME", "DEPLOYMENT_REQUEST_ID"],
  },
  { trigger: "ARCHIVE_INSTANCE_TRIGGER", kind: "archive-request", needs: ["INSTANCE_NAME"] },
  { trigger: "DELETE_INSTANCE_TRIGGER", kind: "delete-request", needs: ["INSTANCE_NAME"] },
  { trigger: "ABORT_DEPLOYMENT_TRIGGER", kind: "abort-deployment", needs: ["PIPELINE_ID"] },
];

/** The variables that say which request a pipeline carries. */
export const TRIGGER_VARIABLES: readonly string[] = REQUESTS.map((r) => r.trigger);

/** The client sends `1` (new instance) and Python's `True` (abort); YAML 1.1's other trues too. */
const TRUE_VALUES = new Set(["1", "true", "yes", "on"]);

/** GitLab's ids are positive integers; 20 digits hold any 64-bit one. */
const NUMERIC_ID = /^[1-9][0-9]{0,19}$/;

const isTriggerName = (name: string): boolean => /^[A-Z][A-Z0-9_]*_TRIGGER$/.test(name);

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The trigger client's request in `env`, null when it carries none, or every problem at once:
 * two requests, an unknown `*_TRIGGER` variable, a missing or malformed value.
 */
export function readTriggerRequest(env: Env): Result<RequestDirective | null> {
  const problems: Diagnostic[] = [];
  const asked: RequestRow[] = [];
  for (const name of Object.keys(env).filter(isTriggerName).sort()) {
    const value = env[name] ?? "";
    if (value === "") continue;
    const row = REQUESTS.find((r) => r.trigger === name);
    if (row === undefined) {
      problems.push(
        error(
          "unknown-trigger",
          `the variable ${name} asks for a request grove-pipelines does not know; the trigger client's requests are ${TRIGGER_VARIABLES.join(", ")}`,
        ),
      );
    } else if (!TRUE_VALUES.has(value.toLowerCase())) {
      problems.push(
        error(
          "bad-trigger-variable",
          `the variable ${name} is ${quoteText(value)}; the trigger client sets it to 1 or True`,
        ),
      );
    } else {
      asked.push(row);
    }
  }
  if (asked.length > 1) {
    problems.push(
      error(
        "conflicting-triggers",
        `the variables ${asked.map((r) => r.trigger).join(" and ")} ask for two requests in one pipeline; the trigger client sends one at a time`,
      ),
    );
  }
  const [row] = asked;
  if (problems.length > 0 || row === undefined)
    return problems.length > 0 ? fail(problems) : ok(null);
  const values = new Map<RequestVariable, string>();
  for (const variable of row.needs) {
    const value = env[variable];
    const problem =
      value === undefined || value === "" ? "is not set" : checkValue(variable, value);
    if (problem === null && value !== undefined) values.set(variable, value);
    else
      problems.push(
        error(
          "bad-trigger-variable",
          `${row.trigger} needs the variable ${variable}, which ${problem}`,
        ),
      );
  }
  if (problems.length > 0) return fail(problems);
  const get = (variable: RequestVariable): string => values.get(variable) ?? "";
  switch (row.kind) {
    case "new-instance-request":
      return ok({
        kind: row.kind,
        instance: get("INSTANCE_NAME"),
        deploymentId: get("DEPLOYMENT_REQUEST_ID"),
      });
    case "archive-request":
    case "delete-request":
      return ok({ kind: row.kind, instance: get("INSTANCE_NAME") });
    case "abort-deployment":
      return ok({ kind: row.kind, pipelineId: get("PIPELINE_ID") });
  }
}

/** What is wrong with a request variable's value ("is ..."), or null. */
function checkValue(variable: RequestVariable, value: string): string | null {
  if (variable === "INSTANCE_NAME") {
    const problem = checkInstanceName(value);
    return problem === null ? null : `is not an instance name: ${problem.message}`;
  }
  return NUMERIC_ID.test(value)
    ? null
    : `is ${quoteText(value)}, not a number as the trigger client sends it`;
}
