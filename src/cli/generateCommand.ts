import path from "node:path";
import { InvalidInputError } from "../errors.js";
import { generatePipeline, SHARD_DIRECTIVES_VARIABLE } from "../pipeline/generatePipeline.js";
import { EXIT, formatDiagnostic, UsageError, type CliIO, type ExitCode } from "./io.js";
import {
  resolveMessages,
  type MessageSourceOptions,
  type ResolvedMessages,
} from "./messageSource.js";
import { sanitizeForTerminal } from "../text.js";
import { writeFileAtomic } from "./writeFileAtomic.js";

export interface GenerateOptions extends MessageSourceOptions {
  readonly repo?: string;
  readonly output?: string;
  readonly shard?: number;
  readonly skipInvalid?: boolean;
}

/**
 * A shard generator re-plans from the directives its orchestrator pinned (composed again from
 * validated values), so every shard comes from exactly the plan the parent pipeline made.
 */
function shardMessages(io: CliIO, options: GenerateOptions): ResolvedMessages {
  if (options.message !== undefined || options.messageFile !== undefined) {
    return resolveMessages(io, io.cwd, options);
  }
  const pinned = io.env[SHARD_DIRECTIVES_VARIABLE];
  if (pinned === undefined) {
    throw new UsageError(
      `--shard needs the directives in ${SHARD_DIRECTIVES_VARIABLE} (set by the orchestrator pipeline) or --message`,
    );
  }
  const titles = pinned.split("\n").filter((t) => t.trim() !== "");
  return {
    commits: titles.map((message) => ({ sha: null, message })),
    source: SHARD_DIRECTIVES_VARIABLE,
  };
}

export function generateCommand(io: CliIO, options: GenerateOptions): ExitCode {
  const repo = path.resolve(io.cwd, options.repo ?? ".");
  const output = path.resolve(io.cwd, options.output ?? "generated-pipeline.yml");
  const messages =
    options.shard === undefined ? resolveMessages(io, repo, options) : shardMessages(io, options);
  const result = generatePipeline(repo, messages.commits, {
    env: io.env,
    skipInvalid: options.skipInvalid,
    shard: options.shard,
  });
  if (!result.ok) throw new InvalidInputError(result.diagnostics);
  for (const w of result.warnings) io.stderr(`${formatDiagnostic(w)}\n`);
  writeFileAtomic(output, result.value.yaml);
  const { plan, previewReason, shards } = result.value;
  const what =
    previewReason !== null
      ? `a preview only (${previewReason})`
      : shards > 1 && options.shard === undefined
        ? `an orchestrator running ${shards} shards of ${plan.jobs.length} jobs`
        : `${plan.jobs.length} job(s)`;
  io.stderr(
    sanitizeForTerminal(`wrote ${path.relative(io.cwd, output) || output}: ${what}`) + "\n",
  );
  return EXIT.ok;
}
