// The parts of a bulk run, without a network: reading lines, the username
// index, the rate limiter (on a clock that only moves when told), backoff and
// the summary line.
import { Readable } from "node:stream";
import { describe, expect, test } from "vitest";
import { backoffMs, THROTTLED_ATTEMPTS } from "../src/bulk/policy";
import { MAX_LINE_BYTES, OVERLONG_LINE, linesOf, parseUserLine } from "../src/bulk/input";
import { osError } from "../src/input/paramfile";
import { newTally, summaryLine } from "../src/bulk/progress";
import { createRateLimiter } from "../src/bulk/rate-limiter";
import { fakeClock } from "./support/clock";
import { C, at, folder, parse, perUser, withEndpoint } from "./support/fixtures";
import { runMain } from "./support/io";
import { createUsernameIndex } from "../src/bulk/username-index";

describe("the usernames file", () => {
  test.each([
    ["a username", "jane", { line: 1, username: "jane" }],
    ["whitespace around it trimmed", "  jane\t", { line: 1, username: "jane" }],
    ["a blank line", "   ", undefined],
    ["a comment", "# not a user", undefined],
    [
      "a JSON object",
      '{"Username": "jane", "ClientMetadata": {"a": "1"}}',
      { line: 1, username: "jane", clientMetadata: { a: "1" } },
    ],
    ["JSON that does not parse", "{jane", { line: 1, problem: expect.stringMatching(/^not valid JSON/) }],
    [
      "an unknown key",
      '{"Username": "jane", "Email": "x"}',
      { line: 1, problem: 'unknown key "Email": a line may hold Username and ClientMetadata' },
    ],
    ["no Username", '{"ClientMetadata": {}}', { line: 1, problem: "Username is missing or not a string" }],
    [
      "ClientMetadata that is not an object",
      '{"Username": "jane", "ClientMetadata": [1]}',
      { line: 1, username: "jane", problem: "ClientMetadata is not an object" },
    ],
  ])("%s", (_name, text, expected) => {
    expect(parseUserLine(text, 1)).toEqual(expected);
  });

  test("lines are split across chunks, CRLF or LF, with or without a last newline", async () => {
    const stream = Readable.from(["us", "er-1\r\nuser-2\nus", "er-3"]);
    const lines: string[] = [];
    for await (const line of linesOf(stream)) lines.push(line);
    expect(lines).toEqual(["user-1", "user-2", "user-3"]);
  });
});

describe("long lines", () => {
  const read = async (chunks: string[]): Promise<string[]> => {
    const lines: string[] = [];
    for await (const line of linesOf(Readable.from(chunks))) lines.push(line);
    return lines;
  };

  test("a line up to the limit is read; one byte more is an over-long line, across chunks, CRLF or not", async () => {
    const most = "a".repeat(MAX_LINE_BYTES);
    const half = "b".repeat(MAX_LINE_BYTES / 2 + 1);
    expect(await read([`${most}\n`, half, `${half}\r\nnext\r\n`, `${most}x`])).toEqual([
      most,
      OVERLONG_LINE,
      "next",
      OVERLONG_LINE,
    ]);
  });

  test("a multi-byte character split between chunks is whole", async () => {
    const bytes = Buffer.from("zoë\n");
    const lines: string[] = [];
    for await (const line of linesOf(Readable.from([bytes.subarray(0, 3), bytes.subarray(3)]))) lines.push(line);
    expect(lines).toEqual(["zoë"]);
  });

  test("an over-long line is a bad line, never a username", () => {
    expect(parseUserLine(OVERLONG_LINE, 9)).toEqual({
      line: 9,
      problem: `too long (more than ${MAX_LINE_BYTES} bytes)`,
    });
  });
});

describe("file errors in words", () => {
  test.each([
    [{ code: "EACCES", errno: -13 }, [13, "Permission denied"]],
    [{ code: "ENXIO", errno: -6 }, [6, "No such device or address"]],
    [{ code: "EISDIR", errno: -21 }, [21, "Is a directory"]],
    // Not listed: Node's number and words.
    [{ code: "EHOSTDOWN", errno: -112 }, [112, "Host is down"]],
    [{ code: "ERR_FS_FILE_TOO_LARGE" }, undefined],
  ])("%j", (error, expected) => {
    expect(osError(Object.assign(new Error("x"), error))).toEqual(expected);
  });
});

describe("the username index", () => {
  test("finds what was set, and nothing else, across growth", () => {
    const index = createUsernameIndex(4);
    for (let i = 1; i <= 50_000; i += 1) index.set(`user-${i}`, i);
    expect(index.size).toBe(50_000);
    expect([index.get("user-1"), index.get("user-31337"), index.get("user-50000")]).toEqual([1, 31337, 50000]);
    expect([index.get("user-0"), index.get("user-50001"), index.get(""), index.get("User-1")]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  test("setting again replaces the value", () => {
    const index = createUsernameIndex();
    index.set("zoë", 1);
    index.set("zoë", 2);
    expect([index.get("zoë"), index.size]).toEqual([2, 1]);
  });
});

describe("the rate limiter", () => {
  test("holds the rate: 500 starts at 50 a second take 10 seconds, within 2%", async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter(50, clock);
    for (let i = 0; i < 500; i += 1) await limiter.acquire();
    expect(clock.elapsed()).toBeGreaterThan(9_800);
    expect(clock.elapsed()).toBeLessThan(10_000);
  });
});

test("backoff: full jitter under a ceiling that doubles up to 5 s", () => {
  expect([1, 2, 3, 10].map((attempt) => backoffMs(attempt, () => 1))).toEqual([100, 200, 400, 5000]);
  expect(backoffMs(4, () => 0)).toBe(0);
});

test("a user throttled on every attempt is tried THROTTLED_ATTEMPTS times, counted at the endpoint, then FAILED", () =>
  withEndpoint({ throttleEvery: 1 }, async (endpoint) => {
    const clock = fakeClock();
    const run = await runMain(
      ["--client-id", C, ...at(endpoint), "--usernames-file", "users.txt", "--max-rate", "0", "--concurrency", "1"],
      { cwd: folder({ "users.txt": "user-1\n" }), clock },
    );
    expect(run.exitCode).toBe(254);
    expect(perUser(endpoint)).toEqual(new Map([["user-1", THROTTLED_ATTEMPTS]]));
    expect(parse(run.stdout)).toEqual([
      {
        Username: "user-1",
        ClientId: "1example23456789",
        Status: "FAILED",
        Error: { Code: "TooManyRequestsException", Message: "Rate exceeded" },
      },
    ]);
    // The other failures' bound (AWS_MAX_ATTEMPTS, 3 here) is not the throttling one.
    expect(THROTTLED_ATTEMPTS).not.toBe(3);
    // Backed off between attempts, on the clock.
    expect(clock.elapsed()).toBeGreaterThan(0);
  }));

test("the summary line", () => {
  const tally = {
    ...newTally(),
    sent: 9990,
    failed: 10,
    skipped: 3,
    failedBy: new Map([
      ["UserNotFoundException", 7],
      ["LimitExceededException", 3],
    ]),
  };
  expect(summaryLine(tally, 6200, "done")).toBe(
    "9990 sent, 10 failed (UserNotFoundException 7, LimitExceededException 3), 3 skipped; 10003 users in 6.2 s (1613 requests/s)",
  );
  expect(summaryLine({ ...newTally(), sent: 4 }, 1000, "interrupted")).toBe(
    "interrupted: 4 sent, 0 failed, 0 skipped; 4 users in 1.0 s (4 requests/s)",
  );
  expect(summaryLine({ ...newTally(), sent: 1 }, 1000, "stopped")).toBe(
    "stopped: 1 sent, 0 failed, 0 skipped; 1 user in 1.0 s (1 request/s)",
  );
  // A dry run sends nothing: no rate.
  expect(summaryLine({ ...newTally(), sent: 3, skipped: 2 }, 400, "done", true)).toBe(
    "3 would be sent, 0 failed, 2 skipped; 5 users in 0.4 s",
  );
});
