import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The golden scenarios of test/fixtures (see its README.md): one folder per scenario with the
 * commit message, the cluster it runs against and the exact CLI output expected. This reads them
 * the same way scripts/update-golden.mjs does; keep the two in step.
 */
export const PROJECT_ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const FIXTURES = path.join(PROJECT_ROOT, "test", "fixtures");
const DEFAULT_REPO = "examples/cluster";

export interface Scenario {
  readonly name: string;
  /** Project-relative folder of the scenario. */
  readonly dir: string;
  /** Project-relative path of message.txt. */
  readonly messageFile: string;
  /** Project-relative cluster folder (`repo` file, else examples/cluster). */
  readonly repo: string;
  /** The only environment variables the CLI sees (`env.json`, else none). */
  readonly env: Readonly<Record<string, string>>;
  readonly message: string;
  readonly expectedPlan: string;
  readonly expectedPipeline: string;
}

function readOptional(file: string): string | null {
  return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : null;
}

function parseEnv(text: string, file: string): Record<string, string> {
  const value: unknown = JSON.parse(text);
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new Error(`${file} must hold a JSON object of strings`);
  }
  const env: Record<string, string> = {};
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== "string") throw new Error(`${file}: ${key} must be a string`);
    env[key] = v;
  }
  return env;
}

export function scenarioNames(): string[] {
  return fs
    .readdirSync(FIXTURES, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(FIXTURES, d.name, "message.txt")))
    .map((d) => d.name)
    .sort();
}

export function loadScenario(name: string): Scenario {
  const dir = path.join("test", "fixtures", name);
  const abs = path.join(PROJECT_ROOT, dir);
  const envFile = path.join(abs, "env.json");
  const envText = readOptional(envFile);
  const read = (file: string): string => {
    const text = readOptional(path.join(abs, file));
    if (text === null) throw new Error(`${dir}/${file} is missing: run npm run golden:update`);
    return text;
  };
  return {
    name,
    dir,
    messageFile: path.join(dir, "message.txt"),
    repo: readOptional(path.join(abs, "repo"))?.trim() || DEFAULT_REPO,
    env: envText === null ? {} : parseEnv(envText, envFile),
    message: read("message.txt"),
    expectedPlan: read("plan.json"),
    expectedPipeline: read("pipeline.yml"),
  };
}
