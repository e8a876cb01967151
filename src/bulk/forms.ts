// The forms a usernames file may take, found from its first bytes (or named
// by --input-format): lines (a username or a JSON object a line), CSV with a
// header row, or the JSON `aws cognito-idp list-users` prints. Each is read as
// a stream, a record at a time; each user keeps the line its record starts on.
// A file that is none of them is refused before anything is sent; a bad
// record inside a good file is a user with a problem (a SKIPPED line).
import { Tokenizer, TokenParser, TokenType } from "@streamparser/json";
import { type CsvError, type Info, parse as parseCsv } from "csv-parse";
import { parse as parseCsvText } from "csv-parse/sync";
import { CliError } from "../common";
import type { INPUT_FORMATS } from "../input";
import { badValue, linesOf, MAX_LINE_BYTES, parseUserLine, type UserLine } from "./input";

/** The choices of --input-format. */
export type InputFormat = (typeof INPUT_FORMATS)[number];
export type InputForm = Exclude<InputFormat, "auto">;

/** The header names of a username column, in any case, best first: a username over an email. */
const USERNAME_COLUMNS = ["cognito:username", "username", "email"] as const;

/** The keys of the object list-users (or list-users-in-group) prints. */
const LISTING_KEYS = new Set(["Users", "PaginationToken", "NextToken"]);

/** The most a user object of a listing may take (it is held whole while it is read). */
const MAX_USER_BYTES = 1024 * 1024;

/** The users of an input, checked as far as its form allows before the first is read. */
export interface OpenedInput {
  form: InputForm;
  users: AsyncGenerator<UserLine>;
}

/** How an input is opened: the form asked for, and the name (`--usernames-file "PATH"`) its refusals give. */
export interface InputHow {
  format: InputFormat;
  path: string;
}

const refuse = (how: InputHow, why: string): CliError => badValue("--usernames-file", how.path, why);

const clip = (text: string, most = 60): string => (text.length > most ? `${text.slice(0, most)}...` : text);

/**
 * Opens the users of a stream in its form: reads its first line (or JSON up
 * to the list of users, or the CSV header), and refuses a stream that is not
 * of the form asked for or of any form.
 */
export async function openUsers(stream: NodeJS.ReadableStream, how: InputHow): Promise<OpenedInput> {
  const chunks = bytesOf(stream)[Symbol.asyncIterator]();
  const head = await readHead(chunks);
  const form = how.format === "auto" ? formOf(head.toString("utf8"), how) : how.format;
  if (form === "lines") return { form, users: lineUsers(prepend(head, chunks)) };
  if (form === "list-users") return { form, users: await listedUsers(prepend(head, chunks), how) };
  // Blank lines and # comments before a CSV header are passed over, and counted.
  const skip = leadingSkip(head.toString("utf8"));
  const body = prepend(head.subarray(Buffer.byteLength(skip.text)), chunks);
  return { form, users: await csvUsers(body, how, skip.lines) };
}

async function* bytesOf(stream: NodeJS.ReadableStream): AsyncGenerator<Buffer> {
  for await (const chunk of stream as AsyncIterable<Buffer | string>)
    yield typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
}

async function* prepend(head: Buffer, rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  if (head.length > 0) yield head;
  try {
    for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
  } finally {
    await rest.return?.();
  }
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * The start of a stream, up to the end of its first line that is neither
 * blank nor a # comment (or MAX_LINE_BYTES, or the end), a byte-order mark
 * taken off.
 */
async function readHead(chunks: AsyncIterator<Buffer>): Promise<Buffer> {
  let head: Buffer = Buffer.alloc(0);
  while (head.length < MAX_LINE_BYTES && firstLine(head.toString("utf8")) === undefined) {
    const next = await chunks.next();
    if (next.done) break;
    head = head.length === 0 ? next.value : Buffer.concat([head, next.value]);
  }
  return head.subarray(0, 3).equals(BOM) ? head.subarray(3) : head;
}

/** The first line of a text that is neither blank nor a # comment, if the text holds all of it. */
function firstLine(text: string): string | undefined {
  let start = 0;
  for (let end = text.indexOf("\n"); end !== -1; end = text.indexOf("\n", start)) {
    const line = text.slice(start, end).trim();
    if (line !== "" && !line.startsWith("#")) return line;
    start = end + 1;
  }
  return undefined;
}

/** The blank and # comment lines a text begins with, and how many they are. */
function leadingSkip(text: string): { text: string; lines: number } {
  const match = /^(?:[ \t]*(?:#[^\n]*)?\r?\n)*/.exec(text) as RegExpExecArray;
  return { text: match[0], lines: match[0].split("\n").length - 1 };
}

/** The cells of a CSV header line, undefined if it is not one line of CSV. */
function headerCells(line: string): string[] | undefined {
  try {
    const rows = parseCsvText(line, { relax_column_count: true }) as string[][];
    return rows.length === 1 ? rows[0] : undefined;
  } catch {
    return undefined;
  }
}

/** Which cell of a CSV header holds the username: the first of the best name there. */
export function usernameColumn(cells: readonly string[]): { index: number; name: string } | undefined {
  const names = cells.map((cell) => cell.trim().toLowerCase());
  for (const wanted of USERNAME_COLUMNS) {
    const index = names.indexOf(wanted);
    if (index !== -1) return { index, name: cells[index].trim() };
  }
  return undefined;
}

/** Why a CSV header names no username column: the names looked for, and those found. */
const noUsernameColumn = (cells: readonly string[], how: InputHow) =>
  refuse(
    how,
    `the CSV header names no username column (looked for ${USERNAME_COLUMNS.join(", ")}, in any case; found ${
      cells
        .slice(0, 12)
        .map((cell) => JSON.stringify(clip(cell, 40)))
        .join(", ") + (cells.length > 12 ? ", ..." : "")
    })`,
  );

/**
 * The form of an input from its first bytes: `{` and a key of list-users,
 * or `{` on a line of its own, is list-users JSON; a first line that names a
 * username column is a CSV header; a first line with a comma that names none
 * is refused (--input-format lines reads it as lines); else lines.
 */
export function formOf(head: string, how: InputHow): InputForm {
  const text = head.trimStart();
  if (text.startsWith("{")) {
    if (/^\{\s*"(?:Users|PaginationToken|NextToken)"/.test(text)) return "list-users";
    const line = text.split("\n", 1)[0].trim();
    return line.endsWith("}") ? "lines" : "list-users";
  }
  const line = firstLine(`${head}\n`) ?? "";
  const cells = headerCells(line);
  if (cells !== undefined && usernameColumn(cells) !== undefined) return "csv";
  if (line.includes(","))
    throw refuse(
      how,
      `the first line has a comma but is no CSV header naming a username column (${USERNAME_COLUMNS.join(", ")}, in any case); --input-format lines reads each line as a username`,
    );
  return "lines";
}

// ---------------------------------------------------------------------------
// Lines

async function* lineUsers(chunks: AsyncIterable<Buffer>): AsyncGenerator<UserLine> {
  let line = 0;
  for await (const text of linesOf(chunks as unknown as NodeJS.ReadableStream)) {
    line += 1;
    const user = parseUserLine(text, line);
    if (user) yield user;
  }
}

// ---------------------------------------------------------------------------
// CSV (RFC 4180: quoted fields, doubled quotes, commas and newlines inside quotes, CRLF)

/** A record with the line it starts on, or a record the parser could not read. */
type CsvItem = { record: string[]; line: number } | { error: CsvError; line: number };

/**
 * Line numbers of byte offsets in a stream, asked for in order: it holds only
 * the bytes between the last offset asked for and the newest chunk.
 */
function lineCursor() {
  const pending: Buffer[] = [];
  let base = 0;
  let at = 0;
  let line = 1;
  let last = -1;
  return {
    push(chunk: Buffer): void {
      pending.push(chunk);
    },
    /** The line of an offset (1 and the newlines before it); an offset passed already gives the line last reached. */
    lineAt(offset: number): number {
      while (at < offset && pending.length > 0) {
        const chunk = pending[0];
        const from = at - base;
        const to = Math.min(chunk.length, offset - base);
        for (let i = chunk.indexOf(10, from); i !== -1 && i < to; i = chunk.indexOf(10, i + 1)) line += 1;
        if (to > from) last = chunk[to - 1];
        at = base + to;
        if (to === chunk.length) {
          pending.shift();
          base += chunk.length;
        }
      }
      return line;
    },
    /** Whether the byte before the offset last reached is a newline. */
    get afterNewline(): boolean {
      return last === 10;
    },
  };
}

const newlines = (cells: readonly string[]): number =>
  cells.reduce((sum, cell) => sum + (cell.match(/\n/g)?.length ?? 0), 0);

/**
 * The records of a CSV stream in the order of the file, the ones it cannot
 * read among them, each with the line it starts on (counted here: the
 * parser's own count takes a CRLF inside quotes for two lines).
 */
async function* csvItems(chunks: AsyncIterable<Buffer>, before: number): AsyncGenerator<CsvItem> {
  const lines = lineCursor();
  const queue: CsvItem[] = [];
  let lastEnd = before;
  let lastEmpty = 0;
  // Records and faults come synchronously as each chunk is written, in the order of the file; none is pushed on.
  const parser = parseCsv({
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    max_record_size: MAX_LINE_BYTES,
    record_delimiter: ["\r\n", "\n", "\r"],
    on_record: (record: string[], context: Info) => {
      const end = before + lines.lineAt(context.bytes) - (lines.afterNewline ? 1 : 0);
      queue.push({ record, line: end - newlines(record) });
      lastEnd = end;
      lastEmpty = context.empty_lines;
      return null;
    },
  });
  parser.on("skip", (error: CsvError & { empty_lines?: number }) => {
    // Where a record it cannot read ends is not known: the line after the last one read, past blank lines.
    const empty = error.empty_lines ?? lastEmpty;
    lastEnd += 1 + (empty - lastEmpty);
    lastEmpty = empty;
    queue.push({ error, line: lastEnd });
  });
  const ended = new Promise<void>((resolve, reject) => {
    parser.once("end", resolve);
    parser.once("error", reject);
  });
  ended.catch(() => undefined);
  parser.resume();
  for await (const chunk of chunks) {
    lines.push(chunk);
    parser.write(chunk);
    yield* queue.splice(0);
  }
  parser.end();
  await ended;
  yield* queue.splice(0);
}

async function csvUsers(
  chunks: AsyncIterable<Buffer>,
  how: InputHow,
  before: number,
): Promise<AsyncGenerator<UserLine>> {
  const items = csvItems(chunks, before);
  const first = await items.next();
  if (first.done) throw refuse(how, "no CSV header (the file is empty)");
  if ("error" in first.value)
    throw refuse(how, `the CSV header cannot be read (${clip(first.value.error.message, 200)})`);
  const column = usernameColumn(first.value.record);
  if (column === undefined) throw noUsernameColumn(first.value.record, how);
  return (async function* () {
    for await (const item of items) {
      const line = item.line;
      if ("error" in item) {
        if (item.error.code === "CSV_MAX_RECORD_SIZE")
          throw refuse(
            how,
            `line ${line}: a record longer than ${MAX_LINE_BYTES} bytes (a quote not closed?); nothing after it was read`,
          );
        yield { line, problem: `not valid CSV (${clip(item.error.message.replace(/ at line \d+/g, ""), 200)})` };
        continue;
      }
      const cell = item.record[column.index]?.trim();
      if (cell === undefined)
        yield { line, problem: `no ${column.name} cell (the record has ${item.record.length} cells)` };
      else if (cell === "") yield { line, problem: `the ${column.name} cell is empty` };
      else yield { line, username: cell };
    }
  })();
}

// ---------------------------------------------------------------------------
// The JSON of `aws cognito-idp list-users`: {"Users": [{"Username": ..., "UserStatus": ..., ...}, ...], "PaginationToken": ...}

/** What the listing reader finds: the list of users opened, a user (with the line its object starts on), the end. */
type ListingEvent = { kind: "users" } | { kind: "user"; value: unknown; line: number };

/** What a listing's tokens say of its shape: a problem as soon as it is not list-users JSON. */
function listingShape(how: InputHow) {
  let depth = 0;
  let key: string | undefined;
  let expectKey = false;
  let inUsers = false;
  let usersSeen = false;
  const notListing = (why: string) => refuse(how, `not the JSON aws cognito-idp list-users prints: ${why}`);
  return {
    get usersSeen() {
      return usersSeen;
    },
    /** Takes a token; returns whether it begins a user (an element of Users). */
    take(token: TokenType, value: unknown): boolean {
      if (depth === 0 && token !== TokenType.LEFT_BRACE) throw notListing("it is not an object");
      const begins = inUsers && depth === 2 && token !== TokenType.COMMA && token !== TokenType.RIGHT_BRACKET;
      if (depth === 1 && expectKey && token === TokenType.STRING) {
        key = value as string;
        if (!LISTING_KEYS.has(key))
          throw notListing(`it has the key ${JSON.stringify(clip(key))} (list-users prints Users and PaginationToken)`);
        if (key === "Users" && usersSeen) throw notListing("it has Users twice");
        expectKey = false;
      } else if (depth === 1 && key === "Users" && !usersSeen && token !== TokenType.COLON) {
        if (token !== TokenType.LEFT_BRACKET) throw notListing("its Users is not a list");
        inUsers = usersSeen = true;
      }
      if (token === TokenType.LEFT_BRACE || token === TokenType.LEFT_BRACKET) depth += 1;
      else if (token === TokenType.RIGHT_BRACE || token === TokenType.RIGHT_BRACKET) depth -= 1;
      if (depth === 1 && (token === TokenType.LEFT_BRACE || token === TokenType.COMMA)) expectKey = true;
      if (depth === 1 && token === TokenType.RIGHT_BRACKET) inUsers = false;
      return begins;
    },
  };
}

/** The events of a listing, read as a stream: no more than a chunk and a user in memory. */
async function* listingEvents(chunks: AsyncIterable<Buffer>, how: InputHow): AsyncGenerator<ListingEvent> {
  const lines = lineCursor();
  const shape = listingShape(how);
  const tokenizer = new Tokenizer();
  const values = new TokenParser({ paths: ["$.Users.*"], keepStack: false });
  const queue: ListingEvent[] = [];
  const starts: { line: number; offset: number }[] = [];
  let read = 0;
  let lastToken = 0;
  tokenizer.onToken = (info) => {
    lastToken = info.offset;
    const wasSeen = shape.usersSeen;
    if (shape.take(info.token, info.value)) starts.push({ line: lines.lineAt(info.offset), offset: info.offset });
    if (!wasSeen && shape.usersSeen) queue.push({ kind: "users" });
    values.write(info);
  };
  values.onValue = ({ value }) => queue.push({ kind: "user", value, line: (starts.shift() as { line: number }).line });
  // Errors are thrown from write and end, where they are caught below.
  tokenizer.onError = values.onError = (error) => {
    throw error;
  };
  const broken = (error: unknown) => {
    const why = `not valid JSON (${clip((error as Error).message, 200)})`;
    return error instanceof CliError
      ? error
      : shape.usersSeen
        ? refuse(how, `after line ${lines.lineAt(lastToken)}: ${why}; nothing after it was read`)
        : refuse(how, `not the JSON aws cognito-idp list-users prints: ${why}`);
  };
  for await (const chunk of chunks) {
    lines.push(chunk);
    read += chunk.length;
    try {
      tokenizer.write(chunk);
    } catch (error) {
      // The users read before the fault are the file's still.
      yield* queue.splice(0);
      throw broken(error);
    }
    yield* queue.splice(0);
    // With no user begun, no line before this chunk's end is asked for again: its bytes need not be kept.
    if (starts.length === 0) lines.lineAt(read);
    if (starts.length > 0 && read - starts[0].offset > MAX_USER_BYTES)
      throw refuse(
        how,
        `line ${starts[0].line}: a user longer than ${MAX_USER_BYTES} bytes; nothing after it was read`,
      );
  }
  try {
    if (!tokenizer.isEnded) tokenizer.end();
    if (!values.isEnded) values.end();
  } catch (error) {
    yield* queue.splice(0);
    throw broken(error);
  }
  yield* queue.splice(0);
  if (!shape.usersSeen) throw refuse(how, "not the JSON aws cognito-idp list-users prints: it has no Users");
}

/** A user of a listing: its Username, and its status and whether it is enabled as the listing says. */
function listedUser(value: unknown, line: number): UserLine {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return { line, problem: "a user that is not an object" };
  const user = value as Record<string, unknown>;
  if (typeof user.Username !== "string") return { line, problem: "a user with no Username (a string)" };
  if (typeof user.UserStatus !== "string") return { line, username: user.Username };
  const attributes = Array.isArray(user.Attributes) ? (user.Attributes as { Name?: unknown; Value?: unknown }[]) : [];
  const email = attributes.find((attribute) => attribute?.Name === "email")?.Value;
  return {
    line,
    username: user.Username,
    listed: {
      username: user.Username,
      status: user.UserStatus,
      enabled: user.Enabled !== false,
      email: typeof email === "string" ? email : undefined,
    },
  };
}

async function listedUsers(chunks: AsyncIterable<Buffer>, how: InputHow): Promise<AsyncGenerator<UserLine>> {
  const events = listingEvents(chunks, how);
  const first = await events.next();
  if (first.done) throw refuse(how, "not the JSON aws cognito-idp list-users prints: it has no Users");
  return (async function* () {
    for await (const event of events) if (event.kind === "user") yield listedUser(event.value, event.line);
  })();
}

/**
 * How many users a file may hold, counted without holding it (for the
 * progress bar and the daily-email warning): its lines, less the CSV header;
 * for a listing, its "Username" keys.
 */
export async function countUsers(chunks: AsyncIterable<Buffer>, form: InputForm): Promise<number> {
  const needle = Buffer.from(form === "list-users" ? '"Username"' : "\n");
  let count = 0;
  let carry: Buffer = Buffer.alloc(0);
  let last = 10;
  for await (const chunk of chunks) {
    const bytes = carry.length === 0 ? chunk : Buffer.concat([carry, chunk]);
    for (let i = bytes.indexOf(needle); i !== -1; i = bytes.indexOf(needle, i + needle.length)) count += 1;
    carry = bytes.subarray(Math.max(0, bytes.length - needle.length + 1));
    if (chunk.length > 0) last = chunk[chunk.length - 1];
  }
  if (form === "list-users") return count;
  const lines = last === 10 ? count : count + 1;
  return form === "csv" ? Math.max(0, lines - 1) : lines;
}
