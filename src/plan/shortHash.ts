/**
 * Eight hex digits derived from `text` (32-bit FNV-1a over its UTF-8 bytes). Used only to keep
 * shortened job names distinct and stable from run to run; it is not a security measure, and a
 * hand-written hash keeps the planner free of Node-only modules.
 */
export function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, "0");
}
