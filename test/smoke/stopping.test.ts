// How a run ends when it is told to stop (SIGINT, SIGTERM) or when its output
// cannot be written (a full disk, a reader that has gone away): nothing new is
// sent, no request that got an answer is lost track of, and the exit code and
// message say what happened. These need real processes: signals and file
// descriptors.
import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, existsSync, openSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { C, at, folder, parse, perUser, resultLines, users, withEndpoint } from "../support/fixtures";
import type { Endpoint } from "../support/local-cognito";
import { OUR_BIN, cleanEnv, spawnCollect } from "../support/process";

interface Run {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Milliseconds from the signal (if one was sent) to the exit. */
  afterSignal?: number;
}

const hasDevFull = existsSync("/dev/full");
const usersFile = (n: number): string => folder({ "users.txt": users(n) });

/**
 * Runs the command against `endpoint` with stdout and stderr as given ("pipe"
 * to collect them, or a file descriptor); `started` gets the child as soon as
 * it is spawned.
 */
function run(
  endpoint: Endpoint,
  dir: string,
  args: string[],
  stdio: { stdout?: "pipe" | number; stderr?: "pipe" | number } = {},
  started?: (child: ChildProcess) => void,
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [OUR_BIN, "--client-id", C, ...at(endpoint), ...args], {
      cwd: dir,
      env: cleanEnv(dir),
      stdio: ["ignore", stdio.stdout ?? "pipe", stdio.stderr ?? "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (exitCode, signalName) => {
      const signalled = (child as ChildProcess & { signalledAt?: number }).signalledAt;
      resolve({
        exitCode,
        signal: signalName,
        stdout,
        stderr,
        afterSignal: signalled === undefined ? undefined : performance.now() - signalled,
      });
    });
    started?.(child);
  });
}

/** Sends `signal` to the child and notes when, for `afterSignal`. */
function signal(child: ChildProcess, name: NodeJS.Signals): void {
  (child as ChildProcess & { signalledAt?: number }).signalledAt = performance.now();
  child.kill(name);
}

/** Runs `body` with a file descriptor on /dev/full, where every write fails with ENOSPC. */
async function withFullDisk<T>(body: (fd: number) => Promise<T>): Promise<T> {
  const full = openSync("/dev/full", "w");
  try {
    return await body(full);
  } finally {
    closeSync(full);
  }
}

/** The usernames the endpoint was sent, in order. */
const sentTo = (endpoint: Endpoint): string[] => endpoint.bodies().map((b) => String(b.Username));

// Generous: a stop takes milliseconds; before, these runs lingered for the
// whole wait of the rate limiter (100 s here) or of the retries.
const PROMPTLY_MS = 5_000;

describe("a signal ends a run promptly, whatever --max-rate", () => {
  test.concurrent("SIGINT or SIGTERM at --max-rate 0.01, or 0.001 (too small for a timer): exit 130 within moments, nothing sent after it, no Node warning", async () => {
    /** A run of three users at `rate` that gets `name` as its first request arrives. */
    const stopped = async (name: NodeJS.Signals, rate: string): Promise<void> => {
      let child: ChildProcess | undefined;
      await withEndpoint({ onRequest: () => signal(child as ChildProcess, name) }, async (endpoint) => {
        const result = await run(
          endpoint,
          usersFile(3),
          ["--usernames-file", "users.txt", "--max-rate", rate],
          {},
          (c) => (child = c),
        );
        const context = `${name} at ${rate}: ${result.stderr}`;
        expect(result.exitCode, context).toBe(130);
        // The request in flight at the signal finishes and gets its line; the next user waited 100 s or more for its turn.
        expect(sentTo(endpoint), context).toEqual(["user-1"]);
        expect(resultLines(result.stdout)).toEqual([expect.objectContaining({ Username: "user-1", Status: "SENT" })]);
        expect(result.stderr, context).toMatch(/^interrupted: 1 sent, 0 failed, 0 skipped; 1 user in [\d.]+ s/);
        expect(result.stderr, context).not.toMatch(/Warning|TimeoutOverflow/);
        expect(result.afterSignal, context).toBeLessThan(PROMPTLY_MS);
      });
    };
    await Promise.all([stopped("SIGINT", "0.01"), stopped("SIGTERM", "0.01"), stopped("SIGINT", "0.001")]);
  });

  test.concurrent("SIGTERM while users are throttled: no retry after the signal, no line for them", async () => {
    let child: ChildProcess | undefined;
    // Every request is throttled; the fifth brings the signal.
    await withEndpoint(
      {
        throttleEvery: 1,
        onRequest: (_record: unknown, n: number) => n === 5 && signal(child as ChildProcess, "SIGTERM"),
      },
      async (endpoint) => {
        const result = await run(
          endpoint,
          usersFile(8),
          ["--usernames-file", "users.txt", "--max-rate", "0", "--concurrency", "1"],
          {},
          (c) => (child = c),
        );
        expect(result.exitCode, result.stderr).toBe(130);
        expect(endpoint.requests).toHaveLength(5);
        // The throttled user has no line, so that a resume sends it.
        expect(resultLines(result.stdout)).toEqual([]);
        expect(result.afterSignal).toBeLessThan(PROMPTLY_MS);
      },
    );
  });
});

describe.runIf(hasDevFull)("output that cannot be written: a bulk run", () => {
  /**
   * What every such run must show: exit 255, no stack trace, a one-line
   * reason last, and, on stderr, the result line of every user the endpoint
   * was sent a request for and that stdout did not get.
   */
  function expectStoppedAndNamed(
    result: Run,
    endpoint: Endpoint,
    reason: string,
    written: Array<{ Username: string | null }>,
  ): void {
    expect(result.exitCode, result.stderr).toBe(255);
    expect(result.stderr).not.toMatch(/\n\s+at |node:internal/);
    expect(result.stderr.trimEnd().split("\n").pop()).toBe(`Stopped sending: stdout could not be written (${reason}).`);
    expect(result.stderr).toMatch(/^stopped: \d+ sent, 0 failed, 0 skipped; \d+ users? in /m);
    const named = resultLines(result.stderr).map((r) => r.Username);
    const sent = sentTo(endpoint);
    expect([...named, ...written.map((r) => r.Username)].sort()).toEqual([...sent].sort());
    // It stopped at once: not the whole file.
    expect(sent.length).toBeLessThan(20);
  }

  test.concurrent("stdout on a full disk: stops, names every user sent without a line, exit 255", () =>
    withEndpoint({}, async (endpoint) => {
      await withFullDisk(async (full) => {
        const result = await run(
          endpoint,
          usersFile(200),
          ["--usernames-file", "users.txt", "--max-rate", "0", "--concurrency", "4"],
          { stdout: full },
        );
        expectStoppedAndNamed(result, endpoint, "No space left on device", []);
        expect(resultLines(result.stderr).length).toBeGreaterThan(0);
      });
    }));

  test.concurrent("stdout closed by its reader (| head -1): the same, and the lines it read plus those named are every user sent", () =>
    withEndpoint({ delayMs: 5 }, async (endpoint) => {
      const result = await run(
        endpoint,
        usersFile(200),
        ["--usernames-file", "users.txt", "--max-rate", "0", "--concurrency", "4"],
        {},
        (child) => {
          // The reader takes the first line, then goes away.
          child.stdout?.once("data", () => child.stdout?.destroy());
        },
      );
      // Every whole line the reader got before it went away.
      const read = resultLines(result.stdout);
      expectStoppedAndNamed(result, endpoint, "the reader has gone away", read);
    }));

  test.concurrent("stderr on a full disk: every result line is written, and the exit code says the summary was not", () =>
    withEndpoint({}, async (endpoint) => {
      await withFullDisk(async (full) => {
        const result = await run(endpoint, usersFile(20), ["--usernames-file", "users.txt", "--max-rate", "1000"], {
          stderr: full,
        });
        expect(result.exitCode).toBe(255);
        expect(resultLines(result.stdout).map((r) => r.Status)).toEqual(Array(20).fill("SENT"));
        expect(endpoint.requests).toHaveLength(20);
      });
    }));
});

describe("output that cannot be written: a single call", () => {
  test
    .skipIf(!hasDevFull)
    .concurrent("stdout or stderr on a full disk: the exit code says what happened, no crash", () =>
      withEndpoint({}, async (endpoint) => {
        await withFullDisk(async (full) => {
          // After the code went out: exit 0, as the AWS CLI, and stderr says so.
          const answered = await run(endpoint, usersFile(0), ["--username", "jane"], { stdout: full });
          expect(answered.exitCode).toBe(0);
          expect(answered.stderr).toBe(
            "\nThe service took the request, but its answer could not be written to stdout (No space left on device).\n",
          );
          expect(endpoint.requests).toHaveLength(1);
          // A service error with stderr on a full disk: the error's exit code.
          const refused = await run(endpoint, usersFile(0), ["--username", "nobody"], { stderr: full });
          expect(refused.exitCode).toBe(254);
          expect(refused.stdout).toBe("");
          expect(endpoint.requests).toHaveLength(2);
          // A skeleton: exit 255 with a sentence, nothing sent.
          const skeleton = await run(endpoint, usersFile(0), ["--generate-cli-skeleton"], { stdout: full });
          expect(skeleton.exitCode).toBe(255);
          expect(skeleton.stderr).toBe(
            "\nresend-confirmation-code: [ERROR]: Could not write the output: No space left on device\n",
          );
          expect(endpoint.requests).toHaveLength(2);
        });
      }),
    );

  test.concurrent("stdout closed before the answer came: exit 0, sent once", () =>
    withEndpoint({ delayMs: 50 }, async (endpoint) => {
      const result = await run(endpoint, usersFile(0), ["--username", "jane"], {}, (child) => child.stdout?.destroy());
      expect(result.exitCode).toBe(0);
      expect(result.stderr).toBe(
        "\nThe service took the request, but its answer could not be written to stdout (the reader has gone away).\n",
      );
      expect(endpoint.requests).toHaveLength(1);
    }));
});

describe("signals the run cannot handle", () => {
  test.concurrent("Ctrl-C while a single request is in flight exits 130 with nothing on stdout", () =>
    withEndpoint({}, async (endpoint) => {
      endpoint.failNext(1, "hang");
      let child: ChildProcess | undefined;
      const sent = endpoint
        .until(() => endpoint.requests.length > 0)
        .then(() => signal(child as ChildProcess, "SIGINT"));
      const result = await run(endpoint, usersFile(0), ["--username", "jane"], {}, (c) => (child = c));
      await sent;
      expect(result.exitCode).toBe(130);
      expect(result.stdout).toBe("");
      expect(result.afterSignal).toBeLessThan(PROMPTLY_MS);
    }));

  // At a --max-rate the run starts at (not 0, which starts at 10 a second and finds its pace in real
  // seconds): what is checked is what a kill leaves, not the pace.
  test.concurrent("SIGKILL, then --resume: only what was in flight (at most --concurrency users) is sent again", () =>
    withEndpoint({ delayMs: 30 }, async (endpoint) => {
      const dir = usersFile(200);
      const first = await run(
        endpoint,
        dir,
        ["--usernames-file", "users.txt", "--max-rate", "1000", "--concurrency", "4"],
        {},
        (child) => {
          let stdout = "";
          child.stdout?.on("data", (d: Buffer) => {
            stdout += d.toString();
            if (stdout.split("\n").length > 30) child.kill("SIGKILL");
          });
        },
      );
      expect(first.signal).toBe("SIGKILL");
      writeFileSync(join(dir, "first.jsonl"), first.stdout);
      const second = await spawnCollect(
        process.execPath,
        [
          OUR_BIN,
          "--client-id",
          C,
          ...at(endpoint),
          ...["--usernames-file", "users.txt", "--resume", "first.jsonl", "--max-rate", "1000", "--concurrency", "8"],
        ],
        { cwd: dir, env: cleanEnv(dir) },
      );
      expect(second.exitCode).toBe(0);
      expect(parse(second.stdout)).toHaveLength(200);
      const counts = perUser(endpoint);
      expect(counts.size).toBe(200);
      const resent = [...counts.values()].reduce((sum, n) => sum + n - 1, 0);
      expect(resent).toBeLessThanOrEqual(4);
    }));
});
