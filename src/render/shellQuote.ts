/**
 * One shell word that stands for exactly `arg`: left bare when it holds only characters the
 * shell treats literally, else in POSIX single quotes, inside which `$`, spaces and backquotes
 * mean nothing.
 */
export function shellQuote(arg: string): string {
  if (/^[A-Za-z0-9_./=:,+@%-]+$/.test(arg)) return arg;
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}
