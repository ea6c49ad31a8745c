import { errnoCode } from "../errors.js";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import yaml from "js-yaml";
import { EXIT, UsageError, type CliIO, type ExitCode } from "./io.js";
import { GENERATE_JOB, parentPipelineYaml, TRIGGER_JOB } from "./parentPipeline.js";
import { VERSION } from "./version.js";

export interface InitOptions {
  readonly repo?: string;
}

const CI_FILE = ".gitlab-ci.yml";

/** Whether an existing CI file already defines both parent jobs (then there is nothing to merge). */
function hasParentJobs(text: string): boolean {
  try {
    const doc: unknown = yaml.load(text);
    return typeof doc === "object" && doc !== null && GENERATE_JOB in doc && TRIGGER_JOB in doc;
  } catch {
    // Not YAML we can read: the person merging the snippet will see why.
    return false;
  }
}

/**
 * `init`: adds the parent pipeline (generator + trigger) to a cluster repository. A new
 * .gitlab-ci.yml is created exclusively (`wx`), so an existing one is never overwritten, even by
 * a race; when there is one, the snippet to merge goes to standard output and the note to
 * standard error, so `init > jobs.yml` captures only YAML.
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
  const file = path.join(repo, CI_FILE);
  const relative = path.relative(io.cwd, file);
  const shown = relative.startsWith("..") ? file : relative;
  const snippet = parentPipelineYaml(VERSION);
  try {
    writeFileSync(file, snippet, { encoding: "utf8", flag: "wx", mode: 0o644 });
    io.stderr(
      `wrote ${shown}: jobs ${GENERATE_JOB} and ${TRIGGER_JOB}; commit it to adopt grove-pipelines\n`,
    );
    return EXIT.ok;
  } catch (cause) {
    const code = errnoCode(cause);
    if (code !== "EEXIST")
      throw new UsageError(`cannot write ${shown}: ${code ?? "unknown error"}`);
  }
  let existing = "";
  try {
    existing = readFileSync(file, "utf8");
  } catch {
    existing = "";
  }
  if (hasParentJobs(existing)) {
    io.stderr(`${shown} already has the jobs ${GENERATE_JOB} and ${TRIGGER_JOB}; nothing to do\n`);
    return EXIT.ok;
  }
  io.stderr(`${shown} exists and was not changed; merge these stages and jobs into it:\n`);
  io.stdout(snippet);
  return EXIT.ok;
}
