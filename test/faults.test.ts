// Fault injection: the command (in this process, through main) against a raw-TCP endpoint that cuts
// replies off, stalls, resets, trickles, answers with bytes that are not HTTP,
// or with 100 MB. Whatever happens, a request whose reply had begun to arrive
// is never sent again (counted at the server, per username), with or without
// --debug, in a single call and in a bulk run, and every outcome is an AWS CLI
// exit code with one clear line.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { type FaultServer, startFaultServer } from "./support/fault-server";
import { folder as emptyFolder } from "./support/fixtures";
import { type Outcome as Run, runMain } from "./support/io";
import { UNKNOWN_HINT } from "../src/call/failures";
interface Line {
  Username: string;
  Status: string;
  Warning?: string;
  Error?: { Code: string; Message: string };
  CodeDeliveryDetails?: unknown;
}

const CLIENT = "1example23456789";
const BULK_USERS = 3;
const CUT = "the connection closed before the whole body arrived";
const STALLED = "no more of the body arrived within the read timeout";
const TOO_LARGE = "the body is larger than 1 MiB, the most this command reads";
const unreadable = (reason: string): string =>
  `The service answered HTTP 200, but its response could not be read (${reason}); there is nothing to print.`;
const closed = (url: string): string =>
  `Connection was closed before we received a valid response from endpoint URL: "${url}/".`;
const huge400 = `Bad Request; its response could not be read (${TOO_LARGE})`;
const timedOut = (url: string): string => `Read timeout on endpoint URL: "${url}/"`;

/** What each mode must come to: the single call, a bulk user's line, and how often each user's request reaches the server. */
interface Expected {
  sends: number;
  exit: number;
  /** The single call's one line on stderr; undefined: the response is printed on stdout. */
  line?: (url: string) => string;
  bulkExit: number;
  /** A bulk user's line, apart from its Username. */
  bulk: (url: string) => Omit<Line, "Username">;
  args?: string[];
  /**
   * The outcome may instead be unknown (255, an UNKNOWN line): a stall after
   * the head, when the process was too busy to read the head before its read
   * timeout fired. Either way the request is sent once.
   */
  orUnknown?: (url: string) => string;
}

const sentWithWarning = (reason: string) => () => ({
  Status: "SENT",
  Warning: `the service answered HTTP 200, but its response could not be read (${reason})`,
});
const UNKNOWN_REASON = "the request was written and no answer came: the service may have sent the code";
const unknownLine = (code: string, message: (url: string) => string) => (url: string) => ({
  Status: "UNKNOWN",
  Error: { Code: code, Message: message(url) },
  Reason: UNKNOWN_REASON,
});
const delivered = (username: string) => ({
  Destination: `${username[0]}***@e***`,
  DeliveryMedium: "EMAIL",
  AttributeName: "email",
});

const MODES: Record<string, Expected> = {
  cutoff: { sends: 1, exit: 0, line: () => unreadable(CUT), bulkExit: 0, bulk: sentWithWarning(CUT) },
  stall: {
    sends: 1,
    exit: 0,
    line: () => unreadable(STALLED),
    bulkExit: 0,
    bulk: sentWithWarning(STALLED),
    args: ["--cli-read-timeout", "1"],
    orUnknown: timedOut,
  },
  // The request was read and nothing came back: its outcome is unknown, and it is never sent again.
  silent: {
    sends: 1,
    exit: 255,
    line: (url) => `${timedOut(url)}\n${UNKNOWN_HINT}`,
    bulkExit: 255,
    bulk: unknownLine("ReadTimeoutError", timedOut),
    args: ["--cli-read-timeout", "1"],
  },
  reset: {
    sends: 1,
    exit: 255,
    line: (url) => `${closed(url)}\n${UNKNOWN_HINT}`,
    bulkExit: 255,
    bulk: unknownLine("ConnectionClosedError", closed),
  },
  partialhead: {
    sends: 1,
    exit: 255,
    line: (url) => `${closed(url)}\n${UNKNOWN_HINT}`,
    bulkExit: 255,
    bulk: unknownLine("ConnectionClosedError", closed),
  },
  // A byte every quarter of a second for 2.5 s never trips a 2-second read timeout (it is a
  // time without a byte, not a deadline): the reply completes. The timeout is a real one, so the
  // gap leaves a process that is slow to run its timers 1.75 s.
  trickle: { sends: 1, exit: 0, bulkExit: 0, bulk: () => ({ Status: "SENT" }), args: ["--cli-read-timeout", "2"] },
  garbage: {
    sends: 1,
    exit: 255,
    line: (url) => `${closed(url)}\n${UNKNOWN_HINT}`,
    bulkExit: 255,
    bulk: unknownLine("ConnectionClosedError", closed),
  },
  bigheader: {
    sends: 1,
    exit: 255,
    line: (url) => `${closed(url)}\n${UNKNOWN_HINT}`,
    bulkExit: 255,
    bulk: unknownLine("ConnectionClosedError", closed),
  },
  huge200: { sends: 1, exit: 0, line: () => unreadable(TOO_LARGE), bulkExit: 0, bulk: sentWithWarning(TOO_LARGE) },
  huge200chunked: {
    sends: 1,
    exit: 0,
    line: () => unreadable(TOO_LARGE),
    bulkExit: 0,
    bulk: sentWithWarning(TOO_LARGE),
  },
  huge400: {
    sends: 1,
    exit: 254,
    line: () => `An error occurred (400) when calling the ResendConfirmationCode operation: ${huge400}`,
    bulkExit: 254,
    bulk: () => ({ Status: "FAILED", Error: { Code: "400", Message: huge400 } }),
  },
  http10: { sends: 1, exit: 0, bulkExit: 0, bulk: () => ({ Status: "SENT" }) },
};

const folder = (): string => emptyFolder({ "users.txt": "" });

function ours(server: FaultServer, dir: string, args: string[]): Promise<Run> {
  return runMain(["--client-id", CLIENT, "--endpoint-url", server.url, "--region", "us-east-1", ...args], { cwd: dir });
}

/** The user names of one variant: `s-plain`, or `b-debug-1`, `b-debug-2`, ... */
const namesOf = (variant: string): string[] =>
  variant.startsWith("b-") ? Array.from({ length: BULK_USERS }, (_, i) => `${variant}-${i + 1}`) : [variant];

/** A single call (`s-...`) or a bulk run (`b-...`), with --debug when the variant says so. */
function runVariant(server: FaultServer, variant: string, extra: string[] = []): Promise<Run> {
  const dir = folder();
  const debug = variant.includes("debug") ? ["--debug"] : [];
  if (variant.startsWith("s-")) return ours(server, dir, ["--username", variant, ...debug, ...extra]);
  writeFileSync(join(dir, "users.txt"), `${namesOf(variant).join("\n")}\n`);
  return ours(server, dir, ["--usernames-file", "users.txt", "--max-rate", "0", ...debug, ...extra]);
}

/**
 * Nothing of Node's own making reaches the user: no parse error text, no
 * stack, no warning. (The --debug log's entries may quote the underlying error.)
 */
function clean(run: Run): void {
  const text = run.stderr
    .replace(/^\S+ - resend-confirmation-code - DEBUG - .*$/gm, "")
    .replace(/^ {2}Deserialization error: .*$/gm, "");
  expect(text).not.toMatch(/Parse Error|HPE_|^\s+at |\(node:\d+\)|Warning: /m);
}

/** The modes whose outcome turns on the read timeout, a real one: run after the rest, in a process less busy. */
const TIMED = ["stall", "silent", "trickle"];

/** One mode, in the four variants at once: what each comes to, and how often each user's request reached the server. */
async function checkMode(mode: string, expected: Expected): Promise<void> {
  const server = await startFaultServer(mode);
  try {
    const variants = ["s-plain", "s-debug", "b-plain", "b-debug"];
    const runs = await Promise.all(variants.map((v) => runVariant(server, v, expected.args)));
    const [single, singleDebug, bulk, bulkDebug] = runs;
    await server.settled();
    const counts = server.counts();
    const context = JSON.stringify({ counts, runs }, null, 1);

    // Counted at the server: every user's request as often as the mode allows, --debug or not.
    for (const variant of variants)
      for (const name of namesOf(variant)) expect(counts[name] ?? 0, `${name}\n${context}`).toBe(expected.sends);

    // The single call: the exit code and its lines (the same last lines under --debug).
    for (const run of [single, singleDebug]) {
      clean(run);
      const unknown = expected.orUnknown !== undefined && run.exitCode === 255;
      const line = unknown
        ? `${expected.orUnknown?.(server.url)}\n${UNKNOWN_HINT}`
        : expected.line === undefined
          ? undefined
          : expected.line(server.url);
      expect(run.exitCode, context).toBe(unknown ? 255 : expected.exit);
      if (line === undefined) {
        expect(run.stderr, context).toBe(run === single ? "" : run.stderr);
        expect(JSON.parse(run.stdout)).toEqual({
          CodeDeliveryDetails: delivered(run === single ? "s-plain" : "s-debug"),
        });
        continue;
      }
      // A failure is an error line; an answer that could not be read (exit 0), only a note.
      const shown = `${run.exitCode === 0 ? "" : "resend-confirmation-code: [ERROR]: "}${line}\n`;
      if (run === single) expect(run.stderr, context).toBe(`\n${shown}`);
      else expect(run.stderr.endsWith(shown), context).toBe(true);
      expect(run.stdout).toBe("");
    }

    // The bulk run: one line per user, and the summary, the same with --debug.
    for (const [run, variant] of [
      [bulk, "b-plain"],
      [bulkDebug, "b-debug"],
    ] as const) {
      clean(run);
      const lines = run.stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as Line)
        .sort((a, b) => a.Username.localeCompare(b.Username));
      const orUnknown = expected.orUnknown;
      const want = namesOf(variant).map((name, i) => {
        if (orUnknown !== undefined && lines[i]?.Status === "UNKNOWN")
          return { Username: name, ClientId: CLIENT, ...unknownLine("ReadTimeoutError", orUnknown)(server.url) };
        const line = { Username: name, ClientId: CLIENT, ...expected.bulk(server.url) };
        return line.Status === "SENT" && line.Warning === undefined
          ? { ...line, CodeDeliveryDetails: delivered(name) }
          : line;
      });
      expect(lines, context).toEqual(want);
      const anyUnknown = orUnknown !== undefined && lines.some((line) => line.Status === "UNKNOWN");
      expect(run.exitCode, context).toBe(anyUnknown ? 255 : expected.bulkExit);
      expect(run.stderr).toMatch(
        /^\d+ sent, \d+ failed( \([^)]*\))?, (\d+ unknown, )?0 skipped; 3 users in [\d.]+ s \(\d+ requests?\/s\)$/m,
      );
    }
  } finally {
    await server.close();
  }
}

describe("fault injection: a request whose reply began is never sent again", () => {
  test.concurrent.each(Object.entries(MODES).filter(([mode]) => !TIMED.includes(mode)))("%s", checkMode);

  test.concurrent("a bulk user whose 200 could not be read (under --debug) is not sent again by --resume --retry-failed", async () => {
    const server = await startFaultServer("cutoff");
    try {
      const dir = folder();
      writeFileSync(join(dir, "users.txt"), "r-1\nr-2\n");
      const first = await ours(server, dir, ["--usernames-file", "users.txt", "--max-rate", "0", "--debug"]);
      expect(first.exitCode, first.stderr).toBe(0);
      writeFileSync(join(dir, "run1.jsonl"), first.stdout);
      const second = await ours(server, dir, [
        "--usernames-file",
        "users.txt",
        "--max-rate",
        "0",
        "--resume",
        "run1.jsonl",
        "--retry-failed",
      ]);
      expect(second.exitCode, second.stderr).toBe(0);
      expect(
        second.stdout
          .trim()
          .split("\n")
          .map((l) => (JSON.parse(l) as Line).Status),
      ).toEqual(["SKIPPED", "SKIPPED"]);
      await server.settled();
      expect(server.counts()).toEqual({ "r-1": 1, "r-2": 1 });
    } finally {
      await server.close();
    }
  });
});

// A busy process fires a timer late, and the read timeout with it: these wait for the others to be done.
describe("fault injection, the modes that wait on the read timeout", () => {
  test.concurrent.each(Object.entries(MODES).filter(([mode]) => TIMED.includes(mode)))("%s", checkMode);
});
