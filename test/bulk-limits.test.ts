// A bulk run against a stand-in that keeps Cognito's limits (test/support/
// cognito-service.ts), through the real SDK over real HTTP, in this process:
// the account's request quota, the per-user hourly allowance, the daily email
// limit and broken delivery. The run and the stand-in share a clock that moves
// only when the run waits, so thirty seconds of a quota cost well under one,
// and every figure is counted at the stand-in.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import type { Clock } from "../src/bulk";
import { fakeClock } from "./support/clock";
import {
  CLIENT_WITHOUT_SECRET,
  type CognitoService,
  type CognitoServiceOptions,
  MESSAGES,
  startCognitoService,
  users,
} from "./support/cognito-service";
import { at, folder, parse, RESUME_TAIL, withoutSummary } from "./support/fixtures";
import { runMain } from "./support/io";

/** Starts the stand-in on `clock`, with `count` unconfirmed users user-1 … user-N. */
async function service(clock: Clock, count: number, options: CognitoServiceOptions = {}): Promise<CognitoService> {
  // Email through the pool's own SES configuration: no daily limit unless a test sets one.
  return startCognitoService({
    now: () => clock.now(),
    users: users(count),
    emailSendingAccount: "DEVELOPER",
    ...options,
  });
}

/** The command over `names` against `cognito`, one request at a time, on `clock`; results also kept in results.jsonl. */
async function bulk(
  cognito: CognitoService,
  clock: Clock,
  names: string[],
  options: { maxRate?: number; resume?: string; dir?: string } = {},
) {
  const dir = options.dir ?? folder();
  writeFileSync(join(dir, "users.txt"), names.map((name) => `${name}\n`).join(""));
  const resume = options.resume === undefined ? [] : ["--resume", options.resume];
  const run = await runMain(
    [
      "--client-id",
      CLIENT_WITHOUT_SECRET,
      "--usernames-file",
      "users.txt",
      ...at(cognito),
      "--concurrency",
      "1",
      "--max-rate",
      String(options.maxRate ?? 0),
      ...resume,
    ],
    { cwd: dir, clock },
  );
  writeFileSync(join(dir, "results.jsonl"), run.stdout);
  return { exitCode: run.exitCode, lines: parse(run.stdout), stderr: run.stderr, dir };
}

const names = (n: number, from = 1): string[] => Array.from({ length: n }, (_, i) => `user-${from + i}`);

describe("the account's request quota (TooManyRequestsException)", () => {
  test.each([10, 30, 100])(
    "--max-rate 0 against a quota of %d a second: at most 2% throttled, at least 75% of the quota through, every user sent once",
    async (quota) => {
      const clock = fakeClock();
      // 15 seconds of users at the quota (measured: throttled 1.3%, 0.44%, 0.13%; goodput 97%, 93%, 81% of it).
      const count = quota * 15;
      const cognito = await service(clock, count, { rates: { UserAccountRecovery: { perSecond: quota } } });
      try {
        const run = await bulk(cognito, clock, names(count));
        expect(run.exitCode, run.stderr).toBe(0);
        const seconds = clock.now() / 1000;
        expect(
          cognito.throttled("ResendConfirmationCode") / cognito.count("ResendConfirmationCode"),
        ).toBeLessThanOrEqual(0.02);
        expect(cognito.succeeded("ResendConfirmationCode") / seconds).toBeGreaterThanOrEqual(0.75 * quota);
        expect(run.lines.map((line) => line.Status)).toEqual(Array(count).fill("SENT"));
        expect(names(count).every((name) => cognito.sentTo(name) === 1)).toBe(true);
      } finally {
        await cognito.close();
      }
    },
  );

  test.each([
    [30, 30],
    [30, 10],
    [100, 50],
  ])(
    "--max-rate at or under the quota (%d a second, --max-rate %d): nothing throttled after the first second",
    async (quota, maxRate) => {
      const clock = fakeClock();
      const count = maxRate * 10;
      const cognito = await service(clock, count, { rates: { UserAccountRecovery: { perSecond: quota } } });
      try {
        const run = await bulk(cognito, clock, names(count), { maxRate });
        expect(run.exitCode, run.stderr).toBe(0);
        const late = cognito.requests.filter((r) => r.at > 1000 && r.error === "TooManyRequestsException");
        expect(late).toEqual([]);
      } finally {
        await cognito.close();
      }
    },
  );
});

test("a user whose hourly allowance is used up is sent once, FAILED at once, and the summary says when to try again", async () => {
  const clock = fakeClock();
  const cognito = await service(clock, 3, { hourlyResendLimit: 1 });
  try {
    const first = await bulk(cognito, clock, ["user-1"]);
    expect(first.exitCode).toBe(0);
    const run = await bulk(cognito, clock, names(3));
    expect(run.exitCode).toBe(254);
    expect(run.lines.map((line) => [line.Username, line.Status])).toEqual([
      ["user-1", "FAILED"],
      ["user-2", "SENT"],
      ["user-3", "SENT"],
    ]);
    expect(run.lines[0].Error).toEqual({
      Code: "LimitExceededException",
      Message: "Attempt limit exceeded, please try after some time.",
    });
    // Once in the first run, once in this one: never tried again within the hour.
    expect(cognito.countFor("user-1", "ResendConfirmationCode")).toBe(2);
    expect(run.stderr).toContain(
      "1 user has been sent the most codes the service allows in an hour (LimitExceededException); after an hour, --resume RESULTS --retry-failed sends to it again.",
    );
  } finally {
    await cognito.close();
  }
});

test("the daily email limit stops the run; a resume the next day sends each remaining user once", async () => {
  const clock = fakeClock();
  const cognito = await service(clock, 12, { emailSendingAccount: "COGNITO_DEFAULT", dailyEmailLimit: 8 });
  try {
    const first = await bulk(cognito, clock, names(12));
    expect(first.exitCode).toBe(254);
    expect(first.lines.map((line) => line.Status)).toEqual(Array(8).fill("SENT"));
    expect(first.stderr).toMatch(/^stopped: 8 sent, 0 failed, 0 skipped; 8 users in/m);
    expect(withoutSummary(first.stderr)).toBe(
      `Stopped sending: LimitExceededException (${MESSAGES.daily}): the service's daily email limit is reached: no more emails go out from this account today. Resume once the limit resets, within a day; a user pool that sends through your own Amazon SES configuration (EmailSendingAccount DEVELOPER) has a much higher limit; ${RESUME_TAIL}\n`,
    );
    // No request after the one the limit refused.
    expect(cognito.count("ResendConfirmationCode")).toBe(9);

    cognito.nextDay();
    const second = await bulk(cognito, clock, names(12), { resume: "results.jsonl", dir: first.dir });
    expect(second.exitCode, second.stderr).toBe(0);
    expect(second.lines.filter((line) => line.Status === "SENT").map((line) => line.Username)).toEqual(names(4, 9));
    expect(names(12).map((name) => cognito.sentTo(name))).toEqual(Array(12).fill(1));
  } finally {
    await cognito.close();
  }
});

test("the same delivery failure for ten users in a row stops the run: delivery is broken for everyone", async () => {
  const clock = fakeClock();
  const cognito = await service(clock, 30);
  cognito.failDelivery(true);
  try {
    const run = await bulk(cognito, clock, names(30));
    expect(run.exitCode).toBe(254);
    // Nine FAILED lines; the tenth, which stops the run, has none (a resume sends to it once delivery works).
    expect(run.lines.map((line) => line.Error?.Code)).toEqual(Array(9).fill("CodeDeliveryFailureException"));
    expect(cognito.count("ResendConfirmationCode")).toBe(10);
    expect(run.stderr).toMatch(/^stopped: 0 sent, 9 failed \(CodeDeliveryFailureException 9\), 0 skipped; 9 users in/);
    expect(withoutSummary(run.stderr)).toBe(
      `Stopped sending: CodeDeliveryFailureException (${MESSAGES.emailDelivery}): the last 10 users in a row failed with it, so every user fails the same way. Find what the error means for the user pool, and put it right; ${RESUME_TAIL}\n`,
    );
  } finally {
    await cognito.close();
  }
});

describe("a resume that cannot mislead", () => {
  test("every line names the app client; results from another client are refused before anything is sent", async () => {
    const clock = fakeClock();
    const cognito = await service(clock, 2);
    try {
      const first = await bulk(cognito, clock, names(2));
      expect(first.lines.map((line) => line.ClientId)).toEqual([CLIENT_WITHOUT_SECRET, CLIENT_WITHOUT_SECRET]);
      writeFileSync(
        join(first.dir, "other.jsonl"),
        '{"Username":"user-1","ClientId":"9otherclient","Status":"SENT"}\n',
      );
      const refused = await bulk(cognito, clock, names(2), { resume: "other.jsonl", dir: first.dir });
      expect([refused.exitCode, refused.stderr]).toEqual([
        252,
        `\nresend-confirmation-code: [ERROR]: An error occurred (ParamValidation): Bad value for --resume "other.jsonl": it holds the results of a run with --client-id 9otherclient, and this run's is ${CLIENT_WITHOUT_SECRET}. Resume with the results of a run with the same app client.\n`,
      ]);
      expect(cognito.count()).toBe(2);
    } finally {
      await cognito.close();
    }
  });
});
