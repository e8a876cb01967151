// The input of a bulk run: the usernames file (or standard input) opened, and
// its lines form, read as a stream one line at a time (forms.ts finds the
// form, and reads CSV and list-users JSON).
import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { type CliError, MAX_NESTING, NestingTooDeep, pathIn, type Place, paramValidation } from "../common";
import { nestingDepth, osError } from "../input";
import type { PoolUser } from "./pool";

/** A line of the usernames file that names a user. */
export interface UserLine {
  line: number;
  username?: string;
  clientMetadata?: Record<string, unknown>;
  /** Why the line cannot be used. */
  problem?: string;
  /** The user as a list-users file shows it (its status then), when it does. */
  listed?: PoolUser;
}

/**
 * The longest line read, in bytes (64 KiB): a username is at most 128
 * characters, and a line with ClientMetadata needs no more. A longer line is
 * never held whole: it is passed over as it is read, and stands as
 * OVERLONG_LINE in the lines read.
 */
export const MAX_LINE_BYTES = 64 * 1024;

/** An over-long line, as linesOf yields it (no line read holds a newline). */
export const OVERLONG_LINE = "\n(over-long line)";

const NEWLINE = 10;

/**
 * The lines of a stream, as it is read: LF or CRLF endings, the last line
 * with or without one. Never more than a chunk and a line (of at most
 * MAX_LINE_BYTES) in memory, whatever the length of the lines.
 */
export async function* linesOf(stream: NodeJS.ReadableStream): AsyncGenerator<string> {
  let pieces: Buffer[] = [];
  let length = 0;
  let overlong = false;
  const take = (piece: Buffer): void => {
    if (overlong || piece.length === 0) return;
    length += piece.length;
    if (length > MAX_LINE_BYTES) {
      overlong = true;
      pieces = [];
    } else {
      pieces.push(piece);
    }
  };
  const line = (): string => {
    const text = overlong ? OVERLONG_LINE : Buffer.concat(pieces, length).toString("utf8");
    pieces = [];
    length = 0;
    overlong = false;
    return text;
  };
  for await (const chunk of stream as AsyncIterable<Buffer | string>) {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
    let start = 0;
    for (let end = bytes.indexOf(NEWLINE); end !== -1; end = bytes.indexOf(NEWLINE, start)) {
      take(bytes.subarray(start, end));
      start = end + 1;
      const text = line();
      yield text.endsWith("\r") ? text.slice(0, -1) : text;
    }
    take(bytes.subarray(start));
  }
  if (length > 0) yield line();
}

/** Opens the usernames file (`-`: standard input); a failure to read it names the file. */
export function openInput(path: string, stdin: NodeJS.ReadableStream, place: Place): NodeJS.ReadableStream {
  return path === "-" ? stdin : namedStream(path, "--usernames-file", place);
}

export function namedStream(path: string, flag: string, place: Place): NodeJS.ReadableStream {
  return Readable.from(readNamed(path, flag, place), { objectMode: false });
}

/** The chunks of a file; an error reading it is a usage error that names it. */
async function* readNamed(path: string, flag: string, place: Place): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of createReadStream(pathIn(place, path), { highWaterMark: 64 * 1024 }))
      yield chunk as Buffer;
  } catch (error) {
    throw badFile(path, flag, error);
  }
}

/** `Bad value for FLAG "PATH": WHY`: how every refusal of a file this run reads or writes begins. */
export const badValue = (flag: string, path: string, why: string): CliError =>
  paramValidation(`Bad value for ${flag} "${path}": ${why}`);

/** A file system's error in words, as a refusal gives it: Python's strerror, lower-cased, else the error's message. */
export function fileProblem(error: unknown): string {
  const known = osError(error as NodeJS.ErrnoException);
  return known ? known[1][0].toLowerCase() + known[1].slice(1) : (error as Error).message;
}

/** `Bad value for FLAG "PATH": REASON`, the reason in words. */
function badFile(path: string, flag: string, error: unknown): CliError {
  const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
  return badValue(flag, path, missing ? "no such file" : fileProblem(error));
}

/**
 * Fails, before anything is sent, when a file cannot be read: it is missing,
 * a folder, a socket, not readable, or its path cannot be followed. A FIFO
 * (`<(command)`) is not opened here, which would wait for its writer.
 */
export async function checkReadable(given: string, flag: string, place: Place): Promise<void> {
  if (given === "-") return;
  const path = pathIn(place, given);
  const { access, open, stat } = await import("node:fs/promises");
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw Object.assign(new Error("is a directory"), { code: "EISDIR", errno: -21 });
    if (info.isSocket()) throw Object.assign(new Error("is a socket"), { code: "ENXIO", errno: -6 });
    if (info.isFile()) await (await open(path, "r")).close();
    else await access(path, (await import("node:fs")).constants.R_OK);
  } catch (error) {
    throw badFile(given, flag, error);
  }
}

const KNOWN_KEYS = new Set(["Username", "ClientMetadata"]);

/**
 * One line: blank lines and lines starting with # are no user (undefined);
 * a line starting with { is a JSON object with Username and, if wanted,
 * ClientMetadata; any other line is a username, surrounding whitespace trimmed.
 */
export function parseUserLine(text: string, line: number): UserLine | undefined {
  if (text === OVERLONG_LINE) return { line, problem: `too long (more than ${MAX_LINE_BYTES} bytes)` };
  const trimmed = text.trim();
  if (trimmed === "" || trimmed.startsWith("#")) return undefined;
  if (!trimmed.startsWith("{")) return { line, username: trimmed };
  if (nestingDepth(trimmed) > MAX_NESTING) return { line, problem: new NestingTooDeep().message };
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch (error) {
    return { line, problem: `not valid JSON (${(error as Error).message})` };
  }
  const object = value as Record<string, unknown>;
  const unknown = Object.keys(object).filter((key) => !KNOWN_KEYS.has(key));
  if (unknown.length > 0)
    return { line, problem: `unknown key ${JSON.stringify(unknown[0])}: a line may hold Username and ClientMetadata` };
  if (typeof object.Username !== "string") return { line, problem: "Username is missing or not a string" };
  const metadata = object.ClientMetadata;
  if (metadata !== undefined && (typeof metadata !== "object" || metadata === null || Array.isArray(metadata))) {
    return { line, username: object.Username, problem: "ClientMetadata is not an object" };
  }
  return { line, username: object.Username, clientMetadata: metadata as Record<string, unknown> | undefined };
}
