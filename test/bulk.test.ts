// --usernames-file: many users from a file, against the local endpoint, run in
// this process through main: one result line per user, duplicates sent once,
// throttling absorbed (on a clock that only moves when told), interrupted runs
// that resume without sending twice. (A run killed outright, and the progress
// bar on a terminal: test/smoke.)
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { fakeClock } from "./support/clock";
import { C, at, folder, parse, perUser, resuming, users, withEndpoint } from "./support/fixtures";
import { type Outcome, type RunOptions, runMain } from "./support/io";
import { CLIENT_SECRET, CLIENT_WITH_SECRET, type Endpoint } from "./support/local-cognito";

/** A run against `endpoint` with --client-id C, in `dir`. */
function bulk(endpoint: Endpoint, dir: string, args: string[], options: Partial<RunOptions> = {}): Promise<Outcome> {
  return runMain(["--client-id", C, ...at(endpoint), ...args], { cwd: dir, ...options });
}

/** Starts a run and interrupts it (Ctrl-C or SIGTERM, as node.ts hands them on) once it has written `lines` results. */
function interrupted(endpoint: Endpoint, dir: string, args: string[], lines: number): Promise<Outcome> {
  let written = 0;
  return bulk(endpoint, dir, args, {
    onStdout: (_text, io) => {
      written += 1;
      if (written === lines) expect(io.interrupt()).toBe(true);
    },
  });
}

describe("--usernames-file", () => {
  test.concurrent("one line per user, in every form the file takes; duplicates sent once", () =>
    withEndpoint({}, async (endpoint) => {
      const dir = folder({
        "users.txt": [
          "user-1",
          "  user-2  ",
          "# a comment",
          "",
          "user-1",
          '{"Username": "user-3", "ClientMetadata": {"campaign": "spring"}}',
          '{"Username": ""}',
          '{"Username": 5}',
          "{not json",
          "nobody",
          "confirmed-user",
          "phone-1",
        ].join("\n"),
      });
      const run = await bulk(endpoint, dir, ["--usernames-file", "users.txt", "--max-rate", "0"]);
      const results = parse(run.stdout);
      expect(run.exitCode, run.stderr).toBe(254);
      const byJson = (rows: unknown[][]): string[] => rows.map((row) => JSON.stringify(row)).sort();
      expect(byJson(results.map((r) => [r.Username, r.Status]))).toEqual(
        byJson([
          [null, "SKIPPED"],
          [null, "SKIPPED"],
          ["", "SKIPPED"],
          ["confirmed-user", "FAILED"],
          ["nobody", "FAILED"],
          ["phone-1", "SENT"],
          ["user-1", "SENT"],
          ["user-1", "SKIPPED"],
          ["user-2", "SENT"],
          ["user-3", "SENT"],
        ]),
      );
      expect(results.find((r) => r.Username === "")?.Reason).toBe(
        "line 7: Invalid length for parameter Username, value: 0, valid min length: 1",
      );
      expect(results.find((r) => r.Username === "user-1" && r.Status === "SKIPPED")?.Reason).toBe(
        "duplicate of line 1: the same username",
      );
      expect(results.find((r) => r.Username === "nobody")?.Error).toEqual({
        Code: "UserNotFoundException",
        Message: "Username/client id combination not found.",
      });
      expect(results.find((r) => r.Username === "phone-1")?.CodeDeliveryDetails).toEqual({
        Destination: "+*******0100",
        DeliveryMedium: "SMS",
        AttributeName: "phone_number",
      });
      expect(perUser(endpoint)).toEqual(
        new Map([
          ["user-1", 1],
          ["user-2", 1],
          ["user-3", 1],
          ["nobody", 1],
          ["confirmed-user", 1],
          ["phone-1", 1],
        ]),
      );
      expect(endpoint.bodies().find((b) => b.Username === "user-3")?.ClientMetadata).toEqual({ campaign: "spring" });
      expect(run.stderr).toMatch(
        /^4 sent, 2 failed \((UserNotFoundException 1, InvalidParameterException 1|InvalidParameterException 1, UserNotFoundException 1)\), 4 skipped; 10 users in [\d.]+ s \(\d+ requests\/s\)\n$/,
      );
    }));

  test.concurrent("SECRET_HASH is computed for each user", () =>
    withEndpoint({}, async (endpoint) => {
      const dir = folder({ "users.txt": users(5) });
      const run = await runMain(
        [
          "--client-id",
          CLIENT_WITH_SECRET,
          "--usernames-file",
          "users.txt",
          "--client-secret",
          CLIENT_SECRET,
          ...at(endpoint),
          "--max-rate",
          "0",
        ],
        { cwd: dir },
      );
      expect(run.exitCode, run.stderr).toBe(0);
      expect(parse(run.stdout).map((r) => r.Status)).toEqual(Array(5).fill("SENT"));
      expect(run.stdout + run.stderr).not.toContain(CLIENT_SECRET);
    }));

  test.concurrent("standard input with -", () =>
    withEndpoint({}, async (endpoint) => {
      const dir = folder();
      const run = await bulk(endpoint, dir, ["--usernames-file", "-", "--max-rate", "0"], { stdin: users(3) });
      expect(run.exitCode).toBe(0);
      expect(
        parse(run.stdout)
          .map((r) => r.Username)
          .sort(),
      ).toEqual(["user-1", "user-2", "user-3"]);
    }));

  test.concurrent("throttling of one request in five is absorbed: no FAILED line", () =>
    withEndpoint({ throttleEvery: 5 }, async (endpoint) => {
      const dir = folder({ "users.txt": users(200) });
      const run = await bulk(
        endpoint,
        dir,
        ["--usernames-file", "users.txt", "--max-rate", "0", "--concurrency", "8"],
        {
          clock: fakeClock(),
        },
      );
      const results = parse(run.stdout);
      expect(run.exitCode, run.stderr).toBe(0);
      expect(results).toHaveLength(200);
      expect(results.every((r) => r.Status === "SENT")).toBe(true);
      expect(endpoint.requests.length).toBeGreaterThan(200);
    }));

  test.concurrent("a user still throttled after the retries is FAILED, and only that user", () =>
    withEndpoint({}, async (endpoint) => {
      endpoint.failNext(10, "throttle");
      const dir = folder({ "users.txt": users(3) });
      const run = await bulk(
        endpoint,
        dir,
        ["--usernames-file", "users.txt", "--max-rate", "0", "--concurrency", "1"],
        {
          clock: fakeClock(),
        },
      );
      const results = parse(run.stdout);
      expect(run.exitCode).toBe(254);
      expect(results.map((r) => r.Status)).toEqual(["FAILED", "SENT", "SENT"]);
      expect(results[0].Error?.Code).toBe("TooManyRequestsException");
    }));

  test.concurrent("--max-rate holds the pace: 20 users at 10 a second take nearly two seconds", () =>
    withEndpoint({}, async (endpoint) => {
      const dir = folder({ "users.txt": users(20) });
      const clock = fakeClock();
      const run = await bulk(endpoint, dir, ["--usernames-file", "users.txt", "--max-rate", "10"], { clock });
      expect(run.exitCode).toBe(0);
      expect(parse(run.stdout).map((r) => r.Status)).toEqual(Array(20).fill("SENT"));
      // The first starts at once (a tenth of a second's burst), the other 19 a tenth of a second apart.
      expect(clock.elapsed()).toBeGreaterThanOrEqual(1_850);
      expect(clock.elapsed()).toBeLessThanOrEqual(1_950);
      expect(run.stderr).toMatch(/; 20 users in 1\.9 s /);
    }));

  test.concurrent("--dry-run reads and checks everything and sends nothing", () =>
    withEndpoint({}, async (endpoint) => {
      const dir = folder({ "users.txt": `${users(3)}user-1\n{"Username": ""}\n` });
      const run = await runMain(
        [
          "--client-id",
          CLIENT_WITH_SECRET,
          "--client-secret",
          CLIENT_SECRET,
          "--usernames-file",
          "users.txt",
          ...at(endpoint),
          "--dry-run",
        ],
        { cwd: dir },
      );
      const results = parse(run.stdout);
      expect(run.exitCode).toBe(0);
      expect(endpoint.requests).toHaveLength(0);
      expect(results.map((r) => r.Status)).toEqual(["WOULD_SEND", "WOULD_SEND", "WOULD_SEND", "SKIPPED", "SKIPPED"]);
      expect(results[0]).toEqual({
        Username: "user-1",
        ClientId: CLIENT_WITH_SECRET,
        Status: "WOULD_SEND",
        Request: { ClientId: CLIENT_WITH_SECRET, Username: "user-1", SecretHash: "****" },
      });
      expect(run.stderr).toMatch(/^3 would be sent, 0 failed, 2 skipped/);
    }));

  test.concurrent("--resume skips users sent before, and those that failed unless --retry-failed", () =>
    withEndpoint({}, async (endpoint) => {
      const previous = `${[
        { Username: "user-1", Status: "SENT" },
        { Username: "nobody", Status: "FAILED", Error: { Code: "UserNotFoundException", Message: "x" } },
        { Username: "user-2", Status: "FAILED", Error: { Code: "TooManyRequestsException", Message: "x" } },
      ]
        .map((r) => JSON.stringify(r))
        .join("\n")}\n{"Username": "user-3", "Sta`;
      const dir = folder({ "users.txt": "user-1\nnobody\nuser-2\nuser-3\n", "before.jsonl": previous });
      const plain = parse(
        (await bulk(endpoint, dir, ["--usernames-file", "users.txt", "--resume", "before.jsonl", "--max-rate", "0"]))
          .stdout,
      );
      expect(plain.map((r) => [r.Username, r.Status])).toEqual([
        ["user-1", "SKIPPED"],
        ["nobody", "SKIPPED"],
        ["user-2", "SKIPPED"],
        ["user-3", "SENT"],
      ]);
      expect(plain[0].Reason).toBe("already sent (in the results of an earlier run)");
      expect(plain[1].Reason).toBe(
        "failed before with UserNotFoundException (in the results of an earlier run); --retry-failed sends again",
      );
      const retry = parse(
        (
          await bulk(endpoint, dir, [
            "--usernames-file",
            "users.txt",
            "--resume",
            "before.jsonl",
            "--retry-failed",
            "--max-rate",
            "0",
          ])
        ).stdout,
      );
      expect(retry.map((r) => [r.Username, r.Status]).sort()).toEqual([
        ["nobody", "FAILED"],
        ["user-1", "SKIPPED"],
        ["user-2", "SENT"],
        ["user-3", "SENT"],
      ]);
    }));

  test.concurrent.each([
    [
      "--username with --usernames-file",
      ["--username", "jane", "--usernames-file", "users.txt"],
      "give --username or --usernames-file, not both",
    ],
    [
      "a negative --max-rate",
      ["--usernames-file", "users.txt", "--max-rate", "-1"],
      "argument --max-rate: expected a number of at least 0, got '-1'",
    ],
    [
      "--concurrency 0",
      ["--usernames-file", "users.txt", "--concurrency", "0"],
      "argument --concurrency: expected a whole number of at least 1, got '0'",
    ],
    [
      "--concurrency 1.5",
      ["--usernames-file", "users.txt", "--concurrency", "1.5"],
      "argument --concurrency: expected a whole number of at least 1, got '1.5'",
    ],
    [
      "--retry-failed without --resume",
      ["--usernames-file", "users.txt", "--retry-failed"],
      "--retry-failed needs --resume or --results",
    ],
    ["--max-rate alone", ["--username", "jane", "--max-rate", "5"], "--max-rate needs --usernames-file"],
    [
      "--secret-hash with --usernames-file",
      ["--usernames-file", "users.txt", "--secret-hash", "abc"],
      "--secret-hash cannot be used with --usernames-file",
    ],
    [
      "--query with --usernames-file",
      ["--usernames-file", "users.txt", "--query", "x"],
      "--usernames-file writes its results as JSON Lines",
    ],
  ])("%s is a usage error, 252, nothing sent", (_name, args, reason) =>
    withEndpoint({}, async (endpoint) => {
      const dir = folder({ "users.txt": users(2) });
      const run = await bulk(endpoint, dir, args);
      expect(run.exitCode).toBe(252);
      expect(run.stderr).toContain(reason);
      expect(endpoint.requests).toHaveLength(0);
    }),
  );

  test.concurrent("a usernames file that does not exist: 252, nothing sent", () =>
    withEndpoint({}, async (endpoint) => {
      const run = await bulk(endpoint, folder(), ["--usernames-file", "missing.txt"]);
      expect([run.exitCode, run.stderr.trim()]).toEqual([
        252,
        'resend-confirmation-code: [ERROR]: An error occurred (ParamValidation): Bad value for --usernames-file "missing.txt": no such file',
      ]);
      expect(endpoint.requests).toHaveLength(0);
    }));

  test.concurrent("bad parameters shared by every user fail once, before the file is read", () =>
    withEndpoint({}, async (endpoint) => {
      const run = await runMain(["--client-id", "", "--usernames-file", "users.txt", ...at(endpoint)], {
        cwd: folder({ "users.txt": users(2) }),
      });
      expect(run.exitCode).toBe(252);
      expect(run.stderr).toContain("Invalid length for parameter ClientId");
      expect(endpoint.requests).toHaveLength(0);
    }));
});

describe("interrupted runs", () => {
  test.concurrent("an interrupt: nothing new is sent, what is in flight gets its line, exit 130", () =>
    withEndpoint({ later: true }, async (endpoint) => {
      const dir = folder({ "users.txt": users(300) });
      const run = await interrupted(
        endpoint,
        dir,
        ["--usernames-file", "users.txt", "--max-rate", "0", "--concurrency", "4"],
        20,
      );
      expect(run.exitCode).toBe(130);
      const results = parse(run.stdout);
      expect(results.length).toBeLessThan(300);
      // Every request the endpoint received has its line.
      expect(results.map((r) => r.Username).sort()).toEqual([...perUser(endpoint).keys()].sort());
      expect(run.stderr).toMatch(/^interrupted: \d+ sent, 0 failed, 0 skipped/m);
    }));

  test.concurrent("an interrupt, then --resume: every user is sent exactly once over both runs", () =>
    withEndpoint({ later: true }, async (endpoint) => {
      const dir = folder({ "users.txt": users(300) });
      const first = await interrupted(
        endpoint,
        dir,
        ["--usernames-file", "users.txt", "--max-rate", "0", "--concurrency", "4"],
        30,
      );
      expect(first.exitCode).toBe(130);
      writeFileSync(join(dir, "first.jsonl"), first.stdout);
      const second = await bulk(endpoint, dir, resuming("first.jsonl"));
      expect(second.exitCode, second.stderr).toBe(0);
      const counts = perUser(endpoint);
      expect(counts.size).toBe(300);
      expect([...counts.values()].every((n) => n === 1)).toBe(true);
      const resumed = parse(second.stdout);
      expect(resumed).toHaveLength(300);
      expect(resumed.filter((r) => r.Status === "SKIPPED")).toHaveLength(
        parse(readFileSync(join(dir, "first.jsonl"), "utf8")).length,
      );
    }));
});

describe("progress", () => {
  test.concurrent("off a terminal, no bar: the summary line alone", () =>
    withEndpoint({}, async (endpoint) => {
      const run = await bulk(endpoint, folder({ "users.txt": users(3) }), [
        "--usernames-file",
        "users.txt",
        "--max-rate",
        "0",
      ]);
      expect(run.stderr).toMatch(/^3 sent, 0 failed, 0 skipped; 3 users in [\d.]+ s \(\d+ requests\/s\)\n$/);
    }));
});
