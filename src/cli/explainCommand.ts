import path from "node:path";
import { describeDirective } from "./describeDirective.js";
import { InvalidInputError } from "../errors.js";
import type { PlanJob } from "../plan/plan.js";
import { explainCommits } from "../pipeline/explainCommits.js";
import { EXIT, type ExitCode } from "./exitCodes.js";
import { formatDiagnostic } from "./formatDiagnostic.js";
import type { CliIO } from "./io.js";
import { palette } from "./palette.js";
import { printDiagnostics } from "./printDiagnostics.js";
import { resolveMessages } from "./resolveMessages.js";
import type { PlanSourceOptions } from "./resolvePlan.js";
import { sanitizeForTerminal } from "../text.js";
import { useColor } from "./useColor.js";

export interface ExplainOptions extends PlanSourceOptions {
  readonly json?: boolean;
}

/** One commit's part of the explanation, as printed (and as `--json` gives it). */
interface CommitExplanation {
  readonly sha: string;
  readonly directive: string;
  readonly included: boolean;
  readonly reasons: readonly string[];
}

/**
 * `explain INSTANCE`: why the plan of the commit(s) does or does not touch one instance, rule by
 * rule, and the jobs the plan really gives it (see explainCommits). A name that does not exist is
 * an error (exit 1) with the closest names. When the plan itself fails (a batch target that
 * matches nothing), the explanation is printed and the plan's errors make it exit 1.
 */
export function explainCommand(io: CliIO, instance: string, options: ExplainOptions): ExitCode {
  const repo = path.resolve(io.cwd, options.repo ?? ".");
  const messages = resolveMessages(io, repo, options);
  const result = explainCommits(repo, messages.commits, instance, {
    skipInvalid: options.skipInvalid,
  });
  if (!result.ok) throw new InvalidInputError(result.diagnostics);
  for (const w of result.warnings) io.stderr(`${formatDiagnostic(w)}\n`);
  const { included, jobs, planErrors } = result.value;
  const explanations = result.value.commits.map((c): CommitExplanation => ({
    ...c,
    directive: describeDirective(c.directive),
  }));

  if (options.json === true) {
    const body = {
      instance,
      included,
      explanations,
      jobs:
        jobs?.map((j) => ({ name: j.name, kind: j.kind, stage: j.stage, wave: j.wave })) ?? null,
      planErrors: planErrors.map((d) => d.message),
    };
    io.stdout(`${JSON.stringify(body, null, 2)}\n`);
    return planErrors.length === 0 ? EXIT.ok : EXIT.invalid;
  }
  io.stdout(
    formatExplanation(instance, included, explanations, jobs, useColor(io), messages.source),
  );
  // The explanation still helps, but a plan that fails is the same failure `plan` reports.
  printDiagnostics(io, planErrors);
  return planErrors.length === 0 ? EXIT.ok : EXIT.invalid;
}

function formatExplanation(
  instance: string,
  included: boolean,
  explanations: readonly CommitExplanation[],
  jobs: readonly PlanJob[] | null,
  color: boolean,
  source: string,
): string {
  const p = palette(color);
  const safe = sanitizeForTerminal;
  const verdict = included ? p.green("is in the plan") : p.yellow("is not in the plan");
  const out = [`${p.bold(safe(instance))} ${verdict}  ${p.dim(`(message from ${safe(source)})`)}`];
  const many = explanations.length > 1;
  for (const e of explanations) {
    if (many) out.push("", p.bold(`commit ${safe(e.sha.slice(0, 8))}: ${safe(e.directive)}`));
    for (const line of e.reasons) out.push(`  ${safe(line)}`);
  }
  if (jobs !== null && jobs.length > 0) {
    out.push("", p.bold("Jobs:"));
    const width = Math.max(...jobs.map((j) => safe(j.name).length));
    for (const j of jobs) {
      const wave = j.wave === null ? "" : `, wave ${j.wave}`;
      out.push(`  ${safe(j.name).padEnd(width)}  ${p.dim(`(stage ${safe(j.stage)}${wave})`)}`);
    }
  }
  return `${out.join("\n")}\n`;
}
