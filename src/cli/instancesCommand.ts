import path from "node:path";
import type { Directive } from "../commit/directive.js";
import { InvalidInputError } from "../errors.js";
import { formatLocation } from "../diagnostic.js";
import { byText } from "../plan/byText.js";
import { evaluateInstance, type InstanceEvaluation } from "../plan/evaluateInstance.js";
import { loadSettings } from "../repo/loadSettings.js";
import { loadSnapshot } from "../repo/loadSnapshot.js";
import { EXIT, type ExitCode } from "./exitCodes.js";
import { formatDiagnostic } from "./formatDiagnostic.js";
import { formatTable } from "./formatTable.js";
import type { CliIO } from "./io.js";
import { palette } from "./palette.js";
import { sanitizeForTerminal } from "./sanitize.js";
import { useColor } from "./useColor.js";

export interface InstancesOptions {
  readonly repo?: string;
  readonly json?: boolean;
}

/**
 * A batch upgrade matching every repository and version: evaluating it applies the real batch
 * rules (defaults, missing values) to each instance, with no target to miss.
 */
const EVERYTHING: Extract<Directive, { kind: "batch-upgrade" }> = {
  kind: "batch-upgrade",
  targets: [{ repository: "*", version: "*" }],
};

interface InstanceRow {
  readonly name: string;
  readonly configFile: string;
  readonly groveFile: string | null;
  readonly repository: string | null;
  readonly repositoryFromDefault: boolean;
  readonly normalizedRepository: string | null;
  readonly version: string | null;
  readonly versionFromDefault: boolean;
  readonly batchEligible: boolean;
  readonly reason: string;
}

/**
 * Batch-eligible is SPEC's definition: BATCH_UPGRADE_DISABLED is not true. The reason says where
 * that came from and, for an eligible instance without a repository or version (even from
 * `defaults`), which batches still pass it by.
 */
function rowOf(e: InstanceEvaluation): InstanceRow {
  const { instance } = e;
  const eligible = !instance.batchUpgradeDisabled;
  const raw = instance.batchUpgradeDisabledRaw;
  const setting =
    instance.groveFile === null
      ? "no grove.yml, so BATCH_UPGRADE_DISABLED is not set"
      : raw === null
        ? `BATCH_UPGRADE_DISABLED is not set in ${instance.groveFile}`
        : `BATCH_UPGRADE_DISABLED: ${raw} in ${instance.groveFile} counts as ${eligible ? "false" : "true"}`;
  const missing = (key: string): string =>
    `; but ${instance.configFile} has no ${key} and grove-pipelines.yml sets no default`;
  const caveat = !eligible
    ? ""
    : e.repository === null
      ? `${missing("EDX_PLATFORM_REPOSITORY")}, so no batch selects it`
      : e.version === null
        ? `${missing("EDX_PLATFORM_VERSION")}, so only [Batch][UpgradeTo] without targets selects it`
        : "";
  return {
    name: instance.name,
    configFile: instance.configFile,
    groveFile: instance.groveFile,
    repository: e.repository,
    repositoryFromDefault: e.repositoryFromDefault,
    normalizedRepository: e.normalizedRepository,
    version: e.version,
    versionFromDefault: e.versionFromDefault,
    batchEligible: eligible,
    reason: `${setting}${caveat}`,
  };
}

/**
 * `instances`: every instance of the cluster with its normalised repository, version and batch
 * eligibility (with the reason). Unreadable instances are listed with their first problem and make
 * the exit code 1, after everything readable has been shown.
 */
export function instancesCommand(io: CliIO, options: InstancesOptions): ExitCode {
  const repo = path.resolve(io.cwd, options.repo ?? ".");
  const settings = loadSettings(repo);
  if (!settings.ok) throw new InvalidInputError(settings.diagnostics);
  const loaded = loadSnapshot(
    repo,
    settings.value.settings,
    { names: [], all: true },
    { skipInvalid: true },
  );
  if (!loaded.ok) throw new InvalidInputError(loaded.diagnostics);
  const snapshot = loaded.value;
  const rows = [...snapshot.instances.values()]
    .map((i) => rowOf(evaluateInstance(i, EVERYTHING, snapshot.settings)))
    .sort((a, b) => byText(a.name, b.name));
  const invalid = [...snapshot.invalid].sort((a, b) => byText(a.instance, b.instance));

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
