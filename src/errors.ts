import type { Diagnostic } from "./diagnostic.js";

/**
 * Typed errors for the library API. Callers branch with `instanceof` and `code`, never on the
 * message text.
 */
export class GrovePipelinesError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** The commit message or the repository content is invalid (CLI exit code 1). */
export class InvalidInputError extends GrovePipelinesError {
  readonly diagnostics: readonly Diagnostic[];
  constructor(diagnostics: readonly Diagnostic[]) {
    super("invalid-input", diagnostics.map((d) => d.message).join("\n") || "invalid input");
    this.diagnostics = diagnostics;
  }
}

/** A bug in grove-pipelines itself (CLI exit code 70). */
export class InternalError extends GrovePipelinesError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("internal", message);
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}

/** The `code` of a Node.js system error (`ENOENT`, `EACCES`, ...), or undefined. */
export function errnoCode(err: unknown): string | undefined {
  if (typeof err !== "object" || err === null || !("code" in err)) return undefined;
  return typeof err.code === "string" ? err.code : undefined;
}
