import { isInstanceName } from "../commit/grammar.js";
import { error, ok } from "../diagnostic.js";
import type { Result } from "../diagnostic.js";
import { batchProblems, selectBatch } from "../plan/selectBatch.js";
import { readBlobs } from "../repo/gitHistory.js";
import type { HistoryCommit } from "../repo/gitHistory.js";
import { instanceFromTexts } from "../repo/instances.js";
import { DEFAULT_SETTINGS, parseSettingsText, SETTINGS_FILE } from "../repo/settings.js";
import type { Settings } from "../repo/settings.js";
import type { InstanceConfig, InvalidInstance, RepoSnapshot } from "../repo/snapshot.js";
import { byText } from "../text.js";
import type { BatchSelector } from "./deploymentLedger.js";

/*
 * A batch upgrade of the history evaluated as its pipeline did: against the settings and instance
 * files of its own commit. The files are followed from commit to commit through the blob ids of
 * the history's raw changes (no tree is read per commit), their texts are read once per blob, and
 * each instance is parsed once per pair of blobs.
 */

/** The files a batch reads: the settings file, and each instance's config.yml and grove.yml. */
export function batchFile(instancesRel: string): (path: string) => boolean {
  const prefix = `${instancesRel}/`;
  return (path) => {
    if (path === SETTINGS_FILE) return true;
    if (!path.startsWith(prefix)) return false;
    const [name = "", file, deeper] = path.slice(prefix.length).split("/");
    return (
      deeper === undefined &&
      isInstanceName(name) &&
      (file === "config.yml" || file === "grove.yml")
    );
  };
}

/** The settings a text gives, or why they cannot be read at that commit. */
export function settingsOf(
  text: string | null,
  commit: string,
): { settings: Settings } | { failure: string } {
  if (text === null) return { settings: DEFAULT_SETTINGS };
  const parsed = parseSettingsText(text);
  if (parsed.ok) return { settings: parsed.value };
  const first = parsed.diagnostics[0]?.message ?? "it is invalid";
  return { failure: `${SETTINGS_FILE} at ${commit.slice(0, 8)}: ${first}` };
}

interface InstanceBlobs {
  config?: string;
  grove?: string;
}

/**
 * The selector foldHistory calls for each batch, in history order. `commits` is the whole history
 * the fold walks; the selector applies each commit's changes up to the batch's own, and reads and
 * parses again only the instances whose files changed since the previous batch.
 */
export function batchSelector(
  root: string,
  instancesRel: string,
  commits: readonly HistoryCommit[],
  blobs: Map<string, string>,
): BatchSelector {
  const files = new Map<string, InstanceBlobs>();
  const dirty = new Set<string>();
  const configs = new Map<string, InstanceConfig>();
  const invalid = new Map<string, InvalidInstance>();
  let settingsBlob: string | null = null;
  let applied = 0;
  const prefix = `${instancesRel}/`;

  const apply = (commit: HistoryCommit): void => {
    for (const f of commit.files) {
      if (f.path === SETTINGS_FILE) {
        settingsBlob = f.object;
        continue;
      }
      const [name = "", file] = f.path.slice(prefix.length).split("/");
      const slot = files.get(name) ?? {};
      // A symbolic link is not a file the pipeline would read as YAML.
      const object = f.object !== null && f.mode !== "120000" ? f.object : undefined;
      if (file === "config.yml") slot.config = object;
      else slot.grove = object;
      if (slot.config === undefined && slot.grove === undefined) files.delete(name);
      else files.set(name, slot);
      dirty.add(name);
    }
  };

  /** Reads and parses the instances that changed since the last batch. */
  const refresh = (): Result<void> => {
    const ids: string[] = [];
    for (const name of dirty) {
      const f = files.get(name);
      if (f?.config !== undefined) ids.push(f.config);
      if (f?.grove !== undefined) ids.push(f.grove);
    }
    const texts = readBlobs(root, ids, blobs);
    if (!texts.ok) return texts;
    for (const name of dirty) {
      configs.delete(name);
      invalid.delete(name);
      const f = files.get(name);
      if (f === undefined) continue;
      const configText = f.config === undefined ? undefined : texts.value.get(f.config);
      if (configText === undefined) {
        const file = `${prefix}${name}/config.yml`;
        const why = `${file} does not exist; every instance folder needs its Tutor config.yml`;
        invalid.set(name, {
          instance: name,
          diagnostics: [error("missing-config", why, { file })],
        });
        continue;
      }
      const grove = f.grove === undefined ? null : (texts.value.get(f.grove) ?? null);
      const read = instanceFromTexts(instancesRel, name, configText, grove);
      if (read.ok) configs.set(name, read.value);
      else invalid.set(name, { instance: name, diagnostics: read.diagnostics });
    }
    dirty.clear();
    return ok(undefined);
  };

  return (commit, directive) => {
    while (applied < commits.length) {
      const next = commits[applied];
      if (next === undefined) break;
      apply(next);
      applied += 1;
      if (next.sha === commit.sha) break;
    }
    const refreshed = refresh();
    if (!refreshed.ok) return refreshed;
    const settingsText = settingsBlob === null ? ok(null) : readBlobs(root, [settingsBlob], blobs);
    if (!settingsText.ok) return settingsText;
    const text = settingsBlob === null ? null : (settingsText.value?.get(settingsBlob) ?? "");
    const settings = settingsOf(text, commit.sha);
    if ("failure" in settings) return ok({ failure: settings.failure });
    const snapshot: RepoSnapshot = {
      settings: settings.settings,
      instances: configs,
      allNames: [...files.keys()].sort(byText),
      invalid: [...invalid.values()],
    };
    const selection = selectBatch(directive, snapshot);
    const problems = batchProblems(selection, snapshot);
    if (problems.length > 0) return ok({ failure: problems[0]?.message ?? "it fails" });
    return ok({ selected: selection.selected.map((e) => e.instance.name) });
  };
}
