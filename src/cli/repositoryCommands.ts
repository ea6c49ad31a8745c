/**
 * The commands that answer questions about the cluster's instances: `explain` (why one instance
 * is or is not in the plan) and `instances` (every instance and its batch eligibility).
 */

import path from "node:path";
import { formatLocation } from "../diagnostic.js";
import type { PlanJob } from "../plan/plan.js";
import { explainCommits } from "../pipeline/explainCommits.js";
import { listInstances, type InstanceRow } from "../pipeline/listInstances.js";
import { sanitizeForTerminal } from "../text.js";
import {
  EXIT,
  formatDiagnostic,
  printJson,
  printDiagnostics,
  unwrap,
  type CliIO,
  type ExitCode,
} from "./io.js";
import { resolveMessages, type PlanSourceOptions } from "./messageSource.js";
import { describeDirective } from "./planOutput.js";
import { formatTable, palette, useColor } from "./style.js";

interface ExplainOptions extends PlanSourceOptions {
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
  const explained = explainCommits(repo, messages.commits, instance, {
    skipInvalid: options.skipInvalid,
  });
  const { included, jobs, planErrors, commits } = unwrap(io, explained);
  const explanations = commits.map((c): CommitExplanation => ({
    ...c,
    directive: describeDirective(c.directive),
  }));

  if (options.json === true) {
    const body = {
      instance,
      included,
      explanations,
      jobs:
        jobs?.map((j) => ({
          name: j.name,
          kind: j.kind,
          stage: j.stage,
          wave: j.wave,
          ...(j.environment === undefined ? {} : { environment: j.environment }),
        })) ?? null,
      planErrors: planErrors.map((d) => d.message),
    };
    printJson(io, body);
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
    const rows = jobs.map((j) => {
      const wave = j.wave === null ? "" : `, wave ${j.wave}`;
      return { cells: [safe(j.name), `(stage ${safe(j.stage)}${wave})`] };
    });
    const table = formatTable(rows, (cell, column) => (column === 1 ? p.dim(cell) : cell));
    for (const { line } of table) out.push(`  ${line}`);
    // The GitLab environment the jobs start or stop: its link and tier, checked values.
    const environment = jobs.find((j) => j.environment !== undefined)?.environment;
    if (environment !== undefined) {
      const link =
        environment.url === null
          ? "no URL (config.yml has no LMS_HOST host name)"
          : environment.url;
      out.push(
        "",
        `${p.bold("Environment:")} ${safe(instance)}, ${safe(link)}, tier ${environment.tier}`,
      );
    }
  }
  return `${out.join("\n")}\n`;
}

interface InstancesOptions {
  readonly repo?: string;
  readonly json?: boolean;
}

/**
 * `instances`: every instance of the cluster with its normalised repository, version and batch
 * eligibility (with the reason). Unreadable instances are listed with their first problem and make
 * the exit code 1, after everything readable has been shown.
 */
export function instancesCommand(io: CliIO, options: InstancesOptions): ExitCode {
  const listed = listInstances(path.resolve(io.cwd, options.repo ?? "."));
  const { instances: rows, unreadable: invalid } = unwrap(io, listed);

  if (options.json === true) {
    const body = {
      instances: rows,
      unreadable: invalid.map((i) => ({
        name: i.instance,
        errors: i.diagnostics.map((d) => ({
          where: formatLocation(d) ?? null,
          message: d.message,
        })),
      })),
    };
    printJson(io, body);
  } else {
    io.stdout(
      formatInstances(
        rows,
        invalid.map((i) => i.instance),
        useColor(io),
      ),
    );
    for (const i of invalid) for (const d of i.diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
  }
  return invalid.length > 0 ? EXIT.invalid : EXIT.ok;
}

function formatInstances(
  rows: readonly InstanceRow[],
  unreadable: readonly string[],
  color: boolean,
): string {
  const p = palette(color);
  const safe = sanitizeForTerminal;
  const header = ["INSTANCE", "REPOSITORY (normalised)", "VERSION", "BATCH", "WHY"];
  const table = formatTable([
    { cells: header, header: true, eligible: true },
    ...rows.map((r) => ({
      cells: [
        safe(r.name),
        safe(r.normalizedRepository ?? "-") + (r.repositoryFromDefault ? " (default)" : ""),
        safe(r.version ?? "-") + (r.versionFromDefault ? " (default)" : ""),
        r.batchEligible ? "yes" : "no",
        safe(r.reason),
      ],
      header: false,
      eligible: r.batchEligible,
    })),
    ...unreadable.map((name) => ({
      cells: [safe(name), "-", "-", "no", "unreadable (errors below)"],
      header: false,
      eligible: false,
    })),
  ]);
  // Whole lines are coloured, after alignment: escape codes have no width.
  const styled = table.map(({ row, line }) =>
    row.header ? p.bold(line) : row.eligible ? line : p.yellow(line),
  );
  const eligibleCount = rows.filter((r) => r.batchEligible).length;
  const total = rows.length + unreadable.length;
  const summary =
    `${total} instance${total === 1 ? "" : "s"}: ${eligibleCount} batch-eligible` +
    (unreadable.length > 0 ? `, ${unreadable.length} unreadable` : "");
  return `${[...styled, "", p.bold(summary)].join("\n")}\n`;
}
