/**
 * SPEC.md: an instance name is 1–63 characters of `a-z A-Z 0-9 - _`, starting with a letter or
 * digit. 63 is the Kubernetes label limit, which is where Grove uses the name.
 */
export const INSTANCE_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;

export function isInstanceName(name: string): boolean {
  return INSTANCE_NAME_PATTERN.test(name);
}
