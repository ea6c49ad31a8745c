import path from "node:path";
import { describeDirective } from "./describeDirective.js";
import { InvalidInputError } from "../errors.js";
import { explainInstance } from "../plan/explainInstance.js";
import { combineDirectives } from "../plan/combineDirectives.js";
import type { PlanJob } from "../plan/plan.js";
import { snapshotNeeds } from "../plan/snapshotNeeds.js";
import { unknownInstances } from "../plan/unknownInstances.js";
import { parseCommits } from "../planCommits.js";
import { loadSettings } from "../repo/loadSettings.js";
import { loadSnapshot } from "../repo/loadSnapshot.js";
import type { RepoSnapshot } from "../repo/snapshot.js";
import type { Result } from "../diagnostic.js";
import { EXIT, type ExitCode } from "./exitCodes.js";
import { formatDiagnostic } from "./formatDiagnostic.js";
import type { CliIO } from "./io.js";
import { palette } from "./palette.js";
import { resolveMessages } from "./resolveMessages.js";
import type { PlanSourceOptions } from "./resolvePlan.js";
import { sanitizeForTerminal } from "./sanitize.js";
import { useColor } from "./useColor.js";

export interface ExplainOptions extends PlanSourceOptions {
  readonly json?: boolean;
}

interface CommitExplanation {
  readonly sha: string;
  readonly directive: string;
  readonly included: boolean;
  readonly reasons: readonly string[];
}

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new InvalidInputError(result.diagnostics);
  return result.value;
}

function exists(name: string, snapshot: RepoSnapshot): boolean {
  return (
    snapshot.instances.has(name) ||
    snapshot.invalid.some((i) => i.instance === name) ||
    (snapshot.allNames ?? []).includes(name)
  );
}

/**
 * `explain INSTANCE`: why the plan of the commit(s) does or does not touch one instance, rule by
 * rule (explainInstance), and the jobs the plan really gives it. The instance is read even when
 * the directive does not name it, so "not named" and "does not exist" are told apart; a name that
 * does not exist is an error (exit 1) with the closest names. When the plan itself fails (a batch
 * target that matches nothing), the explanation is printed and the plan's errors make it exit 1.
 */
export function explainCommand(io: CliIO, instance: string, options: ExplainOptions): ExitCode {
  const repo = path.resolve(io.cwd, options.repo ?? ".");
  const messages = resolveMessages(io, repo, options);
  const parsed = parseCommits(messages.commits);
  const commits = unwrap(parsed);
  const { settings } = unwrap(loadSettings(repo));
  const needs = snapshotNeeds(commits.map((c) => c.directive));
  const loaded = loadSnapshot(
    repo,
    settings,
    { names: [...needs.names, instance], all: needs.all },
    { skipInvalid: options.skipInvalid ?? false },
  );
  const snapshot = unwrap(loaded);
  if (!exists(instance, snapshot))
    throw new InvalidInputError(unknownInstances([instance], snapshot));

  const explanations: CommitExplanation[] = commits.map((c) => {
    const e = explainInstance(instance, c.directive, snapshot);
    return {
      sha: c.sha,
      directive: describeDirective(c.directive),
      included: e.included,
      reasons: e.lines,
    };
  });
  // The plan itself is the last word: its jobs for the instance, when it can be built.
  const plan = combineDirectives(commits, snapshot);
  const jobs = plan.ok ? plan.value.jobs.filter((j) => j.instance === instance) : null;
  const included = jobs === null ? explanations.some((e) => e.included) : jobs.length > 0;
  if (parsed.ok) for (const w of parsed.warnings) io.stderr(`${formatDiagnostic(w)}\n`);

  if (options.json === true) {
    const body = {
      instance,
      included,
      explanations,
      jobs:
        jobs?.map((j) => ({ name: j.name, kind: j.kind, stage: j.stage, wave: j.wave })) ?? null,
      planErrors: plan.ok ? [] : plan.diagnostics.map((d) => d.message),
    };
    io.stdout(`${JSON.stringify(body, null, 2)}\n`);
    return plan.ok ? EXIT.ok : EXIT.invalid;
  }
  io.stdout(
    formatExplanation(instance, included, explanations, jobs, useColor(io), messages.source),
  );
  // The explanation still helps, but a plan that fails is the same failure `plan` reports.
  if (!plan.ok) for (const d of plan.diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
  return plan.ok ? EXIT.ok : EXIT.invalid;
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
