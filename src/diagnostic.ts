/**
 * Problems are values, not exceptions: every stage returns all of them at once, each with the
 * place it points at, and only the CLI turns them into text and exit codes.
 */
/**
 * Every code a diagnostic may carry: stable, machine-readable, part of `--json` output. A new
 * problem adds its code here, so the list is the one place to see them all.
 */
export type DiagnosticCode =
  | "autodeploy-malformed"
  | "autodeploy-misspelt"
  | "autodeploy-not-at-start"
  | "bad-commit-hash"
  | "bad-deployment-id"
  | "bad-instance-name"
  | "bad-repository"
  | "bad-text"
  | "bad-trigger-payload"
  | "bad-trigger-variable"
  | "bad-version"
  | "broken-symlink"
  | "conflicting-directives"
  | "conflicting-sources"
  | "conflicting-triggers"
  | "deployment-id-replaced"
  | "deployment-merge-mismatch"
  | "duplicate-instance"
  | "duplicate-job"
  | "duplicate-target"
  | "empty-entry"
  | "empty-list"
  | "file-too-large"
  | "git-failed"
  | "git-missing"
  | "id-not-allowed"
  | "infrastructure-without-text"
  | "instance-name-not-slug"
  | "invalid-batch-upgrade-disabled"
  | "invalid-config-value"
  | "invalid-deployment-tier"
  | "invalid-instance-name"
  | "invalid-lms-host"
  | "invalid-setting"
  | "invalid-utf8"
  | "invalid-sha"
  | "legacy-needs-one-instance"
  | "limit-exceeded"
  | "message-too-large"
  | "missing-commit-hash"
  | "missing-config"
  | "missing-file"
  | "missing-generator"
  | "missing-instances-dir"
  | "missing-repository"
  | "missing-text"
  | "missing-type"
  | "missing-version"
  | "no-commits"
  | "no-message"
  | "no-such-shard"
  | "not-a-directory"
  | "not-a-file"
  | "not-a-git-repo"
  | "not-a-mapping"
  | "not-a-regular-file"
  | "nothing-to-compose"
  | "push-history-missing"
  | "shards-outside-gitlab"
  | "stray-pipe"
  | "symlink-outside-repo"
  | "target-matches-nothing"
  | "template-bad-extends"
  | "template-bad-script"
  | "template-extends-cycle"
  | "template-missing"
  | "template-no-script"
  | "template-not-mapping"
  | "template-reserved-key"
  | "template-rules-with-when"
  | "template-terraform-resource-group"
  | "template-unknown-extends"
  | "template-unknown-key"
  | "template-unsupported-value"
  | "too-many-errors"
  | "too-many-targets"
  | "trailing-text"
  | "unclosed-tag"
  | "undeployed-change"
  | "unexpected-tag"
  | "unknown-canary-instance"
  | "unknown-commit"
  | "unknown-instance"
  | "unknown-kind"
  | "unknown-legacy-action"
  | "unknown-setting"
  | "unknown-trigger"
  | "unknown-type"
  | "unreadable-file"
  | "yaml-syntax";

export type Severity = "error" | "warning";

export interface Diagnostic {
  /** Stable machine-readable identifier, e.g. `unknown-type`, `yaml-syntax`, `unknown-instance`. */
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  /** One line a person understands. Never contains a stack trace. */
  readonly message: string;
  /** 1-based column in the commit title the problem points at (commit grammar only). */
  readonly column?: number;
  /** Path of the repository file the problem is in, relative to the repository root. */
  readonly file?: string;
  /**
   * 1-based line and column inside `file`, when known. Without a file, `line` is the line of the
   * commit message that holds the title `column` counts in, when it is not the first (a merge
   * commit's title).
   */
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
  | {
      readonly ok: false;
      readonly diagnostics: readonly Diagnostic[];
      /** Warnings found before the failure: a failed step still says what else it noticed. */
      readonly warnings: readonly Diagnostic[];
    };

/** Shared by every result without warnings: a batch makes tens of thousands of results. */
const NO_WARNINGS: readonly Diagnostic[] = Object.freeze([]);

export function ok<T>(value: T, warnings: readonly Diagnostic[] = NO_WARNINGS): Result<T> {
  return { ok: true, value, warnings };
}

export function fail<T = never>(
  diagnostics: readonly Diagnostic[],
  warnings: readonly Diagnostic[] = NO_WARNINGS,
): Result<T> {
  return { ok: false, diagnostics, warnings };
}

export function error(
  code: DiagnosticCode,
  message: string,
  at: Partial<Diagnostic> = {},
): Diagnostic {
  return { ...at, code, severity: "error", message };
}

export function warning(
  code: DiagnosticCode,
  message: string,
  at: Partial<Diagnostic> = {},
): Diagnostic {
  return { ...at, code, severity: "warning", message };
}

/** `file:line:column` (or as much of it as is known) for a diagnostic that points into a file. */
export function formatLocation(d: Diagnostic): string | undefined {
  if (d.file === undefined) return undefined;
  if (d.line === undefined) return d.file;
  return d.fileColumn === undefined ? `${d.file}:${d.line}` : `${d.file}:${d.line}:${d.fileColumn}`;
}
