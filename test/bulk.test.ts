// --usernames-file: many users from a file, against the local endpoint,
// through the built command: one result line per user, duplicates sent once,
// throttling absorbed, interrupted runs that resume without sending twice.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
// @ts-expect-error plain JavaScript shared with the recorder
import { CLIENT_SECRET, CLIENT_WITH_SECRET, startLocalCognito } from "./support/local-cognito.mjs";
// @ts-expect-error plain JavaScript shared with the recorder
import { OUR_BIN, cleanEnv, spawnCollect } from "./support/run-case.mjs";

const C = "1example23456789";
interface Endpoint {
  url: string;
  requests: unknown[];
  bodies(): Array<Record<string, unknown>>;
  close(): Promise<void>;
  failNext(n: number, kind: string): void;
}
interface Result {
  Username: string | null;
  Status: string;
  Reason?: string;
  Error?: { Code: string; Message: string };
  CodeDeliveryDetails?: unknown;
  Line?: number;
}

function folder(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "rcc-bulk-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const users = (n: number, from = 1): string =>
  `${Array.from({ length: n }, (_, i) => `user-${from + i}`).join("\n")}\n`;
const parse = (stdout: string): Result[] =>
  stdout
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as Result);
/** How many requests the endpoint received for each username. */
function perUser(endpoint: Endpoint): Map<string, number> {
  const counts = new Map<string, number>();
  for (const body of endpoint.bodies()) counts.set(String(body.Username), (counts.get(String(body.Username)) ?? 0) + 1);
  return counts;
}

async function bulk(endpoint: Endpoint, dir: string, args: string[], input?: string) {
  return spawnCollect(
    process.execPath,
    [OUR_BIN, "--client-id", C, "--endpoint-url", endpoint.url, "--region", "us-east-1", ...args],
    { cwd: dir, env: cleanEnv(dir), input },
  );
}

/** Starts a run, waits until it has written `lines` results, then sends it `signal`. */
function interrupted(
  endpoint: Endpoint,
  dir: string,
  args: string[],
  lines: number,
  signal: NodeJS.Signals,
): Promise<{ exitCode: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [OUR_BIN, "--client-id", C, "--endpoint-url", endpoint.url, "--region", "us-east-1", ...args],
      { cwd: dir, env: cleanEnv(dir), stdio: ["ignore", "pipe", "pipe"] },
    );
    let stdout = "";
    let stderr = "";
    let sent = false;
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
      if (!sent && stdout.split("\n").length > lines) {
        sent = true;
        child.kill(signal);
      }
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.on("error", reject);
    child.on("close", (exitCode, sig) => resolve({ exitCode, signal: sig, stdout, stderr }));
  });
}

async function withEndpoint<T>(options: Record<string, unknown>, body: (endpoint: Endpoint) => Promise<T>): Promise<T> {
  const endpoint = (await startLocalCognito(options)) as Endpoint;
  try {
    return await body(endpoint);
  } finally {
    await endpoint.close();
  }
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
        "duplicate of line 1",
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
      const run = await spawnCollect(
        process.execPath,
        [
          OUR_BIN,
          "--client-id",
          CLIENT_WITH_SECRET,
          "--usernames-file",
          "users.txt",
          "--client-secret",
          CLIENT_SECRET,
          "--endpoint-url",
          endpoint.url,
          "--region",
          "us-east-1",
          "--max-rate",
          "0",
        ],
        { cwd: dir, env: cleanEnv(dir) },
      );
      expect(run.exitCode, run.stderr).toBe(0);
      expect(parse(run.stdout).map((r) => r.Status)).toEqual(Array(5).fill("SENT"));
      expect(run.stdout + run.stderr).not.toContain(CLIENT_SECRET);
    }));

  test.concurrent("standard input with -", () =>
    withEndpoint({}, async (endpoint) => {
      const dir = folder();
      const run = await bulk(endpoint, dir, ["--usernames-file", "-", "--max-rate", "0"], users(3));
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
      const run = await bulk(endpoint, dir, ["--usernames-file", "users.txt", "--max-rate", "0", "--concurrency", "8"]);
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
      const run = await bulk(endpoint, dir, ["--usernames-file", "users.txt", "--max-rate", "0", "--concurrency", "1"]);
      const results = parse(run.stdout);
      expect(run.exitCode).toBe(254);
      expect(results.map((r) => r.Status)).toEqual(["FAILED", "SENT", "SENT"]);
      expect(results[0].Error?.Code).toBe("TooManyRequestsException");
    }));

  test.concurrent("--max-rate holds the pace: 20 users at 10 a second take nearly two seconds", () =>
    withEndpoint({}, async (endpoint) => {
      const dir = folder({ "users.txt": users(20) });
      const started = Date.now();
      const run = await bulk(endpoint, dir, ["--usernames-file", "users.txt", "--max-rate", "10"]);
      expect(run.exitCode).toBe(0);
      expect(Date.now() - started).toBeGreaterThanOrEqual(1700);
    }));

  test.concurrent("--dry-run reads and checks everything and sends nothing", () =>
    withEndpoint({}, async (endpoint) => {
      const dir = folder({ "users.txt": `${users(3)}user-1\n{"Username": ""}\n` });
      const run = await spawnCollect(
        process.execPath,
        [
          OUR_BIN,
          "--client-id",
          CLIENT_WITH_SECRET,
          "--client-secret",
          CLIENT_SECRET,
          "--usernames-file",
          "users.txt",
          "--endpoint-url",
          endpoint.url,
          "--region",
          "us-east-1",
          "--dry-run",
        ],
        { cwd: dir, env: cleanEnv(dir) },
      );
      const results = parse(run.stdout);
      expect(run.exitCode).toBe(0);
      expect(endpoint.requests).toHaveLength(0);
      expect(results.map((r) => r.Status)).toEqual(["WOULD_SEND", "WOULD_SEND", "WOULD_SEND", "SKIPPED", "SKIPPED"]);
      expect(results[0]).toEqual({
        Username: "user-1",
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
      expect(plain[0].Reason).toBe("already sent (in the --resume file)");
      expect(plain[1].Reason).toBe(
        "failed before with UserNotFoundException (in the --resume file); --retry-failed sends again",
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
      "--retry-failed needs --resume",
    ],
    ["--dry-run alone", ["--username", "jane", "--dry-run"], "--dry-run needs --usernames-file"],
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
        'Bad value for --usernames-file "missing.txt": no such file',
      ]);
      expect(endpoint.requests).toHaveLength(0);
    }));

  test.concurrent("bad parameters shared by every user fail once, before the file is read", () =>
    withEndpoint({}, async (endpoint) => {
      const run = await spawnCollect(
        process.execPath,
        [
          OUR_BIN,
          "--client-id",
          "",
          "--usernames-file",
          "users.txt",
          "--endpoint-url",
          endpoint.url,
          "--region",
          "us-east-1",
        ],
        { cwd: folder({ "users.txt": users(2) }) },
      );
      expect(run.exitCode).toBe(252);
      expect(run.stderr).toContain("Invalid length for parameter ClientId");
      expect(endpoint.requests).toHaveLength(0);
    }));
});

describe("interrupted runs", () => {
  test.concurrent("SIGINT: nothing new is sent, what is in flight gets its line, exit 130", () =>
    withEndpoint({ delayMs: 30 }, async (endpoint) => {
      const dir = folder({ "users.txt": users(300) });
      const run = await interrupted(
        endpoint,
        dir,
        ["--usernames-file", "users.txt", "--max-rate", "0", "--concurrency", "4"],
        20,
        "SIGINT",
      );
      expect(run.exitCode).toBe(130);
      const results = parse(run.stdout);
      expect(results.length).toBeLessThan(300);
      // Every request the endpoint received has its line.
      expect(results.map((r) => r.Username).sort()).toEqual([...perUser(endpoint).keys()].sort());
      expect(run.stderr).toMatch(/^interrupted: \d+ sent, 0 failed, 0 skipped/m);
    }));

  test.concurrent("SIGTERM, then --resume: every user is sent exactly once over both runs", () =>
    withEndpoint({ delayMs: 30 }, async (endpoint) => {
      const dir = folder({ "users.txt": users(300) });
      const first = await interrupted(
        endpoint,
        dir,
        ["--usernames-file", "users.txt", "--max-rate", "0", "--concurrency", "4"],
        30,
        "SIGTERM",
      );
      expect(first.exitCode).toBe(130);
      writeFileSync(join(dir, "first.jsonl"), first.stdout);
      const second = await bulk(endpoint, dir, [
        "--usernames-file",
        "users.txt",
        "--resume",
        "first.jsonl",
        "--max-rate",
        "0",
        "--concurrency",
        "8",
      ]);
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

  test.concurrent("SIGKILL, then --resume: only what was in flight (at most --concurrency users) is sent again", () =>
    withEndpoint({ delayMs: 30 }, async (endpoint) => {
      const dir = folder({ "users.txt": users(200) });
      const first = await interrupted(
        endpoint,
        dir,
        ["--usernames-file", "users.txt", "--max-rate", "0", "--concurrency", "4"],
        30,
        "SIGKILL",
      );
      expect(first.signal).toBe("SIGKILL");
      writeFileSync(join(dir, "first.jsonl"), first.stdout);
      const second = await bulk(endpoint, dir, [
        "--usernames-file",
        "users.txt",
        "--resume",
        "first.jsonl",
        "--max-rate",
        "0",
        "--concurrency",
        "8",
      ]);
      expect(second.exitCode).toBe(0);
      const counts = perUser(endpoint);
      expect(counts.size).toBe(200);
      const resent = [...counts.values()].reduce((sum, n) => sum + n - 1, 0);
      expect(resent).toBeLessThanOrEqual(4);
    }));
});

describe("progress", () => {
  test.concurrent("on a terminal, a progress bar redrawn on stderr, then the summary", () =>
    withEndpoint({}, async (endpoint) => {
      const dir = folder({ "users.txt": users(40) });
      const command = [
        process.execPath,
        OUR_BIN,
        "--client-id",
        C,
        "--usernames-file",
        "users.txt",
        "--endpoint-url",
        endpoint.url,
        "--region",
        "us-east-1",
        "--max-rate",
        "40",
      ]
        .map((a) => `'${a}'`)
        .join(" ");
      // `script` gives the command a terminal; its results go to a file.
      const run = await spawnCollect("script", ["-qec", `${command} > results.jsonl`, "/dev/null"], {
        cwd: dir,
        env: { ...cleanEnv(dir), TERM: "dumb" },
      });
      expect(run.exitCode).toBe(0);
      expect(run.stdout).toMatch(/\r\x1b\[2K\[[#.]{24}\] \d+\/40 lines {2}\d+ sent {2}0 skipped {2}\d+\/s/);
      expect(run.stdout).toMatch(/40 sent, 0 failed, 0 skipped; 40 users in [\d.]+ s/);
      expect(parse(readFileSync(join(dir, "results.jsonl"), "utf8"))).toHaveLength(40);
    }));

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
