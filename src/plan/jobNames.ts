import { shortHash } from "./shortHash.js";

/** GitLab rejects job names longer than this. */
export const MAX_JOB_NAME_LENGTH = 255;

/** `deploy:site-a`: the job of kind `kind` (see kinds.ts) for an instance. */
export function instanceJobName(kind: string, instance: string): string {
  // Instance names are at most 63 characters, so these never need shortening.
  return `${kind}:${instance}`;
}

export function waveGateName(wave: number): string {
  return `wave-gate:${wave}`;
}

/**
 * `name` itself when it fits GitLab's limit, else its start plus `~` and a hash of the whole
 * name: deterministic, still readable, and distinct for names that differ only at the end.
 */
export function fitJobName(name: string): string {
  if (name.length <= MAX_JOB_NAME_LENGTH) return name;
  const suffix = `~${shortHash(name)}`;
  let cut = MAX_JOB_NAME_LENGTH - suffix.length;
  // Never split a surrogate pair: half a character is not valid text.
  const code = name.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return name.slice(0, cut) + suffix;
}

/** One base image: an edx-platform repository (normalised) at a version or pinned commit. */
export interface BaseImageKey {
  readonly repository: string;
  readonly ref: string;
}

export function baseImageKeyId(key: BaseImageKey): string {
  return `${key.repository}\u0000${key.ref}`;
}

/**
 * Job names for a set of distinct base images, by `baseImageKeyId`. The label is the repository
 * path without its host plus `@ref` (`base-image:openedx/edx-platform@open-release/quince.3`):
 * the host almost never tells images apart and only makes names long. Labels that would collide
 * (same path on two hosts) use the full normalised repository instead, and a hash in the rare
 * case that still collides, so every name is unique.
 */
export function baseImageJobNames(keys: readonly BaseImageKey[]): Map<string, string> {
  const labels = new Map<string, string>();
  for (const key of keys)
    labels.set(baseImageKeyId(key), clean(`${withoutHost(key.repository)}@${key.ref}`));
  for (const id of collisions(labels)) {
    const key = keys.find((k) => baseImageKeyId(k) === id);
    if (key !== undefined) labels.set(id, clean(`${key.repository}@${key.ref}`));
  }
  for (const id of collisions(labels)) labels.set(id, `${labels.get(id) ?? ""}~${shortHash(id)}`);
  const names = new Map<string, string>();
  for (const [id, label] of labels) names.set(id, fitJobName(`base-image:${label}`));
  return names;
}

/** The repository path of a normalised repository, e.g. `openedx/edx-platform`. */
function withoutHost(repository: string): string {
  const slash = repository.indexOf("/");
  return slash === -1 ? repository : repository.slice(slash + 1);
}

/** White space and control characters have no place in a job name. */
function clean(label: string): string {
  return label.replace(/[\s\p{Cc}]/gu, "_");
}

function collisions(labels: ReadonlyMap<string, string>): string[] {
  const count = new Map<string, number>();
  for (const label of labels.values()) count.set(label, (count.get(label) ?? 0) + 1);
  return [...labels].filter(([, label]) => (count.get(label) ?? 0) > 1).map(([id]) => id);
}
