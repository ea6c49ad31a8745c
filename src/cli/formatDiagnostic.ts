import { formatLocation, type Diagnostic } from "../diagnostic.js";
import { sanitizeForTerminal } from "../text.js";

/**
 * One line per problem: `error: <where>: <message>`. Where is `file:line:column`, the settings key,
 * or the column in the commit title.
 */
export function formatDiagnostic(d: Diagnostic): string {
  const where: string[] = [];
  const location = formatLocation(d);
  if (location !== undefined) where.push(location);
  if (d.keyPath !== undefined) where.push(`key ${d.keyPath}`);
  if (d.column !== undefined) where.push(`column ${d.column}`);
  const prefix = where.length > 0 ? `${where.join(", ")}: ` : "";
  const oneLine = d.message.replace(/\r?\n/g, " ");
  return sanitizeForTerminal(`${d.severity}: ${prefix}${oneLine}`);
}
