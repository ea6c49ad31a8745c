import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
import type { Stats } from "node:fs";
import { isUtf8 } from "node:buffer";
import { errnoCode } from "../errors.js";

/*
 * The one way grove-pipelines reads a file it was pointed at (a repository file, a commit message
 * file, an existing .gitlab-ci.yml): only what it can read in bounded time and memory, as text
 * that means what its bytes say. A FIFO would block forever and a device (`/dev/zero`) would never
 * end, so only regular files are read (and pipes where the caller allows them: process
 * substitution, `<(git log -1)`); every read stops at a documented size cap; and bytes that are
 * not UTF-8 are an error at their line and column rather than quietly becoming U+FFFD, which would
 * then reach job names and variables.
 */

const KIB = 1024;
const MIB = 1024 * KIB;

/**
 * The largest file of each kind that is read (docs/security-model.md lists them). Each is many
 * times the largest real file of its kind: a Tutor config.yml is a few kilobytes, and a commit
 * message naming a thousand targets is about 50 KB.
 */
export const FILE_SIZE_CAPS = {
  /** grove-pipelines.yml */
  settings: 1 * MIB,
  /** The cluster's own template file (settings `templates`). */
  templates: 4 * MIB,
  /** An instance's config.yml or grove.yml. */
  instance: 1 * MIB,
  /** --message-file, standard input, a commit-msg hook's file. */
  message: 1 * MIB,
  /** An existing .gitlab-ci.yml that `init` looks into. */
  ciFile: 4 * MIB,
  /** The single-file command `init --vendor` copies, and the vendored copy it replaces. */
  command: 16 * MIB,
} as const;

export type FileKind = keyof typeof FILE_SIZE_CAPS;

/** Why a file was not read. */
export type ReadRefusal =
  /** The system refused (`ENOENT`, `EACCES`, `ELOOP` for a link under O_NOFOLLOW, ...). */
  | { readonly kind: "errno"; readonly code: string | undefined }
  /** Not a regular file: `what` names it ("a FIFO (named pipe)", "a character device"). */
  | { readonly kind: "special"; readonly what: string }
  | { readonly kind: "too-large"; readonly cap: number }
  /** 1-based line and column (in characters) of the first byte that is not UTF-8. */
  | { readonly kind: "invalid-utf8"; readonly line: number; readonly column: number };

export type ReadOutcome =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly refusal: ReadRefusal };

/** A read refused where the interface wants text or an exception (the CLI's standard input). */
export class ReadRefusedError extends Error {
  readonly refusal: ReadRefusal;
  constructor(refusal: ReadRefusal) {
    super(describeRefusal(refusal));
    this.name = "ReadRefusedError";
    this.refusal = refusal;
  }
}

export interface ReadOptions {
  readonly kind: FileKind;
  /** Refuse a symbolic link in the last component (ELOOP): the caller checks where it points. */
  readonly noFollow?: boolean;
  /** Also read a pipe or FIFO, up to the cap (a file named on the command line). */
  readonly allowPipes?: boolean;
  /**
   * Also read a character device: the caller has checked it is a terminal (standard input typed
   * by a person, ended with Ctrl-D).
   */
  readonly allowTerminal?: boolean;
}

// O_NONBLOCK: opening a FIFO with no writer returns at once instead of blocking forever (fstat
// then refuses it); on a regular file it changes nothing.
const BASE_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);
const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;

/**
 * Reads the file at `file` (a path, or an open file descriptor such as 0 for standard input,
 * which is not closed) as UTF-8 text: one open, one fstat and as many reads as it is long.
 */
export function readRegularFile(file: string | number, options: ReadOptions): ReadOutcome {
  let fd: number;
  if (typeof file === "number") {
    fd = file;
  } else {
    const pipes = options.allowPipes === true;
    // A FIFO the person named is opened blocking: its writer is on the way (`<(cmd)`).
    const flags = (pipes ? constants.O_RDONLY : BASE_FLAGS) | (options.noFollow ? NO_FOLLOW : 0);
    try {
      fd = openSync(file, flags);
    } catch (err) {
      return refused({ kind: "errno", code: errnoCode(err) });
    }
  }
  try {
    return readOpen(fd, options);
  } catch (err) {
    return refused({ kind: "errno", code: errnoCode(err) });
  } finally {
    if (typeof file !== "number") closeSync(fd);
  }
}

function refused(refusal: ReadRefusal): ReadOutcome {
  return { ok: false, refusal };
}

function readOpen(fd: number, options: ReadOptions): ReadOutcome {
  const stat = fstatSync(fd);
  const pipe = stat.isFIFO() || stat.isSocket();
  const terminal = options.allowTerminal === true && stat.isCharacterDevice();
  if (!stat.isFile() && !terminal && !(pipe && options.allowPipes === true)) {
    return refused(stat.isDirectory() ? { kind: "errno", code: "EISDIR" } : special(stat));
  }
  const cap = FILE_SIZE_CAPS[options.kind];
  if (stat.size > cap) return refused({ kind: "too-large", cap });
  const bytes = readAtMost(fd, cap + 1, stat.isFile() ? stat.size : null);
  if (bytes.length > cap) return refused({ kind: "too-large", cap });
  return decodeUtf8(bytes);
}

/**
 * Up to `limit` bytes. `size` is a regular file's size from fstat: one read of it is the whole
 * file (a short read of a regular file is its end), and a file that grew since is read on up to
 * the limit. A pipe's size is not known (null): it is read until it ends.
 */
function readAtMost(fd: number, limit: number, size: number | null): Buffer {
  let buffer = Buffer.allocUnsafe(Math.min(limit, Math.max((size ?? 64 * KIB) + 1, 4 * KIB)));
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      if (length >= limit) break;
      const bigger = Buffer.allocUnsafe(Math.min(limit, buffer.length * 2));
      buffer.copy(bigger, 0, 0, length);
      buffer = bigger;
    }
    const wanted = buffer.length - length;
    let n: number;
    try {
      n = readSync(fd, buffer, length, wanted, null);
    } catch (err) {
      // A non-blocking standard input with nothing yet: wait for it, as a blocking read would.
      if (errnoCode(err) === "EAGAIN") {
        Atomics.wait(pause, 0, 0, 1);
        continue;
      }
      throw err;
    }
    length += n;
    if (n === 0 || (size !== null && n < wanted)) break;
  }
  return buffer.subarray(0, length);
}

const pause = new Int32Array(new SharedArrayBuffer(4));

/** Names what a special file is, for the one-line refusal. */
function special(stat: Stats): ReadRefusal {
  const what = stat.isFIFO()
    ? "a FIFO (named pipe)"
    : stat.isCharacterDevice()
      ? "a character device"
      : stat.isBlockDevice()
        ? "a block device"
        : stat.isSocket()
          ? "a socket"
          : "not a regular file";
  return { kind: "special", what };
}

/**
 * The text the bytes spell, or where the first byte that is not UTF-8 is. isUtf8 checks in one
 * fast pass, so a valid file (nearly all) costs what a plain decode does.
 */
export function decodeUtf8(bytes: Uint8Array): ReadOutcome {
  if (isUtf8(bytes))
    return {
      ok: true,
      text: stripBom(
        Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8"),
      ),
    };
  return refused({ kind: "invalid-utf8", ...utf8ErrorPosition(bytes) });
}

/** A leading byte-order mark is an editor's artefact, not text (as a strict decoder drops it). */
function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Line and column (1-based, the column in characters) of the first invalid UTF-8 sequence. */
export function utf8ErrorPosition(bytes: Uint8Array): { line: number; column: number } {
  const offset = firstInvalidUtf8(bytes);
  let lineStart = 0;
  let line = 1;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line += 1;
      lineStart = i + 1;
    }
  }
  // Everything before the offset is valid: count its characters, not its bytes.
  const before = new TextDecoder("utf-8").decode(bytes.subarray(lineStart, offset));
  return { line, column: [...before].length + 1 };
}

/** Byte offset of the first sequence that is not well-formed UTF-8 (the length when all is). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : 3;
    if (b >= 0x80 && (b < 0xc2 || b > 0xf4)) return i;
    if (i + need >= bytes.length && need > 0) return i;
    // The second byte's range excludes overlong forms, surrogates and code points past U+10FFFF.
    const second = bytes[i + 1] ?? 0;
    const [low, high] =
      b === 0xe0
        ? [0xa0, 0xbf]
        : b === 0xed
          ? [0x80, 0x9f]
          : b === 0xf0
            ? [0x90, 0xbf]
            : b === 0xf4
              ? [0x80, 0x8f]
              : [0x80, 0xbf];
    if (need > 0 && (second < low || second > high)) return i;
    for (let k = 2; k <= need; k++) {
      const next = bytes[i + k] ?? 0;
      if (next < 0x80 || next > 0xbf) return i;
    }
    i += need + 1;
  }
  return i;
}

/** The refusal as the end of a sentence naming the file: `is a FIFO (named pipe), not ...`. */
export function describeRefusal(refusal: ReadRefusal): string {
  switch (refusal.kind) {
    case "special":
      return `is ${refusal.what}, not a regular file; refusing to read it`;
    case "too-large":
      return `is larger than ${formatBytes(refusal.cap)}, the most read from a file of this kind`;
    case "invalid-utf8":
      return `is not valid UTF-8 at line ${refusal.line}, column ${refusal.column}; save it as UTF-8`;
    case "errno":
      return `cannot be read (${refusal.code ?? "unknown error"})`;
  }
}

/** `1 MiB`, `256 KiB`, `512 bytes`. */
export function formatBytes(bytes: number): string {
  if (bytes >= MIB && bytes % MIB === 0) return `${bytes / MIB} MiB`;
  if (bytes >= KIB && bytes % KIB === 0) return `${bytes / KIB} KiB`;
  return `${bytes} bytes`;
}
