/**
 * Problems are values, not exceptions: every stage returns all of them at once, each with the
 * place it points at, and only the CLI turns them into text and exit codes.
 */
export type Severity = "error" | "warning";

export interface Diagnostic {
  /** Stable machine-readable identifier, e.g. `unknown-type`, `yaml-syntax`, `unknown-instance`. */
  readonly code: string;
  readonly severity: Severity;
  /** One line a person understands. Never contains a stack trace. */
  readonly message: string;
  /** 1-based column in the commit title the problem points at (commit grammar only). */
  readonly column?: number;
  /** Path of the repository file the problem is in, relative to the repository root. */
  readonly file?: string;
  /** 1-based line and column inside `file`, when known. */
  readonly line?: number;
  readonly fileColumn?: number;
  /** Dotted key path inside a settings or template file, e.g. `batch.waveSize`. */
  readonly keyPath?: string;
  /**
   * The title text a problem found after parsing is about (an instance name, a REPO|VERSION
   * target), so the caller that holds the title can point at its column.
   */
  readonly subject?: string;
}

export type Result<T> =
  | { readonly ok: true; readonly value: T; readonly warnings: readonly Diagnostic[] }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/** Shared by every result without warnings: a batch makes tens of thousands of results. */
const NO_WARNINGS: readonly Diagnostic[] = Object.freeze([]);

export function ok<T>(value: T, warnings: readonly Diagnostic[] = NO_WARNINGS): Result<T> {
  return { ok: true, value, warnings };
}

export function fail<T = never>(diagnostics: readonly Diagnostic[]): Result<T> {
  return { ok: false, diagnostics };
}

export function error(code: string, message: string, at: Partial<Diagnostic> = {}): Diagnostic {
  return { ...at, code, severity: "error", message };
}

export function warning(code: string, message: string, at: Partial<Diagnostic> = {}): Diagnostic {
  return { ...at, code, severity: "warning", message };
}

/** `file:line:column` (or as much of it as is known) for a diagnostic that points into a file. */
export function formatLocation(d: Diagnostic): string | undefined {
  if (d.file === undefined) return undefined;
  if (d.line === undefined) return d.file;
  return d.fileColumn === undefined ? `${d.file}:${d.line}` : `${d.file}:${d.line}:${d.fileColumn}`;
}
