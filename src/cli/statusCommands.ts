/**
 * The commands that read the deploy branch's past: `status` (each instance's last deployment
 * request and whether its folder changed since) and `history INSTANCE` (its requests, newest
 * first). Values from commits reach the output through sanitizeForTerminal, and in Markdown
 * through code spans.
 */

import path from "node:path";
import type { DeploymentRequest, HistoryScope, InstanceStatus } from "../pipeline/status.js";
import { clusterStatus, instanceHistory } from "../pipeline/status.js";
import { sanitizeForTerminal } from "../text.js";
import {
  EXIT,
  JSON_FORMAT_VERSION,
  printJson,
  unwrap,
  UsageError,
  withJsonErrors,
  type CliIO,
  type ExitCode,
} from "./io.js";
import { cellCode, code } from "./planMarkdown.js";
import { formatTable, palette, useColor } from "./style.js";

export const STATUS_FORMATS = ["text", "markdown", "json"] as const;
type StatusFormat = (typeof STATUS_FORMATS)[number];

interface StatusOptions {
  readonly repo?: string;
  readonly ref?: string;
  readonly format?: StatusFormat;
  readonly json?: boolean;
}

function formatOf(options: StatusOptions): StatusFormat {
  const format = options.format ?? "text";
  if (options.json !== true) return format;
  if (format !== "text" && format !== "json") {
    throw new UsageError(`--json asks for JSON but --format asks for ${format}: give one of them`);
  }
  return "json";
}

const SHORT = 8;
const short = (sha: string): string => sha.slice(0, SHORT);

/** `status`: every instance of the ref's tree, in sync, out of sync or never deployed. */
export function statusCommand(io: CliIO, options: StatusOptions): ExitCode {
  // A command line that asks for two formats is refused before any output is chosen.
  const format = formatOf(options);
  return withJsonErrors(io, format === "json", () => showStatus(io, options, format));
}

function showStatus(io: CliIO, options: StatusOptions, format: StatusFormat): ExitCode {
  const repo = path.resolve(io.cwd, options.repo ?? ".");
  const status = unwrap(io, clusterStatus(repo, { ref: options.ref }));
  switch (format) {
    case "json":
      printJson(io, {
        formatVersion: JSON_FORMAT_VERSION,
        ...scopeJson(status),
        instances: status.instances.map(statusJson),
      });
      break;
    case "markdown":
      io.stdout(statusMarkdown(status, status.instances));
      break;
    case "text":
      io.stdout(statusText(status, status.instances, useColor(io)));
      break;
  }
  return EXIT.ok;
}

/** `history INSTANCE`: the instance's requests, newest first. */
export function historyCommand(io: CliIO, instance: string, options: StatusOptions): ExitCode {
  const format = formatOf(options);
  return withJsonErrors(io, format === "json", () => showHistory(io, instance, options, format));
}

function showHistory(
  io: CliIO,
  instance: string,
  options: StatusOptions,
  format: StatusFormat,
): ExitCode {
  const repo = path.resolve(io.cwd, options.repo ?? ".");
  const history = unwrap(io, instanceHistory(repo, instance, { ref: options.ref }));
  if (format === "json") {
    printJson(io, {
      formatVersion: JSON_FORMAT_VERSION,
      ...scopeJson(history),
      ...statusJson(history.status),
      requests: history.requests.map(requestJson),
    });
    return EXIT.ok;
  }
  const p = palette(format === "text" && useColor(io));
  const safe = sanitizeForTerminal;
  const s = history.status;
  const out: string[] = [];
  if (format === "markdown") {
    out.push(`## Deployment history of ${code(instance)}`, "", `**${stateLine(s)}**`, "");
    out.push("| Date | Commit | Kind | Deployment id | Batch |", "| --- | --- | --- | --- | --- |");
    for (const r of history.requests) {
      out.push(
        `| ${cellCode(r.date)} | ${cellCode(short(r.commit))} | ${cellCode(r.kind)} | ${r.deploymentId === null ? "—" : cellCode(r.deploymentId)} | ${r.batch ? "yes" : "no"} |`,
      );
    }
    if (history.requests.length === 0) out.push("| — | — | — | — | — |");
  } else {
    out.push(`${p.bold(safe(instance))}: ${stateLine(s)}`, "");
    const rows = [
      { cells: ["DATE", "COMMIT", "KIND", "DEPLOYMENT ID", "BATCH"], header: true },
      ...history.requests.map((r) => ({
        cells: [
          safe(r.date),
          short(r.commit),
          safe(r.kind),
          safe(r.deploymentId ?? "-"),
          r.batch ? "yes" : "no",
        ],
        header: false,
      })),
    ];
    if (history.requests.length === 0) out.push("No deployment request in the history read.");
    else for (const { row, line } of formatTable(rows)) out.push(row.header ? p.bold(line) : line);
  }
  out.push("", ...scopeLines(history, format === "markdown"));
  // The text's values were made safe one by one, so colour survives; Markdown has none.
  const text = `${out.join("\n")}\n`;
  io.stdout(format === "markdown" ? safe(text) : text);
  return EXIT.ok;
}

function stateLine(s: InstanceStatus): string {
  switch (s.state) {
    case "in-sync":
      return "in sync: nothing changed in its folder since its last request";
    case "never-deployed":
      return s.changedSince.length === 0
        ? "never deployed (no request in the history read)"
        : `never deployed: ${changes(s.changedSince)} and no request`;
    case "out-of-sync":
      return `out of sync: ${changes(s.changedSince)} since its last request`;
  }
}

function changes(shas: readonly string[]): string {
  const n = shas.length;
  const listed = shas.slice(-3).map(short).reverse().join(", ");
  return `${n} commit${n === 1 ? "" : "s"} changed its folder (${n > 3 ? `newest ${listed}, ...` : listed})`;
}

function requestJson(r: DeploymentRequest): unknown {
  return {
    commit: r.commit,
    date: r.date,
    kind: r.kind,
    deploymentId: r.deploymentId,
    batch: r.batch,
  };
}

function statusJson(s: InstanceStatus): Record<string, unknown> {
  return {
    name: s.name,
    state: s.state,
    lastRequest: s.lastRequest === null ? null : requestJson(s.lastRequest),
    outOfSync: s.outOfSync,
    changedSince: s.changedSince,
  };
}

function scopeJson(scope: HistoryScope): Record<string, unknown> {
  return {
    ref: scope.ref,
    head: scope.head,
    commitsRead: scope.commitsRead,
    shallow: scope.shallow,
    uncounted: scope.uncounted.map((u) => ({ commit: u.commit, reason: u.reason })),
    notes: scope.notes,
  };
}

function lastRequestText(r: DeploymentRequest | null): string {
  if (r === null) return "-";
  const id = r.deploymentId === null ? "" : ` id ${r.deploymentId}`;
  return `${r.date} ${short(r.commit)} ${r.kind}${r.batch ? " (batch)" : ""}${id}`;
}

function changedText(s: InstanceStatus): string {
  const n = s.changedSince.length;
  if (n === 0) return "-";
  const newest = s.changedSince[n - 1] ?? "";
  return `${n} commit${n === 1 ? "" : "s"} (newest ${short(newest)})`;
}

function summary(scope: HistoryScope, instances: readonly InstanceStatus[]): string {
  const count = (state: InstanceStatus["state"]) =>
    instances.filter((i) => i.state === state).length;
  const n = instances.length;
  return (
    `${n} instance${n === 1 ? "" : "s"}: ${count("in-sync")} in sync, ${count("out-of-sync")} out of sync, ` +
    `${count("never-deployed")} never deployed (${scope.commitsRead} commits of ${scope.ref} read, up to ${short(scope.head)})`
  );
}

/** What was not counted and what the answer cannot know. */
function scopeLines(scope: HistoryScope, markdown: boolean): string[] {
  const out: string[] = [];
  const item = (text: string) => (markdown ? `- ${code(text)}` : `  - ${text}`);
  if (scope.uncounted.length > 0) {
    out.push(markdown ? "**Not counted:**" : "Not counted:");
    if (markdown) out.push("");
    for (const u of scope.uncounted) {
      out.push(item(sanitizeForTerminal(`${short(u.commit)}: ${u.reason}`)));
    }
    out.push("");
  }
  out.push(markdown ? "**What this cannot know:**" : "What this cannot know:");
  if (markdown) out.push("");
  for (const note of scope.notes.map(sanitizeForTerminal)) {
    out.push(markdown ? `- ${note}` : `  - ${note}`);
  }
  return out;
}

function statusText(
  scope: HistoryScope,
  instances: readonly InstanceStatus[],
  color: boolean,
): string {
  const p = palette(color);
  const safe = sanitizeForTerminal;
  const rows = [
    { cells: ["INSTANCE", "STATE", "LAST REQUEST", "CHANGED SINCE"], header: true, state: "" },
    ...instances.map((s) => ({
      cells: [safe(s.name), s.state, safe(lastRequestText(s.lastRequest)), changedText(s)],
      header: false,
      state: s.state,
    })),
  ];
  const lines = formatTable(rows).map(({ row, line }) =>
    row.header ? p.bold(line) : row.state === "in-sync" ? line : p.yellow(line),
  );
  const sum = sanitizeForTerminal(summary(scope, instances));
  const out = [...lines, "", p.bold(sum), "", ...scopeLines(scope, false)];
  return `${out.join("\n")}\n`;
}

function statusMarkdown(scope: HistoryScope, instances: readonly InstanceStatus[]): string {
  const out = ["## Deployment status", "", "| Instance | State | Last request | Changed since |"];
  out.push("| --- | --- | --- | --- |");
  for (const s of instances) {
    const last = s.lastRequest === null ? "—" : cellCode(lastRequestText(s.lastRequest));
    const changed = s.changedSince.length === 0 ? "—" : cellCode(changedText(s));
    out.push(`| ${cellCode(s.name)} | ${s.state} | ${last} | ${changed} |`);
  }
  out.push("", `**${summary(scope, instances)}**`, "", ...scopeLines(scope, true));
  return sanitizeForTerminal(`${out.join("\n")}\n`);
}
