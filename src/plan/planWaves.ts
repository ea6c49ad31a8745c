import type { Settings } from "../repo/settings.js";

/**
 * Splits the selected instances (in name order) into rollout waves; element 0 is wave 1.
 *
 * The canary wave holds the selected `canaryInstances` in the settings' order, topped up to
 * `canary` with the first other selected instances by name; it is left out when it would be
 * empty. The rest follow in waves of at most `waveSize`, in name order. Out-of-range numbers
 * (which the settings schema rejects) are clamped rather than trusted: a wave size below 1 would
 * never finish.
 */
export function planWaves(selected: readonly string[], batch: Settings["batch"]): string[][] {
  const chosen = new Set(selected);
  const canary: string[] = [];
  for (const name of batch.canaryInstances) {
    if (chosen.has(name) && !canary.includes(name)) canary.push(name);
  }
  const want = Math.max(0, Math.floor(batch.canary));
  for (const name of selected) {
    if (canary.length >= want) break;
    if (!canary.includes(name)) canary.push(name);
  }
  const inCanary = new Set(canary);
  const rest = selected.filter((name) => !inCanary.has(name));
  const size = Math.max(1, Math.floor(batch.waveSize));
  const waves: string[][] = canary.length > 0 ? [canary] : [];
  for (let i = 0; i < rest.length; i += size) waves.push(rest.slice(i, i + size));
  return waves;
}
