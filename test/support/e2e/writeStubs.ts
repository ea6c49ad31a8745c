import fs from "node:fs";
import path from "node:path";

export interface Stubs {
  /** Folder holding the `grove` and `terraform` stubs; put it first on PATH. */
  readonly binDir: string;
  /** The file the stubs append their calls to (see `readStubLog`). */
  readonly logFile: string;
  /** PATH and GROVE_STUB_LOG for gitlab-ci-local's process environment. */
  readonly env: Readonly<Record<string, string>>;
}

/**
 * Writes executable stub `grove` and `terraform` scripts into `dir`. Each call appends one line
 * `$CI_JOB_NAME|$INSTANCE_NAME|$*` to the file named by GROVE_STUB_LOG, then exits 1 when the
 * job's name is in GROVE_STUB_FAIL (a comma-separated list of job names), else 0.
 *
 * `grove terraform plan -out=FILE` also writes FILE and `grove terraform apply FILE` fails when
 * FILE is missing, so a run shows that the plan file really travels from plan to apply.
 *
 * With GROVE_STUB_TIMES set to a file, each call also appends `$CI_JOB_NAME|start|NS` when it
 * begins and `$CI_JOB_NAME|end|NS` when it is done (NS: nanoseconds since the epoch), and sleeps
 * GROVE_STUB_SLEEP seconds (default 0) in between, so a run shows which jobs overlapped.
 *
 * Jobs of child pipelines see gitlab-ci-local's process environment but not its `--variable`
 * values, so pass `env` as the process environment.
 */
export function writeStubs(dir: string): Stubs {
  fs.mkdirSync(dir, { recursive: true });
  const logFile = path.join(dir, "stub-calls.log");
  for (const name of ["grove", "terraform"]) {
    const file = path.join(dir, name);
    fs.writeFileSync(file, stubScript(name), { mode: 0o755 });
  }
  const env = {
    PATH: `${dir}${path.delimiter}${process.env["PATH"] ?? ""}`,
    GROVE_STUB_LOG: logFile,
  };
  return { binDir: dir, logFile, env };
}

function stubScript(name: string): string {
  const terraform =
    name === "grove"
      ? [
          'if [ "${1-}" = terraform ] && [ "${2-}" = plan ]; then',
          '  for arg in "$@"; do case $arg in -out=*) echo \'stub plan\' > "${arg#-out=}";; esac; done',
          "fi",
          'if [ "${1-}" = terraform ] && [ "${2-}" = apply ] && [ $# -ge 3 ] && [ ! -f "$3" ]; then',
          `  echo "stub ${name}: plan file $3 not found" >&2; exit 1`,
          "fi",
        ]
      : [];
  return [
    "#!/bin/sh",
    `# Test stub of ${name}, written by test/support/e2e/writeStubs.ts.`,
    'printf \'%s|%s|%s\\n\' "${CI_JOB_NAME-}" "${INSTANCE_NAME-}" "$*" >> "${GROVE_STUB_LOG:?GROVE_STUB_LOG is not set}"',
    'if [ -n "${GROVE_STUB_TIMES-}" ]; then',
    '  printf \'%s|start|%s\\n\' "${CI_JOB_NAME-}" "$(date +%s%N)" >> "$GROVE_STUB_TIMES"',
    '  sleep "${GROVE_STUB_SLEEP:-0}"',
    '  printf \'%s|end|%s\\n\' "${CI_JOB_NAME-}" "$(date +%s%N)" >> "$GROVE_STUB_TIMES"',
    "fi",
    'if [ -n "${GROVE_STUB_FAIL-}" ] && [ -n "${CI_JOB_NAME-}" ]; then',
    '  case ",$GROVE_STUB_FAIL," in',
    `    *",$CI_JOB_NAME,"*) echo "stub ${name}: failing $CI_JOB_NAME as GROVE_STUB_FAIL asks" >&2; exit 1;;`,
    "  esac",
    "fi",
    ...terraform,
    "exit 0",
    "",
  ].join("\n");
}
