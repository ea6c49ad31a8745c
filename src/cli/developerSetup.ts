import { chmodSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { InvalidInputError } from "../errors.js";
import { refusalDiagnostic } from "../repo/files.js";
import { runGit } from "../repo/git.js";
import { SETTINGS_FILE } from "../repo/settings.js";
import { settingsJsonSchema } from "../repo/settingsJsonSchema.js";
import { readRegularFile } from "../repo/regularFile.js";
import { UsageError, type CliIO } from "./io.js";
import { VENDORED_COMMAND } from "../render/renderOrchestrator.js";
import { cannotWrite, shownPath, writeFileAtomic } from "./writeFileAtomic.js";

/*
 * What `init` sets up for the people who edit a cluster repository, beside the pipeline: the
 * commit-msg hook (`--hook`) and the editor line of grove-pipelines.yml that points at the
 * settings' JSON Schema.
 */

/** The line every hook written by `init --hook` carries, so a later `init --hook` may replace it. */
const HOOK_MARK = "# commit-msg hook written by `grove-pipelines init --hook`";

/**
 * Where editors (the YAML language server) find the settings' schema: a copy in the repository,
 * beside the vendored command, so the line works offline and whatever registry (if any) the
 * cluster uses. The path is relative to grove-pipelines.yml, which is at the repository's top.
 */
export const SCHEMA_FILE = ".grove/grove-pipelines.schema.json";
const MODELINE = `# yaml-language-server: $schema=${SCHEMA_FILE}`;
const MODELINE_START = "# yaml-language-server: $schema=";

/**
 * The hook: the vendored command when the repository has one, else `grove-pipelines` on PATH.
 * `repoArg` is the cluster repository relative to the work tree's top, where git runs hooks.
 */
export function hookScript(repoArg: string): string {
  const args = `lint --hook "$1" --repo ${shellWord(repoArg)}`;
  return `#!/bin/sh
${HOOK_MARK}: checks the directive of the commit title
# against this repository (instance names, batch targets) and warns about instances the commit
# changes without deploying them. Silent when the title is fine.
if [ -f ${shellWord(path.posix.join(repoArg, VENDORED_COMMAND))} ]; then
  exec node ${shellWord(path.posix.join(repoArg, VENDORED_COMMAND))} ${args}
fi
exec grove-pipelines ${args}
`;
}

/** A word the shell reads literally. */
function shellWord(text: string): string {
  return /^[A-Za-z0-9_./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * Installs the commit-msg hook where git looks for it (`git rev-parse --git-path`, which follows
 * core.hooksPath). A hook of another origin is never replaced: its text goes to standard output
 * to merge, as `init` does with an existing .gitlab-ci.yml.
 */
export function installHook(io: CliIO, repo: string): void {
  const where = runGit(repo, ["rev-parse", "--git-path", "hooks/commit-msg", "--show-prefix"]);
  if (!where.ok) {
    throw new UsageError(
      `init --hook needs a git repository: ${where.diagnostics[0]?.message ?? ""}`,
    );
  }
  const [hookPath = "", prefix = ""] = where.value.split("\n");
  const file = path.resolve(repo, hookPath);
  const shown = shownPath(io.cwd, file);
  const script = hookScript(prefix === "" ? "." : prefix.replace(/\/$/, ""));
  let existing: string | null = null;
  try {
    existing = readFileSync(file, "utf8");
  } catch {
    existing = null;
  }
  if (existing !== null && !existing.includes(HOOK_MARK)) {
    io.stderr(`${shown} exists and was not changed; add grove-pipelines' check to it:\n`);
    io.stdout(script);
    return;
  }
  writeFileAtomic(file, script, { shown });
  try {
    chmodSync(file, 0o755);
  } catch (cause) {
    throw cannotWrite(shown, cause);
  }
  io.stderr(`wrote ${shown}: the commit-msg hook (silent when a title is fine)\n`);
}

/**
 * Puts the editor line that names the settings' JSON Schema at the top of grove-pipelines.yml,
 * creating the file (all defaults) when there is none. A file that already names a schema is left
 * as it is. A comment changes nothing the command reads.
 */
export function addSchemaLine(io: CliIO, repo: string): string[] {
  const written = [writeSchemaFile(io, repo)];
  const file = path.join(repo, SETTINGS_FILE);
  const shown = shownPath(io.cwd, file);
  const read = readRegularFile(file, { kind: "settings" });
  if (!read.ok && !(read.refusal.kind === "errno" && read.refusal.code === "ENOENT")) {
    throw new InvalidInputError([refusalDiagnostic(read.refusal, SETTINGS_FILE)]);
  }
  const existing = read.ok ? read.text : null;
  if (existing !== null && existing.split(/\r?\n/).some((l) => l.startsWith(MODELINE_START))) {
    return written;
  }
  const text =
    existing === null
      ? `${MODELINE}\n# grove-pipelines settings: every key is optional (see the README, "Settings").\n`
      : `${MODELINE}\n${existing}`;
  writeFileAtomic(file, text, { shown });
  io.stderr(
    `${existing === null ? "wrote" : "added the editor line to"} ${shown}: editors check it against the settings' JSON Schema\n`,
  );
  return [...written, shown];
}

/** The settings' JSON Schema of this version, written where the editor line points. */
function writeSchemaFile(io: CliIO, repo: string): string {
  const file = path.join(repo, SCHEMA_FILE);
  const shown = shownPath(io.cwd, file);
  try {
    mkdirSync(path.dirname(file), { recursive: true });
  } catch (cause) {
    throw cannotWrite(shownPath(io.cwd, path.dirname(file)), cause);
  }
  writeFileAtomic(file, `${JSON.stringify(settingsJsonSchema(), null, 2)}\n`, { shown });
  return shown;
}
