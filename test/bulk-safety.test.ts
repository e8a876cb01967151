// One person, one code: a bulk run against the Cognito stand-in (test/support/
// cognito-service.ts), through the real CLI in this process (main), the real
// SDK and real HTTP, on a clock that moves only when the run waits. Every
// figure is counted at the stand-in, per person (sentTo: the codes and
// invitations that actually went out): resumes that compose, a journal that
// carries on, outcomes nobody can know, the same person named twice, the
// failures of the pool that stop a run, and a pace that leaves the quota to
// the application.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import type { Clock } from "../src/bulk";
import { fakeClock } from "./support/clock";
import {
  CLIENT_SECRET,
  CLIENT_WITH_SECRET,
  CLIENT_WITHOUT_SECRET,
  type CognitoService,
  type CognitoServiceOptions,
  MESSAGES,
  startCognitoService,
  TEST_CREDENTIALS,
  users,
} from "./support/cognito-service";
import { at, folder, parse, RESUME_TAIL, type Result, withoutSummary } from "./support/fixtures";
import { type RecordingIo, runMain } from "./support/io";
import { CLOSED_PORT } from "./support/run-case";

const C = CLIENT_WITHOUT_SECRET;
const KEYS = {
  AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
};

/** What a run stopped by the daily email limit says to do. */
const DAILY =
  "the service's daily email limit is reached: no more emails go out from this account today. Resume once the limit resets, within a day; a user pool that sends through your own Amazon SES configuration (EmailSendingAccount DEVELOPER) has a much higher limit;";
/** What a run stopped by a wrong or missing client secret says to do. */
const SECRET =
  "the app client's secret is wrong or missing. Give the app client's secret with --client-secret (or COGNITO_CLIENT_SECRET), or none for a client without one;";

/** user-FROM … user-(FROM+N-1). */
const names = (n: number, from = 1): string[] => Array.from({ length: n }, (_, i) => `user-${from + i}`);

/** A result line as the lines of a resume file have it (what a test writes by hand). */
type Line = Result & { Prior?: string; PriorError?: string };

/** The stand-in on `clock`, sending email through the pool's own SES (no daily cap) unless told otherwise. */
function standIn(clock: Clock, options: CognitoServiceOptions = {}): Promise<CognitoService> {
  return startCognitoService({ now: () => clock.now(), emailSendingAccount: "DEVELOPER", ...options });
}

interface RunOptions {
  /** --user-pool-id (the stand-in's) and the test key pair. */
  pool?: boolean;
  clientId?: string;
  concurrency?: number;
  maxRate?: number;
  /** Ctrl-C once the run has written this many lines. */
  interruptAfter?: number;
  /** Also write stdout to this file of `dir` (as `> FILE` would). */
  save?: string;
  /** Called after each line of stdout, with the run's Io. */
  onLine?: (line: Line, io: RecordingIo) => void;
}

interface Run {
  exitCode: number;
  lines: Line[];
  stdout: string;
  stderr: string;
  /** The one-line summary on stderr. */
  summary: string;
}

/** The command against `cognito` in `dir`, on `clock`: one request at a time at full speed unless told otherwise. */
async function run(
  cognito: CognitoService,
  clock: Clock,
  dir: string,
  args: string[],
  options: RunOptions = {},
): Promise<Run> {
  let written = 0;
  const outcome = await runMain(
    [
      "--client-id",
      options.clientId ?? C,
      ...(options.pool ? ["--user-pool-id", cognito.userPoolId] : []),
      ...at(cognito),
      "--max-rate",
      String(options.maxRate ?? 0),
      "--concurrency",
      String(options.concurrency ?? 1),
      ...args,
    ],
    {
      cwd: dir,
      clock,
      env: options.pool ? KEYS : undefined,
      onStdout: (text, io) => {
        written += 1;
        options.onLine?.(JSON.parse(text) as Line, io);
        if (written === options.interruptAfter) expect(io.interrupt()).toBe(true);
      },
    },
  );
  // What a run sent, counted once the stand-in has read it all (a run may give up on a request first).
  await cognito.settled();
  if (options.save !== undefined) writeFileSync(join(dir, options.save), outcome.stdout);
  const summary =
    outcome.stderr.split("\n").find((line) => /^(?:stopped: |interrupted: )?\d+ sent, \d+ failed/.test(line)) ?? "";
  return {
    exitCode: outcome.exitCode,
    lines: parse(outcome.stdout) as Line[],
    stdout: outcome.stdout,
    stderr: outcome.stderr,
    summary,
  };
}

/** A usernames file's text. */
const listing = (lines: string[]): string => lines.map((line) => `${line}\n`).join("");

type Row = [string | null, string, string | null];

/**
 * What each line says, in short: [Username, Status, Prior or error code], in
 * the order of the usernames (a SKIPPED line may come before the line of a
 * user sent earlier, whose answer is still on its way).
 */
const brief = (lines: Line[]): Row[] =>
  lines
    .map((line): Row => [line.Username, line.Status, line.Prior ?? line.Error?.Code ?? null])
    .sort((x, y) => String(x[0]).localeCompare(String(y[0])));

/** `rows` in the order brief gives. */
const rows = (...list: Row[]): Row[] => list.sort((x, y) => String(x[0]).localeCompare(String(y[0])));

/** The codes that went out, per username. */
const codes = (cognito: CognitoService, usernames: string[]): number[] => usernames.map((u) => cognito.sentTo(u));

/** Every username has exactly one line. */
function onePerUser(lines: Line[], usernames: string[]): void {
  expect(lines.map((line) => line.Username).sort()).toEqual([...usernames].sort());
}

const byName = (lines: Line[], username: string): Line | undefined => lines.find((line) => line.Username === username);

const journalLines = (dir: string, file: string): Line[] =>
  readFileSync(join(dir, file), "utf8")
    .split("\n")
    .filter((text) => text !== "")
    .map((text) => JSON.parse(text) as Line);

describe.concurrent("resumes that compose", () => {
  test("three runs, the first two interrupted part way, each resuming only the one before: every user is sent exactly one code", async () => {
    const clock = fakeClock();
    const cognito = await standIn(clock, { users: users(40) });
    // user-3's answer never comes (its code goes out); ghost is no user of the pool.
    cognito.noAnswerFor("reset", "user-3");
    const file = [...names(5), "ghost", ...names(35, 6)];
    const dir = folder({ "users.txt": listing(file) });
    try {
      const args = ["--usernames-file", "users.txt"];
      const first = await run(cognito, clock, dir, args, { concurrency: 4, interruptAfter: 8, save: "run1.jsonl" });
      expect(first.exitCode, first.stderr).toBe(130);
      expect(first.summary).toMatch(/^interrupted: /);
      expect(first.lines.length).toBeLessThan(20);
      expect(byName(first.lines, "user-3")?.Status).toBe("UNKNOWN");
      expect(byName(first.lines, "ghost")?.Error?.Code).toBe("UserNotFoundException");

      const second = await run(cognito, clock, dir, [...args, "--resume", "run1.jsonl"], {
        concurrency: 4,
        interruptAfter: 25,
        save: "run2.jsonl",
      });
      expect(second.exitCode, second.stderr).toBe(130);
      expect(second.lines.length).toBeLessThan(file.length);
      // Each user of the first run is SKIPPED with what the first run said of it.
      for (const line of first.lines)
        expect(byName(second.lines, line.Username as string)).toMatchObject({ Status: "SKIPPED", Prior: line.Status });
      expect(second.lines.filter((line) => line.Status === "SENT").length).toBeGreaterThan(0);

      // Only the second run's results: its SKIPPED lines carry the first run's.
      const third = await run(cognito, clock, dir, [...args, "--resume", "run2.jsonl"], { concurrency: 4 });
      expect(third.exitCode, third.stderr).toBe(0);
      onePerUser(third.lines, file);
      expect(byName(third.lines, "user-3")).toMatchObject({ Status: "SKIPPED", Prior: "UNKNOWN" });
      expect(byName(third.lines, "ghost")).toMatchObject({
        Status: "SKIPPED",
        Prior: "FAILED",
        PriorError: "UserNotFoundException",
      });
      const earlier = new Set(second.lines.map((line) => line.Username));
      for (const line of third.lines)
        expect(line.Status, String(line.Username)).toBe(earlier.has(line.Username) ? "SKIPPED" : "SENT");

      expect(codes(cognito, names(40))).toEqual(Array(40).fill(1));
      // One request each over the three runs: the unanswered one and the failed one were never sent again.
      expect(cognito.count("ResendConfirmationCode")).toBe(41);
      expect(cognito.countFor("user-3", "ResendConfirmationCode")).toBe(1);
      expect(cognito.countFor("ghost", "ResendConfirmationCode")).toBe(1);
    } finally {
      await cognito.close();
    }
  });

  test("several --resume files read together: SENT, FAILED and UNKNOWN from either; --retry-failed, then --retry-unknown, each send once more", async () => {
    const clock = fakeClock();
    const cognito = await standIn(clock, { users: users(8) });
    const dir = folder({
      "a.txt": listing(["user-1", "user-2", "user-3"]),
      "b.txt": listing(["user-4", "ghost"]),
      "users.txt": listing([...names(6), "ghost"]),
    });
    try {
      // Run A: user-3's request is written and never answered.
      cognito.noAnswerFor("reset", "user-3");
      const a = await run(cognito, clock, dir, ["--usernames-file", "a.txt"], { save: "a.jsonl" });
      expect([a.exitCode, brief(a.lines)]).toEqual([
        255,
        rows(["user-1", "SENT", null], ["user-2", "SENT", null], ["user-3", "UNKNOWN", "ConnectionClosedError"]),
      ]);
      // Run B: delivery broken for a while.
      cognito.failDelivery(true);
      const b = await run(cognito, clock, dir, ["--usernames-file", "b.txt"], { save: "b.jsonl" });
      cognito.failDelivery(false);
      expect([b.exitCode, brief(b.lines)]).toEqual([
        254,
        rows(["user-4", "FAILED", "CodeDeliveryFailureException"], ["ghost", "FAILED", "UserNotFoundException"]),
      ]);

      // Both files (in either order): only the users neither accounts for are sent.
      const c = await run(
        cognito,
        clock,
        dir,
        ["--usernames-file", "users.txt", "--resume", "b.jsonl", "--resume", "a.jsonl"],
        {
          save: "c.jsonl",
        },
      );
      expect(c.exitCode, c.stderr).toBe(0);
      expect(brief(c.lines)).toEqual(
        rows(
          ["user-1", "SKIPPED", "SENT"],
          ["user-2", "SKIPPED", "SENT"],
          ["user-3", "SKIPPED", "UNKNOWN"],
          ["user-4", "SKIPPED", "FAILED"],
          ["user-5", "SENT", null],
          ["user-6", "SENT", null],
          ["ghost", "SKIPPED", "FAILED"],
        ),
      );
      expect(byName(c.lines, "user-4")?.PriorError).toBe("CodeDeliveryFailureException");
      expect(byName(c.lines, "ghost")?.PriorError).toBe("UserNotFoundException");
      expect(c.summary).toMatch(/^2 sent, 0 failed, 5 skipped;/);

      // --retry-failed: the two FAILED users are tried once more, and nobody else.
      const d = await run(
        cognito,
        clock,
        dir,
        [
          "--usernames-file",
          "users.txt",
          "--resume",
          "a.jsonl",
          "--resume",
          "b.jsonl",
          "--resume",
          "c.jsonl",
          "--retry-failed",
        ],
        { save: "d.jsonl" },
      );
      expect(d.exitCode).toBe(254);
      expect(brief(d.lines)).toEqual(
        rows(
          ["user-1", "SKIPPED", "SENT"],
          ["user-2", "SKIPPED", "SENT"],
          ["user-3", "SKIPPED", "UNKNOWN"],
          ["user-4", "SENT", null],
          ["user-5", "SKIPPED", "SENT"],
          ["user-6", "SKIPPED", "SENT"],
          ["ghost", "FAILED", "UserNotFoundException"],
        ),
      );

      // --retry-unknown once the answers come again: user-3 alone is sent again (a second code, asked for).
      cognito.answerAgain();
      const e = await run(cognito, clock, dir, [
        "--usernames-file",
        "users.txt",
        ...["a.jsonl", "b.jsonl", "c.jsonl", "d.jsonl"].flatMap((f) => ["--resume", f]),
        "--retry-unknown",
      ]);
      expect(e.exitCode, e.stderr).toBe(0);
      expect(brief(e.lines)).toEqual(
        rows(
          ["user-1", "SKIPPED", "SENT"],
          ["user-2", "SKIPPED", "SENT"],
          ["user-3", "SENT", null],
          ["user-4", "SKIPPED", "SENT"],
          ["user-5", "SKIPPED", "SENT"],
          ["user-6", "SKIPPED", "SENT"],
          ["ghost", "SKIPPED", "FAILED"],
        ),
      );
      expect(codes(cognito, names(8))).toEqual([1, 1, 2, 1, 1, 1, 0, 0]);
      expect(cognito.countFor("ghost", "ResendConfirmationCode")).toBe(2);
    } finally {
      await cognito.close();
    }
  });

  test("one person in several files: SENT over UNKNOWN over FAILED, whatever the order of the files and the letter case", async () => {
    const clock = fakeClock();
    const cognito = await standIn(clock, { users: users(6) });
    const line = (username: string, status: string, extra: Record<string, unknown> = {}): string =>
      `${JSON.stringify({ Username: username, ClientId: C, Status: status, ...extra })}\n`;
    const failed = { Error: { Code: "CodeDeliveryFailureException", Message: MESSAGES.emailDelivery } };
    const dir = folder({
      "users.txt": listing(names(6)),
      "one.jsonl": [
        line("user-1", "FAILED", failed),
        line("user-2", "UNKNOWN"),
        line("user-3", "FAILED", failed),
        line("USER-4", "SKIPPED", { Reason: "already sent (in the results of an earlier run)", Prior: "SENT" }),
        line("user-5", "SKIPPED", { Reason: "failed before", Prior: "FAILED", PriorError: "UserNotFoundException" }),
      ].join(""),
      "two.jsonl": [line("User-1", "SENT"), line("user-2", "FAILED", failed), line("user-3", "UNKNOWN")].join(""),
    });
    try {
      for (const order of [
        ["one.jsonl", "two.jsonl"],
        ["two.jsonl", "one.jsonl"],
      ]) {
        const resume = order.flatMap((f) => ["--resume", f]);
        const plain = await run(cognito, clock, dir, ["--usernames-file", "users.txt", ...resume, "--retry-failed"]);
        expect(plain.exitCode, plain.stderr).toBe(0);
        expect(brief(plain.lines)).toEqual(
          rows(
            ["user-1", "SKIPPED", "SENT"],
            ["user-2", "SKIPPED", "UNKNOWN"],
            ["user-3", "SKIPPED", "UNKNOWN"],
            ["user-4", "SKIPPED", "SENT"],
            ["user-5", "SENT", null],
            ["user-6", "SENT", null],
          ),
        );
      }
      expect(codes(cognito, names(6))).toEqual([0, 0, 0, 0, 2, 2]);
    } finally {
      await cognito.close();
    }
  });

  test("a second --resume file from another app client is refused before anything is sent (252)", async () => {
    const clock = fakeClock();
    const cognito = await standIn(clock, { users: users(2) });
    const dir = folder({
      "users.txt": listing(names(2)),
      "mine.jsonl": `{"Username":"user-1","ClientId":"${C}","Status":"SENT"}\n`,
      "theirs.jsonl": `{"Username":"user-2","ClientId":"${CLIENT_WITH_SECRET}","Status":"SENT"}\n`,
    });
    try {
      const refused = await run(cognito, clock, dir, [
        "--usernames-file",
        "users.txt",
        "--resume",
        "mine.jsonl",
        "--resume",
        "theirs.jsonl",
      ]);
      expect(refused.exitCode).toBe(252);
      expect(refused.stderr).toContain(
        `Bad value for --resume "theirs.jsonl": it holds the results of a run with --client-id ${CLIENT_WITH_SECRET}, and this run's is ${C}.`,
      );
      expect(refused.lines).toEqual([]);
      expect(cognito.count()).toBe(0);
    } finally {
      await cognito.close();
    }
  });
});

describe.concurrent("outcomes nobody can know (UNKNOWN)", () => {
  test("a read timeout and a reset: the code went out, each is UNKNOWN, sent once; a resume skips them, --retry-unknown sends again", async () => {
    const clock = fakeClock();
    const cognito = await standIn(clock, { users: users(5) });
    cognito.noAnswerFor("stall", "user-2");
    cognito.noAnswerFor("reset", "user-4");
    const dir = folder({ "users.txt": listing(names(5)) });
    try {
      const args = ["--usernames-file", "users.txt", "--cli-read-timeout", "1"];
      const first = await run(cognito, clock, dir, args, { save: "first.jsonl" });
      expect(first.exitCode, first.stderr).toBe(255);
      expect(brief(first.lines)).toEqual(
        rows(
          ["user-1", "SENT", null],
          ["user-2", "UNKNOWN", "ReadTimeoutError"],
          ["user-3", "SENT", null],
          ["user-4", "UNKNOWN", "ConnectionClosedError"],
          ["user-5", "SENT", null],
        ),
      );
      expect(byName(first.lines, "user-2")).toMatchObject({
        ClientId: C,
        Error: { Code: "ReadTimeoutError", Message: `Read timeout on endpoint URL: "${cognito.url}/"` },
        Reason: "the request was written and no answer came: the service may have sent the code",
      });
      expect(first.summary).toMatch(/^3 sent, 0 failed, 2 unknown, 0 skipped;/);
      expect(first.stderr).toContain("2 users' requests got no answer (UNKNOWN)");
      // Neither the SDK nor the run sent them again: one request, one code each.
      expect(names(5).map((u) => cognito.countFor(u, "ResendConfirmationCode"))).toEqual([1, 1, 1, 1, 1]);
      expect(codes(cognito, names(5))).toEqual([1, 1, 1, 1, 1]);

      const resumed = await run(cognito, clock, dir, [...args, "--resume", "first.jsonl"], { save: "second.jsonl" });
      expect(resumed.exitCode, resumed.stderr).toBe(0);
      expect(brief(resumed.lines)).toEqual(
        rows(
          ["user-1", "SKIPPED", "SENT"],
          ["user-2", "SKIPPED", "UNKNOWN"],
          ["user-3", "SKIPPED", "SENT"],
          ["user-4", "SKIPPED", "UNKNOWN"],
          ["user-5", "SKIPPED", "SENT"],
        ),
      );
      expect(byName(resumed.lines, "user-2")?.Reason).toContain("--retry-unknown sends again");
      expect(cognito.count("ResendConfirmationCode")).toBe(5);

      cognito.answerAgain();
      const again = await run(cognito, clock, dir, [...args, "--resume", "second.jsonl", "--retry-unknown"]);
      expect(again.exitCode, again.stderr).toBe(0);
      expect(brief(again.lines)).toEqual(
        rows(
          ["user-1", "SKIPPED", "SENT"],
          ["user-2", "SENT", null],
          ["user-3", "SKIPPED", "SENT"],
          ["user-4", "SENT", null],
          ["user-5", "SKIPPED", "SENT"],
        ),
      );
      expect(codes(cognito, names(5))).toEqual([1, 2, 1, 2, 1]);
    } finally {
      await cognito.close();
    }
  });

  test("with --concurrency 4, a stalled request holds up nobody else and is never sent twice", async () => {
    const clock = fakeClock();
    const cognito = await standIn(clock, { users: users(40) });
    cognito.noAnswerFor("stall", "user-5", "user-6");
    const dir = folder({ "users.txt": listing(names(40)) });
    try {
      const done = await run(cognito, clock, dir, ["--usernames-file", "users.txt", "--cli-read-timeout", "1"], {
        concurrency: 4,
      });
      expect(done.exitCode, done.stderr).toBe(255);
      onePerUser(done.lines, names(40));
      expect(done.lines.filter((line) => line.Status === "UNKNOWN").map((line) => line.Username)).toEqual([
        "user-5",
        "user-6",
      ]);
      expect(codes(cognito, names(40))).toEqual(Array(40).fill(1));
      expect(cognito.count("ResendConfirmationCode")).toBe(40);
    } finally {
      await cognito.close();
    }
  });
});

describe.concurrent("--results: the run's own journal", () => {
  test("interrupted, then the same command again: it carries on, one line per user on stdout, one code per user", async () => {
    const clock = fakeClock();
    const cognito = await standIn(clock, { users: users(30) });
    cognito.noAnswerFor("reset", "user-2");
    const dir = folder({ "users.txt": listing(names(30)) });
    try {
      const args = ["--usernames-file", "users.txt", "--results", "journal.jsonl"];
      const first = await run(cognito, clock, dir, args, { concurrency: 4, interruptAfter: 10 });
      expect(first.exitCode, first.stderr).toBe(130);
      expect(first.lines.length).toBeLessThan(30);

      // Before each request, its user in flight; after it, the line stdout got.
      const journal = journalLines(dir, "journal.jsonl");
      const inFlight = journal.filter((line) => line.Status === "IN_FLIGHT");
      const requested = cognito.requests.filter((r) => r.operation === "ResendConfirmationCode").map((r) => r.username);
      expect(inFlight.map((line) => line.Username).sort()).toEqual([...requested].sort());
      expect(inFlight.every((line) => line.ClientId === C && line.Action === "ResendConfirmationCode")).toBe(true);
      for (const line of first.lines) {
        const written = journal.findIndex((j) => j.Username === line.Username && j.Status === line.Status);
        const before = journal.findIndex((j) => j.Username === line.Username && j.Status === "IN_FLIGHT");
        expect(before, String(line.Username)).toBeGreaterThanOrEqual(0);
        expect(written, String(line.Username)).toBeGreaterThan(before);
      }
      expect(journal.filter((line) => line.Status !== "IN_FLIGHT")).toEqual(first.lines);

      const second = await run(cognito, clock, dir, args, { concurrency: 4 });
      expect(second.exitCode, second.stderr).toBe(0);
      onePerUser(second.lines, names(30));
      for (const line of first.lines)
        expect(byName(second.lines, line.Username as string)).toMatchObject({ Status: "SKIPPED", Prior: line.Status });
      expect(second.lines.filter((line) => line.Status === "SENT")).toHaveLength(30 - first.lines.length);
      expect(byName(second.lines, "user-2")).toMatchObject({ Status: "SKIPPED", Prior: "UNKNOWN" });

      // A third time: all done, nothing sent.
      const third = await run(cognito, clock, dir, args, { concurrency: 4 });
      expect(third.exitCode, third.stderr).toBe(0);
      expect(third.lines.map((line) => line.Status)).toEqual(Array(30).fill("SKIPPED"));
      expect(codes(cognito, names(30))).toEqual(Array(30).fill(1));
      expect(cognito.count("ResendConfirmationCode")).toBe(30);
    } finally {
      await cognito.close();
    }
  });

  test("a journal a kill cut short: a user left IN_FLIGHT is UNKNOWN, not sent again unless --retry-unknown", async () => {
    const clock = fakeClock();
    const cognito = await standIn(clock, { users: users(5) });
    const entry = (username: string, status: string, extra: Record<string, unknown> = {}): string =>
      `${JSON.stringify({ Username: username, ClientId: C, Status: status, ...extra })}\n`;
    const flight = { Action: "ResendConfirmationCode" };
    const dir = folder({
      "users.txt": listing(names(5)),
      "journal.jsonl": [
        entry("user-1", "IN_FLIGHT", flight),
        entry("user-1", "SENT"),
        entry("user-2", "IN_FLIGHT", flight),
        entry("user-2", "FAILED", { Error: { Code: "CodeDeliveryFailureException", Message: MESSAGES.emailDelivery } }),
        entry("user-3", "IN_FLIGHT", flight),
      ].join(""),
    });
    try {
      const args = ["--usernames-file", "users.txt", "--results", "journal.jsonl"];
      const carried = await run(cognito, clock, dir, args);
      expect(carried.exitCode, carried.stderr).toBe(0);
      expect(brief(carried.lines)).toEqual(
        rows(
          ["user-1", "SKIPPED", "SENT"],
          ["user-2", "SKIPPED", "FAILED"],
          ["user-3", "SKIPPED", "UNKNOWN"],
          ["user-4", "SENT", null],
          ["user-5", "SENT", null],
        ),
      );
      expect(codes(cognito, names(5))).toEqual([0, 0, 0, 1, 1]);

      const retried = await run(cognito, clock, dir, [...args, "--retry-unknown"]);
      expect(retried.exitCode, retried.stderr).toBe(0);
      expect(brief(retried.lines)).toEqual(
        rows(
          ["user-1", "SKIPPED", "SENT"],
          ["user-2", "SKIPPED", "FAILED"],
          ["user-3", "SENT", null],
          ["user-4", "SKIPPED", "SENT"],
          ["user-5", "SKIPPED", "SENT"],
        ),
      );
      expect(codes(cognito, names(5))).toEqual([0, 0, 1, 1, 1]);
    } finally {
      await cognito.close();
    }
  });

  test("--resume and --results together: the same command again sends no one twice", async () => {
    const clock = fakeClock();
    const cognito = await standIn(clock, { users: users(20) });
    const dir = folder({ "first.txt": listing(names(8)), "users.txt": listing(names(20)) });
    try {
      const first = await run(cognito, clock, dir, ["--usernames-file", "first.txt"], { save: "first.jsonl" });
      expect(first.exitCode, first.stderr).toBe(0);
      const args = ["--usernames-file", "users.txt", "--resume", "first.jsonl", "--results", "journal.jsonl"];
      const second = await run(cognito, clock, dir, args, { concurrency: 4, interruptAfter: 12 });
      expect(second.exitCode, second.stderr).toBe(130);
      const third = await run(cognito, clock, dir, args, { concurrency: 4 });
      expect(third.exitCode, third.stderr).toBe(0);
      onePerUser(third.lines, names(20));
      expect(third.lines.filter((line) => line.Status === "SENT").length).toBe(
        20 - 8 - second.lines.filter((line) => line.Status === "SENT").length,
      );
      expect(codes(cognito, names(20))).toEqual(Array(20).fill(1));
    } finally {
      await cognito.close();
    }
  });

  test("interrupted while a user waits to be tried again after throttling (--all-unconfirmed): it gets no line, and the same command sends each user once", async () => {
    const fake = fakeClock();
    let io: RecordingIo | undefined;
    let cognito: CognitoService | undefined;
    let interrupted = false;
    // Ctrl-C as soon as the run waits after the service first throttled it: the throttled user is waiting to be tried again.
    const clock: Clock = {
      now: () => fake.now(),
      sleep: async (ms) => {
        if (!interrupted && io !== undefined && (cognito?.throttled("ResendConfirmationCode") ?? 0) > 0) {
          interrupted = true;
          expect(io.interrupt()).toBe(true);
        }
        await fake.sleep(ms);
      },
    };
    cognito = await standIn(clock, {
      users: users(60),
      provisionedLimits: false,
      rates: { UserAccountRecovery: { perSecond: 5 } },
    });
    const dir = folder();
    try {
      const args = ["--all-unconfirmed", "--results", "journal.jsonl"];
      const first = await run(cognito, clock, dir, args, {
        pool: true,
        concurrency: 4,
        onLine: (_line, runIo) => {
          io = runIo;
        },
      });
      expect(interrupted).toBe(true);
      expect(first.exitCode, first.stderr).toBe(130);
      const waiting = journalLines(dir, "journal.jsonl").filter((line) => line.Status === "NOT_SENT");
      expect(waiting.length).toBeGreaterThan(0);
      for (const line of waiting) {
        expect(line.Reason).toBe("the run stopped before it was tried again");
        expect(byName(first.lines, line.Username as string)).toBeUndefined();
        expect(cognito.sentTo(line.Username as string)).toBe(0);
      }
      const sent = names(60).filter((name) => cognito.sentTo(name) === 1);
      expect(first.lines.map((line) => line.Username).sort()).toEqual(sent.sort());

      io = undefined;
      const second = await run(cognito, clock, dir, args, { pool: true, concurrency: 4 });
      expect(second.exitCode, second.stderr).toBe(0);
      onePerUser(second.lines, names(60));
      for (const line of waiting) expect(byName(second.lines, line.Username as string)?.Status).toBe("SENT");
      expect(codes(cognito, names(60))).toEqual(Array(60).fill(1));
    } finally {
      await cognito.close();
    }
  });

  // A journal's last line cut off (a kill mid-write, a full disk) is ended before the next run's first
  // record, which would otherwise be glued to the fragment and never read back.
  test("a journal whose last line was cut off mid-line: the next run's first in-flight record still counts", async () => {
    const clock = fakeClock();
    const cognito = await standIn(clock, { users: users(2) });
    const record = JSON.stringify({
      Username: "user-1",
      ClientId: C,
      Status: "IN_FLIGHT",
      Action: "ResendConfirmationCode",
    });
    const dir = folder({ "users.txt": listing(names(2)), "journal.jsonl": `${record}\n{"Username":"user-1","Cli` });
    try {
      const args = ["--usernames-file", "users.txt", "--results", "journal.jsonl"];
      const carried = await run(cognito, clock, dir, args);
      expect(carried.exitCode, carried.stderr).toBe(0);
      expect(brief(carried.lines)).toEqual(rows(["user-1", "SKIPPED", "UNKNOWN"], ["user-2", "SENT", null]));
      // As if that run had been killed once user-2's request was recorded in flight, before its answer came.
      const text = readFileSync(join(dir, "journal.jsonl"), "utf8");
      const end = text.indexOf("\n", text.indexOf('"Username":"user-2","ClientId"')) + 1;
      writeFileSync(join(dir, "journal.jsonl"), text.slice(0, end));
      expect(readFileSync(join(dir, "journal.jsonl"), "utf8")).not.toContain('"Status":"SENT"');
      const again = await run(cognito, clock, dir, args);
      expect(brief(again.lines)).toEqual(rows(["user-1", "SKIPPED", "UNKNOWN"], ["user-2", "SKIPPED", "UNKNOWN"]));
      expect(codes(cognito, names(2))).toEqual([0, 1]);
    } finally {
      await cognito.close();
    }
  });
});

describe.concurrent("the same person named twice", () => {
  const kim = (username: string, email = `${username.toLowerCase()}@example.com`) => ({
    username,
    attributes: { email },
  });

  test("without the pool, in a case-insensitive pool: three spellings of one user get one code; a resume in yet another spelling skips it", async () => {
    const clock = fakeClock();
    const cognito = await standIn(clock, { caseSensitive: false, users: [kim("Kim")] });
    const dir = folder({
      "users.txt": listing(["Kim", "kim", '{"Username": "KIM", "ClientMetadata": {"campaign": "spring"}}']),
      "again.txt": listing(["kIM", "KiM"]),
    });
    try {
      const first = await run(cognito, clock, dir, ["--usernames-file", "users.txt"], { save: "first.jsonl" });
      expect(first.exitCode, first.stderr).toBe(0);
      const duplicate =
        "duplicate of line 1: the same username in other letter case, which a case-insensitive user pool counts as one user; --case-sensitive-usernames counts them as two";
      expect(first.lines.map((line) => [line.Username, line.Status, line.Reason ?? null]).sort()).toEqual(
        [
          ["Kim", "SENT", null],
          ["kim", "SKIPPED", duplicate],
          ["KIM", "SKIPPED", duplicate],
        ].sort(),
      );
      const resumed = await run(cognito, clock, dir, ["--usernames-file", "again.txt", "--resume", "first.jsonl"]);
      expect(resumed.exitCode, resumed.stderr).toBe(0);
      expect(resumed.lines.map((line) => line.Status)).toEqual(["SKIPPED", "SKIPPED"]);
      expect(resumed.lines[0]).toMatchObject({ Username: "kIM", Prior: "SENT" });
      expect(cognito.sentTo("Kim")).toBe(1);
      expect(cognito.count("ResendConfirmationCode")).toBe(1);
    } finally {
      await cognito.close();
    }
  });

  test("without the pool, in a case-sensitive pool: --case-sensitive-usernames sends both Kim and kim, and resumes them apart", async () => {
    const clock = fakeClock();
    const cognito = await standIn(clock, { users: [kim("Kim", "kim.upper@example.com"), kim("kim")] });
    const dir = folder({ "one.txt": listing(["Kim"]), "both.txt": listing(["Kim", "kim"]) });
    try {
      // By default two spellings are taken for one person (the safe side): the second is SKIPPED.
      const cautious = await run(cognito, clock, dir, ["--usernames-file", "both.txt", "--dry-run"]);
      expect(cautious.lines.map((line) => [line.Username, line.Status])).toEqual([
        ["Kim", "WOULD_SEND"],
        ["kim", "SKIPPED"],
      ]);
      const first = await run(cognito, clock, dir, ["--usernames-file", "one.txt", "--case-sensitive-usernames"], {
        save: "first.jsonl",
      });
      expect(first.exitCode, first.stderr).toBe(0);
      const both = await run(cognito, clock, dir, [
        "--usernames-file",
        "both.txt",
        "--case-sensitive-usernames",
        "--resume",
        "first.jsonl",
      ]);
      expect(both.exitCode, both.stderr).toBe(0);
      expect(brief(both.lines)).toEqual(rows(["Kim", "SKIPPED", "SENT"], ["kim", "SENT", null]));
      expect([cognito.sentTo("Kim"), cognito.sentTo("kim")]).toEqual([1, 1]);
      expect(cognito.count("ResendConfirmationCode")).toBe(2);
    } finally {
      await cognito.close();
    }
  });

  test("with a case-insensitive pool: every spelling is resolved to the pool's username, sent once, and a resume in another spelling skips it", async () => {
    const clock = fakeClock();
    const cognito = await standIn(clock, { caseSensitive: false, users: [kim("Kim"), kim("Lee")] });
    const dir = folder({ "users.txt": listing(["kim", "Kim", "KIM", "lee"]), "again.txt": listing(["kIm", "LEE"]) });
    try {
      const first = await run(cognito, clock, dir, ["--usernames-file", "users.txt"], {
        pool: true,
        save: "first.jsonl",
      });
      expect(first.exitCode, first.stderr).toBe(0);
      const duplicate =
        "duplicate of line 1: the same user in other letter case: usernames in this user pool are case-insensitive";
      expect(
        first.lines.map((line) => [line.Username, line.UserPoolId, line.Status, line.Reason ?? null]).sort(),
      ).toEqual(
        [
          ["Kim", cognito.userPoolId, "SENT", null],
          ["Kim", cognito.userPoolId, "SKIPPED", duplicate],
          ["Kim", cognito.userPoolId, "SKIPPED", duplicate],
          ["Lee", cognito.userPoolId, "SENT", null],
        ].sort(),
      );
      const resumed = await run(cognito, clock, dir, ["--usernames-file", "again.txt", "--resume", "first.jsonl"], {
        pool: true,
      });
      expect(resumed.exitCode, resumed.stderr).toBe(0);
      expect(brief(resumed.lines)).toEqual(rows(["Kim", "SKIPPED", "SENT"], ["Lee", "SKIPPED", "SENT"]));
      expect([cognito.sentTo("Kim"), cognito.sentTo("Lee")]).toEqual([1, 1]);
      expect(cognito.count("ResendConfirmationCode")).toBe(2);
    } finally {
      await cognito.close();
    }
  });

  test("with a pool whose users sign in with their email: a line giving the email and a line giving the username are one user", async () => {
    const clock = fakeClock();
    const id = "0f8fad5b-d9cb-469f-a165-70867728950e";
    const cognito = await standIn(clock, {
      caseSensitive: false,
      usernameAttributes: ["email"],
      users: [kim(id, "kim@example.com")],
    });
    const dir = folder({
      "by-username.txt": listing([id, "kim@example.com"]),
      "by-email.txt": listing(["kim@example.com", id]),
    });
    try {
      const first = await run(cognito, clock, dir, ["--usernames-file", "by-username.txt"], {
        pool: true,
        save: "first.jsonl",
      });
      expect(first.exitCode, first.stderr).toBe(0);
      expect(first.lines.map((line) => [line.Username, line.Status, line.Reason ?? null])).toEqual([
        [id, "SENT", null],
        [id, "SKIPPED", "duplicate of line 1: the same user: this line gives its email"],
      ]);
      // The other way round, resuming the first run: the email is resolved to the user, whom the results account for.
      const resumed = await run(cognito, clock, dir, ["--usernames-file", "by-email.txt", "--resume", "first.jsonl"], {
        pool: true,
      });
      expect(resumed.exitCode, resumed.stderr).toBe(0);
      expect(resumed.lines.map((line) => [line.Username, line.Status])).toEqual([
        [id, "SKIPPED"],
        [id, "SKIPPED"],
      ]);
      expect(resumed.lines[0]).toMatchObject({ Prior: "SENT" });
      // The other way round with nothing to resume: the email's line is sent, the username's is its duplicate.
      const fresh = await run(
        cognito,
        clock,
        folder({ "by-email.txt": listing(["kim@example.com", id]) }),
        ["--usernames-file", "by-email.txt"],
        { pool: true },
      );
      expect(fresh.exitCode, fresh.stderr).toBe(0);
      expect(fresh.lines.map((line) => [line.Username, line.Status, line.ResolvedFrom ?? null]).sort()).toEqual(
        [
          [id, "SENT", "email"],
          [id, "SKIPPED", null],
        ].sort(),
      );
      expect(fresh.lines.find((line) => line.Status === "SKIPPED")?.Reason).toMatch(/^duplicate of line 1: /);
      expect(cognito.sentTo(id)).toBe(2);
      expect(cognito.count("ResendConfirmationCode")).toBe(2);
    } finally {
      await cognito.close();
    }
  });

  // A line giving the username after a line that gave the user's email: the reason names the email.
  test("the reason a username line duplicates an earlier email line names the email, not letter case", async () => {
    const clock = fakeClock();
    const id = "0f8fad5b-d9cb-469f-a165-70867728950e";
    const cognito = await standIn(clock, { usernameAttributes: ["email"], users: [kim(id, "kim@example.com")] });
    try {
      const fresh = await run(
        cognito,
        clock,
        folder({ "users.txt": listing(["kim@example.com", id]) }),
        ["--usernames-file", "users.txt"],
        { pool: true },
      );
      expect(fresh.exitCode, fresh.stderr).toBe(0);
      expect(cognito.sentTo(id)).toBe(1);
      const reason = fresh.lines.find((line) => line.Status === "SKIPPED")?.Reason;
      expect(reason).toMatch(/^duplicate of line 1: the same user: .*email/);
      expect(reason).not.toMatch(/letter case|case-insensitive/);
    } finally {
      await cognito.close();
    }
  });

  // With --user-pool-id a line is resolved to the pool's username; earlier results from a run without
  // the pool name the user as the line gave it (here by email), and are looked up by that name too.
  test("results of a run without the pool that sent to an email: a run with the pool, resuming them, does not send to that user again", async () => {
    const clock = fakeClock();
    const id = "0f8fad5b-d9cb-469f-a165-70867728950e";
    const cognito = await standIn(clock, {
      caseSensitive: false,
      usernameAttributes: ["email"],
      users: [kim(id, "kim@example.com"), kim("5e9b1c2a-0d4f-4c8e-9a7b-3f6d2e1c0b9a", "lee@example.com")],
    });
    const dir = folder({
      "users.txt": listing(["kim@example.com"]),
      "both.txt": listing(["kim@example.com", "lee@example.com"]),
    });
    try {
      const first = await run(cognito, clock, dir, ["--usernames-file", "users.txt"], { save: "first.jsonl" });
      expect(first.exitCode, first.stderr).toBe(0);
      expect(brief(first.lines)).toEqual(rows(["kim@example.com", "SENT", null]));
      expect(cognito.sentTo(id)).toBe(1);
      const resumed = await run(cognito, clock, dir, ["--usernames-file", "both.txt", "--resume", "first.jsonl"], {
        pool: true,
      });
      expect(resumed.exitCode, resumed.stderr).toBe(0);
      expect(resumed.lines.map((line) => [line.Status, line.Prior ?? null]).sort()).toEqual([
        ["SENT", null],
        ["SKIPPED", "SENT"],
      ]);
      expect(cognito.sentTo(id)).toBe(1);
    } finally {
      await cognito.close();
    }
  });

  test("with a case-sensitive pool: Kim and kim are two users, each sent a code, and resumed apart", async () => {
    const clock = fakeClock();
    const cognito = await standIn(clock, { users: [kim("Kim", "kim.upper@example.com"), kim("kim")] });
    const dir = folder({ "one.txt": listing(["Kim"]), "both.txt": listing(["Kim", "kim"]) });
    try {
      const first = await run(cognito, clock, dir, ["--usernames-file", "one.txt"], {
        pool: true,
        save: "first.jsonl",
      });
      expect(first.exitCode, first.stderr).toBe(0);
      const both = await run(cognito, clock, dir, ["--usernames-file", "both.txt", "--resume", "first.jsonl"], {
        pool: true,
      });
      expect(both.exitCode, both.stderr).toBe(0);
      expect(brief(both.lines)).toEqual(rows(["Kim", "SKIPPED", "SENT"], ["kim", "SENT", null]));
      const fresh = await run(cognito, clock, dir, ["--usernames-file", "both.txt"], { pool: true });
      expect(brief(fresh.lines)).toEqual(rows(["Kim", "SENT", null], ["kim", "SENT", null]));
      expect([cognito.sentTo("Kim"), cognito.sentTo("kim")]).toEqual([2, 2]);
    } finally {
      await cognito.close();
    }
  });
});

describe.concurrent("invitations (--resend-invitations) and the daily email limit", () => {
  test("the limit stops the run; users not yet invited have no line, so a resume the next day invites each of them once", async () => {
    const clock = fakeClock();
    const invited = Array.from({ length: 6 }, (_, i) => `invited-${i + 1}`);
    const cognito = await standIn(clock, {
      emailSendingAccount: "COGNITO_DEFAULT",
      dailyEmailLimit: 5,
      users: [...users(3), ...users(6, { prefix: "invited-", status: "FORCE_CHANGE_PASSWORD" })],
    });
    const file = ["invited-1", "user-1", "invited-2", "user-2", "user-3", ...invited.slice(2)];
    const dir = folder({ "users.txt": listing(file) });
    try {
      const args = ["--usernames-file", "users.txt", "--resend-invitations"];
      const first = await run(cognito, clock, dir, args, { pool: true, save: "first.jsonl" });
      expect(first.exitCode).toBe(254);
      expect(first.lines.map((line) => [line.Username, line.Status, line.Action ?? null])).toEqual([
        ["invited-1", "SENT", "AdminCreateUser"],
        ["user-1", "SENT", null],
        ["invited-2", "SENT", "AdminCreateUser"],
        ["user-2", "SENT", null],
        ["user-3", "SENT", null],
      ]);
      expect(first.summary).toMatch(/^stopped: 5 sent, 0 failed, 0 skipped;/);
      expect(withoutSummary(first.stderr)).toBe(
        `Stopped sending: LimitExceededException (${MESSAGES.daily}): ${DAILY} ${RESUME_TAIL}\n`,
      );
      // Nothing after the invitation the limit refused.
      expect([cognito.count("AdminCreateUser"), cognito.count("ResendConfirmationCode")]).toEqual([3, 3]);

      cognito.nextDay();
      const next = await run(cognito, clock, dir, [...args, "--resume", "first.jsonl"], { pool: true });
      expect(next.exitCode, next.stderr).toBe(0);
      expect(next.lines.filter((line) => line.Status === "SENT").map((line) => line.Username)).toEqual(
        invited.slice(2),
      );
      expect(
        next.lines.filter((line) => line.Status === "SENT").every((line) => line.Action === "AdminCreateUser"),
      ).toBe(true);
      expect(codes(cognito, [...names(3), ...invited])).toEqual(Array(9).fill(1));
    } finally {
      await cognito.close();
    }
  });

  test("an invitation whose answer never comes is UNKNOWN and not sent again by a resume", async () => {
    const clock = fakeClock();
    const cognito = await standIn(clock, { users: users(3, { prefix: "invited-", status: "FORCE_CHANGE_PASSWORD" }) });
    cognito.noAnswerFor("reset", "invited-2");
    const dir = folder({ "users.txt": listing(["invited-1", "invited-2", "invited-3"]) });
    try {
      const args = ["--usernames-file", "users.txt", "--resend-invitations"];
      const first = await run(cognito, clock, dir, args, { pool: true, save: "first.jsonl" });
      expect(first.exitCode, first.stderr).toBe(255);
      expect(brief(first.lines)).toEqual(
        rows(
          ["invited-1", "SENT", null],
          ["invited-2", "UNKNOWN", "ConnectionClosedError"],
          ["invited-3", "SENT", null],
        ),
      );
      const next = await run(cognito, clock, dir, [...args, "--resume", "first.jsonl"], { pool: true });
      expect(next.exitCode, next.stderr).toBe(0);
      expect(byName(next.lines, "invited-2")).toMatchObject({ Status: "SKIPPED", Prior: "UNKNOWN" });
      expect(codes(cognito, ["invited-1", "invited-2", "invited-3"])).toEqual([1, 1, 1]);
      expect(cognito.countFor("invited-2", "AdminCreateUser")).toBe(1);
    } finally {
      await cognito.close();
    }
  });
});

describe.concurrent("failures of the pool stop the run; a user's own failures never do", () => {
  test.each<{
    name: string;
    options?: CognitoServiceOptions;
    clientId?: string;
    args?: string[];
    sentBefore?: number;
    code: string;
    message: string;
    says: string;
  }>([
    {
      name: "an unknown app client",
      clientId: "9unknownclient00",
      code: "ResourceNotFoundException",
      message: "User pool client 9unknownclient00 does not exist.",
      says: "the app client (or the user pool) does not exist. Check --client-id, --region and --endpoint-url;",
    },
    {
      name: "a wrong client secret",
      clientId: CLIENT_WITH_SECRET,
      args: ["--client-secret", "not-the-secret"],
      code: "NotAuthorizedException",
      message: `Unable to verify secret hash for client ${CLIENT_WITH_SECRET}`,
      says: SECRET,
    },
    {
      name: "no client secret for a client with one",
      clientId: CLIENT_WITH_SECRET,
      code: "NotAuthorizedException",
      message: `Client ${CLIENT_WITH_SECRET} is configured for secret but secret was not received`,
      says: SECRET,
    },
    {
      name: "a client secret given for a client without one",
      args: ["--client-secret", CLIENT_SECRET],
      code: "NotAuthorizedException",
      message: `Client ${C} is not configured with secret`,
      says: SECRET,
    },
    {
      name: "auto verification turned off",
      options: { poolFailure: "autoVerifyOff" },
      code: "InvalidParameterException",
      message: MESSAGES.autoVerifyOff,
      says: "the user pool does not verify email or phone numbers, so it sends no codes. Turn on attribute verification (AutoVerifiedAttributes) in the user pool;",
    },
    {
      name: "the daily email limit",
      options: { emailSendingAccount: "COGNITO_DEFAULT", dailyEmailLimit: 3 },
      sentBefore: 3,
      code: "LimitExceededException",
      message: MESSAGES.daily,
      says: DAILY,
    },
    {
      name: "the email role",
      options: { poolFailure: "emailRole" },
      code: "InvalidEmailRoleAccessPolicyException",
      message: MESSAGES.emailRole,
      says: "Cognito is not allowed to use the user pool's email identity. Let Cognito send from the pool's Amazon SES identity (its sending authorization policy);",
    },
    {
      name: "the SMS role",
      options: { poolFailure: "smsRole", users: users(12, { email: false, phone: true }) },
      code: "InvalidSmsRoleAccessPolicyException",
      message: MESSAGES.smsRole,
      says: "the user pool's SMS role may not publish to Amazon SNS. Give the pool's SMS role sns:Publish;",
    },
  ])("at once: $name ($code)", async ({ options, clientId, args = [], sentBefore = 0, code, message, says }) => {
    const clock = fakeClock();
    const cognito = await standIn(clock, { users: users(12), ...options });
    try {
      const stopped = await run(
        cognito,
        clock,
        folder({ "users.txt": listing(names(12)) }),
        ["--usernames-file", "users.txt", ...args],
        { clientId },
      );
      expect(stopped.exitCode).toBe(254);
      // The users sent before it have their lines; the one that met it, and everyone after, none.
      expect(stopped.lines.map((line) => [line.Username, line.Status])).toEqual(
        names(sentBefore).map((name) => [name, "SENT"]),
      );
      expect(cognito.count("ResendConfirmationCode")).toBe(sentBefore + 1);
      expect(stopped.summary).toMatch(new RegExp(`^stopped: ${sentBefore} sent, 0 failed, 0 skipped;`));
      expect(withoutSummary(stopped.stderr)).toBe(`Stopped sending: ${code} (${message}): ${says} ${RESUME_TAIL}\n`);
    } finally {
      await cognito.close();
    }
  });

  test("at once: an endpoint that cannot be reached (after its retries)", async () => {
    const clock = fakeClock();
    const closed = await standIn(clock);
    await closed.close();
    // Nothing listens there (the port of a stand-in just stopped may be given to another meanwhile).
    const gone = { ...closed, url: `http://127.0.0.1:${CLOSED_PORT}` };
    const stopped = await run(gone, clock, folder({ "users.txt": listing(names(5)) }), [
      "--usernames-file",
      "users.txt",
    ]);
    expect(stopped.exitCode).toBe(254);
    expect(stopped.lines).toEqual([]);
    expect(stopped.summary).toMatch(/^stopped: 0 sent, 0 failed, 0 skipped;/);
    expect(withoutSummary(stopped.stderr)).toBe(
      `Stopped sending: EndpointConnectionError (Could not connect to the endpoint URL: "${gone.url}/"): the endpoint cannot be reached. Check --region, --endpoint-url and the network; ${RESUME_TAIL}\n`,
    );
    // Tried again with a backoff, on the run's clock, before the run gave up.
    expect(clock.now()).toBeGreaterThan(0);
  });

  test.each([
    [
      "lambdaValidation",
      "UserLambdaValidationException",
      MESSAGES.lambdaValidation,
      "a Lambda trigger of the user pool rejects the message",
      "Check the pool's Lambda triggers (custom message, custom sender) and their logs",
    ],
    [
      "lambdaUnexpected",
      "UnexpectedLambdaException",
      MESSAGES.lambdaUnexpected,
      "a Lambda trigger of the user pool cannot be invoked",
      "Check the pool's Lambda triggers: that they exist and that Cognito may invoke them",
    ],
    [
      "invalidLambdaResponse",
      "InvalidLambdaResponseException",
      MESSAGES.invalidLambdaResponse,
      "a Lambda trigger of the user pool answers with something Cognito cannot use",
      "Check what the pool's Lambda triggers return",
    ],
    [
      "forbidden",
      "ForbiddenException",
      MESSAGES.forbidden,
      "the requests are refused before they reach the user pool (AWS WAF, or the pool's client)",
      "Check the web ACL associated with the user pool",
    ],
  ] as const)("after 5 users in a row: %s (%s)", async (kind, code, message, what, check) => {
    const clock = fakeClock();
    const cognito = await standIn(clock, { users: users(12), poolFailure: kind });
    try {
      const stopped = await run(cognito, clock, folder({ "users.txt": listing(names(12)) }), [
        "--usernames-file",
        "users.txt",
      ]);
      expect(stopped.exitCode).toBe(254);
      expect(stopped.lines.map((line) => [line.Username, line.Status, line.Error?.Code])).toEqual(
        names(4).map((name) => [name, "FAILED", code]),
      );
      expect(cognito.count("ResendConfirmationCode")).toBe(5);
      expect(codes(cognito, names(12))).toEqual(Array(12).fill(0));
      expect(stopped.summary).toMatch(new RegExp(`^stopped: 0 sent, 4 failed \\(${code} 4\\), 0 skipped;`));
      expect(withoutSummary(stopped.stderr)).toBe(
        `Stopped sending: ${code} (${message}): the last 5 users in a row failed with it, so ${what}. ${check}; ${RESUME_TAIL}\n`,
      );
    } finally {
      await cognito.close();
    }
  });

  test("a user's own failure in between does not break the five in a row", async () => {
    const clock = fakeClock();
    const cognito = await standIn(clock, { users: users(12), poolFailure: "lambdaUnexpected" });
    try {
      const file = [...names(4), "ghost", ...names(8, 5)];
      const stopped = await run(cognito, clock, folder({ "users.txt": listing(file) }), [
        "--usernames-file",
        "users.txt",
      ]);
      expect(stopped.exitCode).toBe(254);
      expect(stopped.lines.map((line) => line.Error?.Code)).toEqual([
        ...Array(4).fill("UnexpectedLambdaException"),
        "UserNotFoundException",
      ]);
      expect(cognito.count("ResendConfirmationCode")).toBe(6);
    } finally {
      await cognito.close();
    }
  });

  test("after 10 users in a row with the very same code and message; two messages taking turns never stop", async () => {
    const clock = fakeClock();
    const byEmail = users(30);
    const bySms = users(30, { prefix: "sms-", email: false, phone: true });
    const cognito = await standIn(clock, { users: [...byEmail, ...bySms] });
    cognito.failDelivery(true);
    try {
      const same = await run(cognito, clock, folder({ "users.txt": listing(names(30)) }), [
        "--usernames-file",
        "users.txt",
      ]);
      expect(same.exitCode).toBe(254);
      expect(same.lines.map((line) => line.Error?.Code)).toEqual(Array(9).fill("CodeDeliveryFailureException"));
      expect(cognito.count("ResendConfirmationCode")).toBe(10);
      expect(same.summary).toMatch(/^stopped: 0 sent, 9 failed \(CodeDeliveryFailureException 9\), 0 skipped;/);
      expect(withoutSummary(same.stderr)).toBe(
        `Stopped sending: CodeDeliveryFailureException (${MESSAGES.emailDelivery}): the last 10 users in a row failed with it, so every user fails the same way. Find what the error means for the user pool, and put it right; ${RESUME_TAIL}\n`,
      );

      // Email, SMS, email, ...: the same code with two messages, never ten of one in a row.
      const turns = byEmail.flatMap((u, i) => [u.username, bySms[i].username]).slice(0, 24);
      const mixed = await run(cognito, clock, folder({ "users.txt": listing(turns) }), [
        "--usernames-file",
        "users.txt",
      ]);
      expect(mixed.exitCode).toBe(254);
      expect(mixed.lines).toHaveLength(24);
      expect(mixed.lines.every((line) => line.Status === "FAILED")).toBe(true);
      expect(mixed.summary).toMatch(/^0 sent, 24 failed \(CodeDeliveryFailureException 24\), 0 skipped;/);
      expect(mixed.stderr).not.toContain("Stopped sending");
    } finally {
      await cognito.close();
    }
  });

  test("a user's own failures never stop a run: 30 unknown users, 12 confirmed, 12 disabled, 12 at their hourly limit", async () => {
    const clock = fakeClock();
    const cognito = await standIn(clock, {
      users: [
        ...users(3),
        ...users(12, { prefix: "done-", status: "CONFIRMED" }),
        ...users(12, { prefix: "off-", enabled: false }),
        ...users(12, { prefix: "busy-" }),
      ],
      hourlyResendLimit: 1,
    });
    const ghosts = Array.from({ length: 30 }, (_, i) => `ghost-${i + 1}`);
    const done = Array.from({ length: 12 }, (_, i) => `done-${i + 1}`);
    const off = Array.from({ length: 12 }, (_, i) => `off-${i + 1}`);
    const busy = Array.from({ length: 12 }, (_, i) => `busy-${i + 1}`);
    try {
      // The busy users have had their one code this hour.
      const before = await run(cognito, clock, folder({ "users.txt": listing(busy) }), [
        "--usernames-file",
        "users.txt",
      ]);
      expect(before.exitCode, before.stderr).toBe(0);
      const file = [...ghosts, ...done, ...off, ...busy, ...names(3)];
      const own = await run(cognito, clock, folder({ "users.txt": listing(file) }), ["--usernames-file", "users.txt"]);
      expect(own.exitCode).toBe(254);
      expect(own.stderr).not.toContain("Stopped sending");
      expect(own.summary).toMatch(
        /^3 sent, 66 failed \(UserNotFoundException 30, InvalidParameterException 12, NotAuthorizedException 12, LimitExceededException 12\), 0 skipped;/,
      );
      const codeOf = (prefix: string) =>
        new Set(own.lines.filter((line) => String(line.Username).startsWith(prefix)).map((line) => line.Error?.Code));
      expect([codeOf("ghost-"), codeOf("done-"), codeOf("off-"), codeOf("busy-")]).toEqual([
        new Set(["UserNotFoundException"]),
        new Set(["InvalidParameterException"]),
        new Set(["NotAuthorizedException"]),
        new Set(["LimitExceededException"]),
      ]);
      expect(brief(own.lines.filter((line) => line.Status === "SENT"))).toEqual(
        rows(["user-1", "SENT", null], ["user-2", "SENT", null], ["user-3", "SENT", null]),
      );
      expect(own.lines).toHaveLength(file.length);
      expect(cognito.count("ResendConfirmationCode")).toBe(busy.length + file.length);
    } finally {
      await cognito.close();
    }
  });

  test("a resume after the fix sends each remaining user exactly once (--results, and --retry-failed for the users the failure met)", async () => {
    const clock = fakeClock();
    const cognito = await standIn(clock, { users: users(12), poolFailure: "lambdaValidation" });
    const dir = folder({ "users.txt": listing(names(12)) });
    try {
      const args = ["--usernames-file", "users.txt", "--results", "journal.jsonl"];
      const stopped = await run(cognito, clock, dir, args);
      expect(stopped.exitCode).toBe(254);
      expect(stopped.lines).toHaveLength(4);
      // The user that met the stop is in the journal only as not sent.
      expect(
        journalLines(dir, "journal.jsonl")
          .filter((line) => line.Username === "user-5")
          .map((line) => line.Status),
      ).toEqual(["IN_FLIGHT", "NOT_SENT"]);
      cognito.breakPool(undefined);
      const fixed = await run(cognito, clock, dir, [...args, "--retry-failed"]);
      expect(fixed.exitCode, fixed.stderr).toBe(0);
      expect(brief(fixed.lines)).toEqual(rows(...names(12).map((name): Row => [name, "SENT", null])));
      expect(codes(cognito, names(12))).toEqual(Array(12).fill(1));
      expect(cognito.count("ResendConfirmationCode")).toBe(5 + 12);
    } finally {
      await cognito.close();
    }
  });

  test("a pool that breaks mid-run with 4 in flight: what is in flight finishes, only users sent a code have a line, and a resume after the fix sends each of the rest once", async () => {
    const clock = fakeClock();
    const cognito = await standIn(clock, { users: users(60) });
    const dir = folder({ "users.txt": listing(names(60)) });
    let lines = 0;
    try {
      const args = ["--usernames-file", "users.txt"];
      const stopped = await run(cognito, clock, dir, args, {
        concurrency: 4,
        save: "first.jsonl",
        onLine: () => {
          lines += 1;
          if (lines === 20) cognito.breakPool("autoVerifyOff");
        },
      });
      expect(stopped.exitCode).toBe(254);
      expect(withoutSummary(stopped.stderr)).toBe(
        `Stopped sending: InvalidParameterException (${MESSAGES.autoVerifyOff}): the user pool does not verify email or phone numbers, so it sends no codes. Turn on attribute verification (AutoVerifiedAttributes) in the user pool; ${RESUME_TAIL}\n`,
      );
      expect(stopped.lines.length).toBeLessThan(60);
      expect(stopped.lines.every((line) => line.Status === "SENT")).toBe(true);
      // A line for every user sent a code, and none for anyone else.
      const sent = names(60).filter((name) => cognito.sentTo(name) === 1);
      expect(stopped.lines.map((line) => line.Username).sort()).toEqual(sent.sort());
      // Nothing new after the stop: at most the three others in flight met the failure too.
      expect(cognito.count("ResendConfirmationCode") - sent.length).toBeGreaterThanOrEqual(1);
      expect(cognito.count("ResendConfirmationCode") - sent.length).toBeLessThanOrEqual(4);

      cognito.breakPool(undefined);
      const fixed = await run(cognito, clock, dir, [...args, "--resume", "first.jsonl"], { concurrency: 4 });
      expect(fixed.exitCode, fixed.stderr).toBe(0);
      onePerUser(fixed.lines, names(60));
      expect(codes(cognito, names(60))).toEqual(Array(60).fill(1));
    } finally {
      await cognito.close();
    }
  });
});

/** The run's requests of one operation that arrived in [from, to) on the stand-in's clock. */
const arrivals = (cognito: CognitoService, from: number, to: number, operation = "ResendConfirmationCode"): number =>
  cognito.requests.filter((r) => r.operation === operation && r.at >= from && r.at < to).length;

/** The most requests of one operation in any second (windows starting at each arrival). */
function busiestSecond(cognito: CognitoService, operation = "ResendConfirmationCode"): number {
  const times = cognito.requests.filter((r) => r.operation === operation).map((r) => r.at);
  let most = 0;
  for (let i = 0, j = 0; i < times.length; i += 1) {
    while (times[j] < times[i] - 999) j += 1;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

describe.concurrent("the pace: the account's provisioned limit (GetProvisionedLimit)", () => {
  test("read once with the pool's credentials; the run starts at half of it and never goes above it", async () => {
    const clock = fakeClock();
    const cognito = await standIn(clock, { users: users(600), rates: { UserAccountRecovery: { perSecond: 40 } } });
    try {
      const done = await run(cognito, clock, folder(), ["--all-unconfirmed"], { pool: true });
      expect(done.exitCode, done.stderr).toBe(0);
      const asked = cognito.requests.filter((r) => r.operation === "GetProvisionedLimit");
      expect(asked).toHaveLength(1);
      expect(asked[0]).toMatchObject({
        signed: true,
        status: 200,
        body: { LimitDefinition: { LimitClass: "API_CATEGORY", Attributes: { Category: "UserAccountRecovery" } } },
      });
      // Half of 40 a second (with the pace's burst of a tenth of a second's worth).
      expect(arrivals(cognito, 0, 1000)).toBeGreaterThanOrEqual(18);
      expect(arrivals(cognito, 0, 1000)).toBeLessThanOrEqual(23);
      expect(busiestSecond(cognito)).toBeLessThanOrEqual(40 + 4);
      expect(cognito.throttled("ResendConfirmationCode")).toBe(0);
      expect(codes(cognito, names(600))).toEqual(Array(600).fill(1));
    } finally {
      await cognito.close();
    }
  });

  test("without the pool, nothing to read: the run starts at 10 a second", async () => {
    const clock = fakeClock();
    const cognito = await standIn(clock, { users: users(100), rates: { UserAccountRecovery: { perSecond: 40 } } });
    try {
      const done = await run(cognito, clock, folder({ "users.txt": listing(names(100)) }), [
        "--usernames-file",
        "users.txt",
      ]);
      expect(done.exitCode, done.stderr).toBe(0);
      expect(cognito.count("GetProvisionedLimit")).toBe(0);
      expect(arrivals(cognito, 0, 1000)).toBeGreaterThanOrEqual(9);
      expect(arrivals(cognito, 0, 1000)).toBeLessThanOrEqual(11);
    } finally {
      await cognito.close();
    }
  });

  test("an endpoint that does not know GetProvisionedLimit: the run starts at 10 a second, finds the pace itself and completes", async () => {
    const clock = fakeClock();
    const cognito = await standIn(clock, {
      users: users(300),
      provisionedLimits: false,
      rates: { UserAccountRecovery: { perSecond: 40 } },
    });
    try {
      const done = await run(cognito, clock, folder(), ["--all-unconfirmed"], { pool: true });
      expect(done.exitCode, done.stderr).toBe(0);
      expect(cognito.errors("UnknownOperationException")).toBe(1);
      expect(arrivals(cognito, 0, 1000)).toBeGreaterThanOrEqual(9);
      expect(arrivals(cognito, 0, 1000)).toBeLessThanOrEqual(11);
      expect(done.lines.map((line) => line.Status)).toEqual(Array(300).fill("SENT"));
      expect(codes(cognito, names(300))).toEqual(Array(300).fill(1));
    } finally {
      await cognito.close();
    }
  });
});

describe.concurrent("the pace beside the application's own traffic on the same quota", () => {
  // Q = 40 a second, the application L = 20 at random (seeded), 1500 users one at a time: about 80 s of the clock
  // (measured: the application's throttled share 0 and 0.24%, the run's 0.07% and 0.2%, goodput 18.8 and 18.1 a second).
  const Q = 40;
  const L = 20;
  const COUNT = 1500;

  test.each([
    ["with the pool (the provisioned limit known)", true],
    ["without the pool (the pace found by probing)", false],
  ])(
    "%s: the application's throttled share at most 0.5 percent, the run's at most 2 percent, goodput at least 75 percent of what is left",
    async (_name, pool) => {
      const clock = fakeClock();
      const cognito = await standIn(clock, {
        users: users(COUNT),
        rates: { UserAccountRecovery: { perSecond: Q } },
        liveTraffic: { perSecond: L },
      });
      try {
        const args = pool ? ["--all-unconfirmed"] : ["--usernames-file", "users.txt"];
        const dir = pool ? folder() : folder({ "users.txt": listing(names(COUNT)) });
        const done = await run(cognito, clock, dir, args, { pool });
        expect(done.exitCode, done.stderr).toBe(0);
        const app = cognito.app();
        const seconds = clock.now() / 1000;
        const runs = cognito.count("ResendConfirmationCode");
        const figures = {
          seconds: Math.round(seconds),
          appThrottled: app.throttled / app.requests,
          runThrottled: cognito.throttled("ResendConfirmationCode") / runs,
          goodput: cognito.succeeded("ResendConfirmationCode") / seconds,
        };
        expect(figures.appThrottled, JSON.stringify(figures)).toBeLessThanOrEqual(0.005);
        expect(figures.runThrottled, JSON.stringify(figures)).toBeLessThanOrEqual(0.02);
        expect(figures.goodput, JSON.stringify(figures)).toBeGreaterThanOrEqual(0.75 * (Q - L));
        expect(codes(cognito, names(COUNT)).every((n) => n === 1)).toBe(true);
      } finally {
        await cognito.close();
      }
    },
  );
});
