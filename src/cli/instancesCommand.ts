import path from "node:path";
import { InvalidInputError } from "../errors.js";
import { formatLocation } from "../diagnostic.js";
import { listInstances, type InstanceRow } from "../pipeline/listInstances.js";
import { EXIT, type ExitCode } from "./exitCodes.js";
import { formatDiagnostic } from "./formatDiagnostic.js";
import { formatTable } from "./formatTable.js";
import type { CliIO } from "./io.js";
import { palette } from "./palette.js";
import { sanitizeForTerminal } from "../text.js";
import { useColor } from "./useColor.js";

export interface InstancesOptions {
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
  if (!listed.ok) throw new InvalidInputError(listed.diagnostics);
  const { instances: rows, unreadable: invalid } = listed.value;

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
    io.stdout(`${JSON.stringify(body, null, 2)}\n`);
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
  const cells = rows.map((r) => [
    safe(r.name),
    safe(r.normalizedRepository ?? "-") + (r.repositoryFromDefault ? " (default)" : ""),
    safe(r.version ?? "-") + (r.versionFromDefault ? " (default)" : ""),
    r.batchEligible ? "yes" : "no",
    safe(r.reason),
  ]);
  const lines = formatTable(
    ["INSTANCE", "REPOSITORY (normalised)", "VERSION", "BATCH", "WHY"],
    [
      ...cells,
      ...unreadable.map((name) => [safe(name), "-", "-", "no", "unreadable (errors below)"]),
    ],
  );
  // Colour after alignment: escape codes have no width.
  const styled = lines.map((line, i) => {
    if (i === 0) return p.bold(line);
    const eligible = cells[i - 1]?.[3] === "yes";
    return eligible ? line : p.yellow(line);
  });
  const eligibleCount = rows.filter((r) => r.batchEligible).length;
  const total = rows.length + unreadable.length;
  const summary =
    `${total} instance${total === 1 ? "" : "s"}: ${eligibleCount} batch-eligible` +
    (unreadable.length > 0 ? `, ${unreadable.length} unreadable` : "");
  return `${[...styled, "", p.bold(summary)].join("\n")}\n`;
}
