// The input of a bulk run: the usernames file (or standard input), read as a
// stream one line at a time, and the results file of an earlier run.
import { createReadStream } from "node:fs";
import { CliError, EXIT } from "../common";
import { createUsernameIndex } from "./username-index";

/** A line of the usernames file that names a user. */
export interface UserLine {
  line: number;
  username?: string;
  clientMetadata?: Record<string, unknown>;
  /** Why the line cannot be used. */
  problem?: string;
}

/** The lines of a stream, as it is read: never more than a chunk in memory. */
export async function* linesOf(stream: NodeJS.ReadableStream): AsyncGenerator<string> {
  let rest = "";
  stream.setEncoding?.("utf8");
  for await (const chunk of stream as AsyncIterable<string>) {
    const parts = (rest + chunk).split("\n");
    rest = parts.pop() ?? "";
    for (const part of parts) yield part.endsWith("\r") ? part.slice(0, -1) : part;
  }
  if (rest !== "") yield rest;
}

export function openInput(path: string, stdin: NodeJS.ReadableStream): NodeJS.ReadableStream {
  if (path === "-") return stdin;
  const stream = createReadStream(path, { highWaterMark: 64 * 1024 });
  return stream;
}

/** Opens a file, or fails with the AWS CLI-style reason, before anything is sent. */
export async function checkReadable(path: string, flag: string): Promise<void> {
  if (path === "-") return;
  const { access, stat } = await import("node:fs/promises");
  try {
    await access(path);
    if ((await stat(path)).isDirectory()) throw new Error("is a directory");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message;
    throw new CliError(`Bad value for ${flag} "${path}": ${reason}`, EXIT.usage);
  }
}

const KNOWN_KEYS = new Set(["Username", "ClientMetadata"]);

/**
 * One line: blank lines and lines starting with # are no user (undefined);
 * a line starting with { is a JSON object with Username and, if wanted,
 * ClientMetadata; any other line is a username, surrounding whitespace trimmed.
 */
export function parseUserLine(text: string, line: number): UserLine | undefined {
  const trimmed = text.trim();
  if (trimmed === "" || trimmed.startsWith("#")) return undefined;
  if (!trimmed.startsWith("{")) return { line, username: trimmed };
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch (error) {
    return { line, problem: `not valid JSON (${(error as Error).message})` };
  }
  const object = value as Record<string, unknown>;
  const unknown = Object.keys(object).filter((key) => !KNOWN_KEYS.has(key));
  if (unknown.length > 0) return { line, problem: `unknown key ${JSON.stringify(unknown[0])}: a line may hold Username and ClientMetadata` };
  if (typeof object.Username !== "string") return { line, problem: "Username is missing or not a string" };
  const metadata = object.ClientMetadata;
  if (metadata !== undefined && (typeof metadata !== "object" || metadata === null || Array.isArray(metadata))) {
    return { line, username: object.Username, problem: "ClientMetadata is not an object" };
  }
  return { line, username: object.Username, clientMetadata: metadata as Record<string, unknown> | undefined };
}

/** What an earlier run's results file says the service answered for a user. */
export interface Previous {
  status: "SENT" | "FAILED";
  code?: string;
}

/** The earlier answers, by username, kept compactly (see username-index.ts). */
export interface PreviousResults {
  get(username: string): Previous | undefined;
}

/** Reads an earlier run's results; lines that are not results (a last line cut off by a kill) are passed over. */
export async function readResults(path: string): Promise<PreviousResults> {
  // Stored per user: 1 for SENT, 2 + k for FAILED with the k-th error code seen.
  const index = createUsernameIndex();
  const codes: Array<string | undefined> = [];
  const codeNumbers = new Map<string | undefined, number>();
  for await (const text of linesOf(createReadStream(path))) {
    let value: { Username?: unknown; Status?: unknown; Error?: { Code?: unknown } };
    try {
      value = JSON.parse(text);
    } catch {
      continue;
    }
    if (typeof value?.Username !== "string") continue;
    if (value.Status === "SENT") index.set(value.Username, 1);
    else if (value.Status === "FAILED" && index.get(value.Username) !== 1) {
      const code = typeof value.Error?.Code === "string" ? value.Error.Code : undefined;
      if (!codeNumbers.has(code)) {
        codeNumbers.set(code, codes.length);
        codes.push(code);
      }
      index.set(value.Username, 2 + (codeNumbers.get(code) as number));
    }
  }
  return {
    get(username) {
      const stored = index.get(username);
      if (stored === undefined) return undefined;
      return stored === 1 ? { status: "SENT" } : { status: "FAILED", code: codes[stored - 2] };
    },
  };
}

/** The number of lines of a file, counted without holding it (for the progress bar's total). */
export async function countLines(path: string): Promise<number> {
  let count = 0;
  let last = 10;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) count += 1;
    last = chunk[chunk.length - 1];
  }
  return last === 10 ? count : count + 1;
}
