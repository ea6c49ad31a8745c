import { mkdirSync, realpathSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import yaml from "js-yaml";
import { errnoCode, InvalidInputError } from "../errors.js";
import { isRegistry, VENDORED_COMMAND } from "../render/renderOrchestrator.js";
import type { GeneratorSource } from "../render/renderOrchestrator.js";
import { refusalDiagnostic, resolveRepoRoot } from "../repo/files.js";
import { describeRefusal, readRegularFile } from "../repo/regularFile.js";
import { loadSettings } from "../repo/settings.js";
import { VERSION } from "../version.js";
import { addSchemaLine, installHook } from "./developerSetup.js";
import { EXIT, UsageError, type CliIO, type ExitCode } from "./io.js";
import {
  describeSource,
  GENERATE_JOB,
  parentPipeline,
  parentPipelineYaml,
  TRIGGER_JOB,
} from "./parentPipeline.js";
import { cannotWrite, shownPath, writeFileAtomic } from "./writeFileAtomic.js";

export interface InitOptions {
  readonly repo?: string;
  /** Copy the single-file command into the repository and run that. */
  readonly vendor?: boolean;
  /** Install a pinned version from this registry instead (npm, gitlab or a URL). */
  readonly registry?: string;
  /**
   * The single-file command to vendor (the build's dist/grove-pipelines.cjs). By default the
   * `grove-pipelines.cjs` beside the running command, which the package and the build put there.
   */
  readonly commandFile?: string;
  /** Install git's commit-msg hook (alone, or with the pipeline). */
  readonly hook?: boolean;
}

const CI_FILE = ".gitlab-ci.yml";
/** The name of the single-file command in the package, and beside every built command. */
const COMMAND_FILE = "grove-pipelines.cjs";
const SHEBANG = "#!/usr/bin/env node\n";
/** The two comment lines a vendored copy has after the shebang (see vendoredText). */
const VENDOR_HEADER =
  /^#!\/usr\/bin\/env node\n\/\/ grove-pipelines (\S+), vendored by [^\n]*\n\/\/ [^\n]*sha256 ([0-9a-f]{64})\.\n/;

/**
 * Only `init` hashes, and node:crypto pulls a dozen modules into every start of the command (a
 * pipeline with no directive among them), so it is loaded here, when a hash is wanted.
 */
function sha256(text: string): string {
  const { createHash } = process.getBuiltinModule("node:crypto");
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/**
 * The vendored copy: the single-file command with two comment lines after its shebang, naming its
 * version and the checksum of the file without them, which is the package's own file:
 * `sed 2,3d .grove/grove-pipelines.cjs | sha256sum` gives that checksum back.
 */
export function vendoredText(command: string, version: string): string {
  return (
    `${SHEBANG}// grove-pipelines ${version}, vendored by \`grove-pipelines init --vendor\`: run it with node; to upgrade, run a newer version's \`init --vendor\`.\n` +
    `// Without these two comment lines this file is the package's dist/${COMMAND_FILE}, sha256 ${sha256(command)}.\n` +
    command.slice(SHEBANG.length)
  );
}

/** The single-file command to vendor, as the package has it (a vendored copy loses its header). */
function readCommand(file: string): string {
  const read = readRegularFile(file, { kind: "command" });
  if (!read.ok) {
    throw new UsageError(
      `init --vendor copies ${file}, which ${describeRefusal(read.refusal)}: run the built or installed grove-pipelines`,
    );
  }
  const text = read.text;
  const vendored = VENDOR_HEADER.exec(text);
  if (vendored === null) {
    if (!text.startsWith(SHEBANG)) throw new UsageError(`${file} is not grove-pipelines' command`);
    return text;
  }
  const command = SHEBANG + text.slice(vendored[0].length);
  if (sha256(command) !== vendored[2]) {
    throw new UsageError(`${file} was changed after it was vendored (its checksum differs)`);
  }
  return command;
}

function runningCommandDir(): string {
  const main = process.argv[1];
  if (main === undefined)
    throw new UsageError("init --vendor cannot tell which command is running");
  return path.dirname(realpathSync(main));
}

/** The version a vendored copy names in its header, or null when there is none. */
function vendoredVersion(file: string): string | null {
  // A copy that is not a regular file (a FIFO would block) has no version to report; it is
  // replaced like any other.
  const read = readRegularFile(file, { kind: "command" });
  return read.ok ? (VENDOR_HEADER.exec(read.text)?.[1] ?? null) : null;
}

function chooseSource(options: InitOptions): GeneratorSource {
  if (options.vendor === true && options.registry !== undefined) {
    throw new UsageError("--vendor and --registry are two ways to get grove-pipelines; pick one");
  }
  if (options.vendor === true) return { kind: "vendored" };
  if (options.registry === undefined) {
    throw new UsageError(
      "say how the pipeline gets grove-pipelines: --vendor (a copy in the repository, no registry needed) or --registry npm|gitlab|URL (a pinned version installed by each run)",
    );
  }
  if (!isRegistry(options.registry)) {
    throw new UsageError(
      `--registry takes npm, gitlab or the http(s) URL of an npm registry, not '${options.registry}'`,
    );
  }
  return { kind: "registry", registry: options.registry, version: VERSION };
}

/** Whether an existing CI file has both parent jobs, and this very generate job. */
function hasParentJobs(text: string, wanted: Record<string, unknown>): boolean {
  try {
    const doc: unknown = yaml.load(text);
    if (typeof doc !== "object" || doc === null || !(TRIGGER_JOB in doc)) return false;
    const job: unknown = GENERATE_JOB in doc ? doc[GENERATE_JOB] : undefined;
    return JSON.stringify(job) === JSON.stringify(wanted[GENERATE_JOB]);
  } catch {
    // Not YAML we can read: the person merging the snippet will see why.
    return false;
  }
}

/**
 * `init`: adds the parent pipeline (generator + trigger) to a cluster repository, and with
 * `--vendor` the single-file command it runs. A new .gitlab-ci.yml is created exclusively (`wx`),
 * so an existing one is never overwritten, even by a race; when it lacks this generate job, the
 * snippet to merge goes to standard output and the note to standard error, so `init > jobs.yml`
 * captures only YAML. The vendored file is grove-pipelines' own and is replaced.
 */
export function initCommand(io: CliIO, options: InitOptions): ExitCode {
  const repo = path.resolve(io.cwd, options.repo ?? ".");
  let isDirectory = false;
  try {
    isDirectory = statSync(repo).isDirectory();
  } catch {
    isDirectory = false;
  }
  if (!isDirectory) throw new UsageError(`--repo ${options.repo ?? "."} is not a folder`);
  if (options.hook === true) {
    installHook(io, repo);
    // The hook alone is a whole request; with --vendor or --registry the pipeline follows.
    if (options.vendor !== true && options.registry === undefined) return EXIT.ok;
  }
  const source = chooseSource(options);
  const root = resolveRepoRoot(repo);
  const loaded = root.ok ? loadSettings(root.value) : root;
  if (!loaded.ok) throw new InvalidInputError(loaded.diagnostics);
  const image = loaded.value.settings.generatorImage;
  const toCommit: string[] = [];

  if (source.kind === "vendored") {
    const from = options.commandFile ?? path.join(runningCommandDir(), COMMAND_FILE);
    const command = readCommand(from);
    const file = path.join(repo, VENDORED_COMMAND);
    const shown = shownPath(io.cwd, file);
    const before = vendoredVersion(file);
    try {
      mkdirSync(path.dirname(file), { recursive: true });
    } catch (cause) {
      throw cannotWrite(shownPath(io.cwd, path.dirname(file)), cause);
    }
    writeFileAtomic(file, vendoredText(command, VERSION), { shown });
    const was = before === null ? "" : `, replacing ${before}`;
    io.stderr(`wrote ${shown}: grove-pipelines ${VERSION}${was}, sha256 ${sha256(command)}\n`);
    toCommit.push(shown);
  }

  // The settings' editor line, once the parent pipeline is known to be writable or readable.
  const schemaLine = (): void => {
    toCommit.push(...addSchemaLine(io, repo));
  };

  const file = path.join(repo, CI_FILE);
  const shown = shownPath(io.cwd, file);
  const snippet = parentPipelineYaml(source, image);
  const how = `${GENERATE_JOB} ${describeSource(source)} in ${image}`;
  try {
    writeFileSync(file, snippet, { encoding: "utf8", flag: "wx", mode: 0o644 });
    schemaLine();
    io.stderr(`wrote ${shown}: jobs ${GENERATE_JOB} and ${TRIGGER_JOB}; ${how}\n`);
    io.stderr(`commit ${[...toCommit, shown].join(" and ")} to adopt grove-pipelines\n`);
    return EXIT.ok;
  } catch (cause) {
    if (errnoCode(cause) !== "EEXIST") throw cannotWrite(shown, cause);
  }
  // Only a regular file is looked into: a FIFO planted as .gitlab-ci.yml would block forever.
  const existing = readRegularFile(file, { kind: "ciFile" });
  if (!existing.ok && existing.refusal.kind === "special") {
    throw new InvalidInputError([refusalDiagnostic(existing.refusal, CI_FILE)]);
  }
  schemaLine();
  if (hasParentJobs(existing.ok ? existing.text : "", parentPipeline(source, image))) {
    io.stderr(`${shown} already has the jobs ${GENERATE_JOB} and ${TRIGGER_JOB}; ${how}\n`);
    if (toCommit.length > 0) io.stderr(`commit ${toCommit.join(" and ")}\n`);
    return EXIT.ok;
  }
  io.stderr(`${shown} exists and was not changed; merge these stages and jobs into it (${how}):\n`);
  io.stdout(snippet);
  return EXIT.ok;
}
