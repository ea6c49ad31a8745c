import { error, fail, ok, warning } from "../diagnostic.js";
import type { Diagnostic, Result } from "../diagnostic.js";
import { describeYamlValue, findKeyLine, writtenValue } from "./yaml.js";

/*
 * The GitLab environment of an instance: its deploy jobs start it, archive and delete stop it.
 * GitLab shows the environment's URL and groups environments by deployment tier; both come from
 * the instance's own files (config.yml's LMS_HOST, grove.yml's DEPLOYMENT_TIER), checked here so
 * that only a host name and one of GitLab's tiers ever reach the generated file.
 */

/** GitLab's deployment tiers, the only values `environment:deployment_tier` takes. */
export const DEPLOYMENT_TIERS = [
  "production",
  "staging",
  "testing",
  "development",
  "other",
] as const;
export type DeploymentTier = (typeof DEPLOYMENT_TIERS)[number];

function isDeploymentTier(value: unknown): value is DeploymentTier {
  return typeof value === "string" && (DEPLOYMENT_TIERS as readonly string[]).includes(value);
}

/** The key of config.yml that holds the instance's LMS host name (Tutor's, which Grove reads too). */
const LMS_HOST_KEY = "LMS_HOST";
/** The key of grove.yml that gives the instance a deployment tier of its own. */
const DEPLOYMENT_TIER_KEY = "DEPLOYMENT_TIER";

/** One DNS label: letters, digits and inner hyphens, at most 63 characters. */
const LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
const HOST_WITH_PORT = new RegExp(`^${LABEL}(?:\\.${LABEL})*(?::([0-9]{1,5}))?$`);
/** A DNS name is at most 253 characters. */
const MAX_HOST_LENGTH = 253;

/**
 * `courses.example.com` or `courses.example.com:8000`: a host name, optionally with a port, and
 * nothing else. Only such a value becomes an environment's `url`: GitLab expands `$` in `url`,
 * and a scheme, path or space there would make a link other than the instance's.
 */
export function isLmsHost(text: string): boolean {
  const match = HOST_WITH_PORT.exec(text);
  if (match === null) return false;
  const port = match[1];
  const host = port === undefined ? text : text.slice(0, -(port.length + 1));
  if (host.length > MAX_HOST_LENGTH) return false;
  return port === undefined || (Number(port) >= 1 && Number(port) <= 65535);
}

/** A parsed instance file, as instances.ts reads it. */
interface EnvironmentDocument {
  readonly file: string;
  readonly text: string;
  readonly mapping: Readonly<Record<string, unknown>>;
}

/**
 * config.yml's LMS_HOST when it is a host name; null when it is absent, and null with a warning
 * when it is something else: Grove reads the value too, so it is the operator's to fix, but the
 * environment then has no link rather than a wrong one.
 */
export function lmsHostOf(config: EnvironmentDocument): Result<string | null> {
  if (!Object.hasOwn(config.mapping, LMS_HOST_KEY)) return ok(null);
  const value = config.mapping[LMS_HOST_KEY];
  if (typeof value === "string" && isLmsHost(value)) return ok(value);
  const at = findKeyLine(config.text, [LMS_HOST_KEY]);
  const found = describeYamlValue(value, writtenValue(config.text, at));
  return ok(null, [
    warning(
      "invalid-lms-host",
      `${LMS_HOST_KEY} in ${config.file} is not a host name (such as courses.example.com or ` +
        `courses.example.com:8000), found ${found}; the instance's GitLab environment gets no URL`,
      { file: config.file, ...at },
    ),
  ]);
}

/** grove.yml's DEPLOYMENT_TIER, or null when the instance has none (the settings' tier applies). */
export function deploymentTierOf(grove: EnvironmentDocument | null): Result<DeploymentTier | null> {
  if (grove === null || !Object.hasOwn(grove.mapping, DEPLOYMENT_TIER_KEY)) return ok(null);
  const value = grove.mapping[DEPLOYMENT_TIER_KEY];
  if (isDeploymentTier(value)) return ok(value);
  const at = findKeyLine(grove.text, [DEPLOYMENT_TIER_KEY]);
  const found = describeYamlValue(value, writtenValue(grove.text, at));
  const problem: Diagnostic = error(
    "invalid-deployment-tier",
    `${DEPLOYMENT_TIER_KEY} in ${grove.file} must be one of ${DEPLOYMENT_TIERS.join(", ")}, found ${found}`,
    { file: grove.file, ...at },
  );
  return fail([problem]);
}
