// What the tests against the local endpoint share: an endpoint for the length
// of a test, a folder of files for a run, users files, result lines.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CLIENT_WITHOUT_SECRET, type Endpoint, type EndpointOptions, startLocalCognito } from "./local-cognito";

/** The local endpoint's app client without a secret. */
export const C = CLIENT_WITHOUT_SECRET;

/** Runs `body` with a local endpoint started for it, closed after. */
export async function withEndpoint<T>(options: EndpointOptions, body: (endpoint: Endpoint) => Promise<T>): Promise<T> {
  const endpoint = await startLocalCognito(options);
  try {
    return await body(endpoint);
  } finally {
    await endpoint.close();
  }
}

/** A fresh folder holding `files` (name: text). */
export function folder(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "rcc-test-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** A usernames file's text: user-FROM to user-(FROM+N-1), a line each. */
export const users = (n: number, from = 1): string =>
  Array.from({ length: n }, (_, i) => `user-${from + i}\n`).join("");

/** A bulk run's result line. */
export interface Result {
  Username: string | null;
  ClientId?: string;
  UserPoolId?: string;
  Status: string;
  Action?: string;
  ResolvedFrom?: string;
  Reason?: string;
  Warning?: string;
  Error?: { Code: string; Message: string };
  CodeDeliveryDetails?: unknown;
  Request?: unknown;
  Line?: number;
}

/** Result lines, every line of `text` one (stdout of a bulk run). */
export const parse = (text: string): Result[] =>
  text
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as Result);

/** The result lines among `text`'s lines (stderr, where a summary and a message come too). */
export const resultLines = (text: string): Result[] =>
  parse(
    text
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .join("\n"),
  );

/** How many requests the endpoint received for each username. */
export function perUser(endpoint: Endpoint): Map<string, number> {
  const counts = new Map<string, number>();
  for (const body of endpoint.bodies()) counts.set(String(body.Username), (counts.get(String(body.Username)) ?? 0) + 1);
  return counts;
}

/** A bulk run's stderr without its summary line (whose time and rate are the run's pace), to compare the rest whole. */
export const withoutSummary = (stderr: string): string =>
  stderr.replace(/^(?:stopped: |interrupted: )?\d+ (?:sent|would be sent), [^\n]*\n/m, "");

/** What a stopped run says last: how to carry on. */
export const RESUME_TAIL =
  "the users not yet sent have no result line, so the same command with --resume RESULTS (or the same --results FILE) sends to them once.";

/** The last line of `text`. */
export const lastLine = (text: string): string => text.trimEnd().split("\n").at(-1) ?? "";

/** The arguments that point a run at `endpoint`. */
export const at = (endpoint: { url: string }): string[] => ["--endpoint-url", endpoint.url, "--region", "us-east-1"];

/** A bulk run that carries on from `previous` (its results), at full speed. */
export const resuming = (previous: string): string[] => [
  "--usernames-file",
  "users.txt",
  "--resume",
  previous,
  "--max-rate",
  "0",
  "--concurrency",
  "8",
];

/** YAML whose aliases expand to 10^10 nodes: ten lists of ten, each of the one before. */
export function aliasBomb(): string {
  const names = "abcdefghij";
  const bomb = [`a: &a [${Array(10).fill('"x"').join(",")}]`];
  for (let i = 1; i < names.length; i += 1)
    bomb.push(
      `${names[i]}: &${names[i]} [${Array(10)
        .fill(`*${names[i - 1]}`)
        .join(",")}]`,
    );
  return `${bomb.join("\n")}\n`;
}
