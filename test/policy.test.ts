// The decisions of a bulk run, as tables: what `decide` does with a user, and
// what `onOutcome` does with a request's result. Pure functions: no caller,
// no clock, no HTTP.
import { describe, expect, test } from "vitest";
import type { Cause } from "../src/common";
import {
  type Candidate,
  type DecideState,
  decide,
  nextStreak,
  onOutcome,
  type OutcomeState,
  POOL_FAILURES,
  type Prior,
  type Result,
  STOP_IN_A_ROW,
  STOP_SAME_IN_A_ROW,
  type Streak,
  THROTTLED_ATTEMPTS,
} from "../src/bulk/policy";
import type { PoolUser } from "../src/bulk/pool";

const state = (over: Partial<DecideState> = {}): DecideState => ({
  seen: () => undefined,
  prior: () => undefined,
  caseInsensitive: true,
  pool: false,
  retryFailed: false,
  retryUnknown: false,
  resendInvitations: false,
  dryRun: false,
  ...over,
});
const jane: Candidate = { username: "jane", given: "jane", line: 3 };
const pooled = (status: string, enabled = true): Candidate => ({
  ...jane,
  pooled: { username: "jane", status, enabled } as PoolUser,
});
const priorIs = (prior: Prior) => state({ prior: () => prior });

describe("decide: what to do with a user", () => {
  test.each([
    [
      "a line that names no user",
      { line: 7, problem: "not valid JSON (x)" },
      state(),
      "skip",
      "line 7: not valid JSON (x)",
    ],
    [
      "a person a line named before, by the same name",
      jane,
      state({ seen: () => ({ line: 1, sameName: true }) }),
      "skip",
      "duplicate of line 1: the same username",
    ],
    [
      "another letter case, no pool: one user, and the option that makes it two",
      { ...jane, given: "Jane", username: "Jane" },
      state({ seen: () => ({ line: 1, sameName: false }) }),
      "skip",
      "duplicate of line 1: the same username in other letter case, which a case-insensitive user pool counts as one user; --case-sensitive-usernames counts them as two",
    ],
    [
      "another letter case in a case-insensitive pool",
      { ...jane, given: "JANE" },
      state({ pool: true, seen: () => ({ line: 2, sameName: false }) }),
      "skip",
      "duplicate of line 2: the same user in other letter case: usernames in this user pool are case-insensitive",
    ],
    [
      "the email of a user a line named before",
      { ...jane, given: "jane@example.com", resolvedFrom: "email" },
      state({ pool: true, seen: () => ({ line: 1, sameName: false }) }),
      "skip",
      "duplicate of line 1: the same user: this line gives its email",
    ],
    [
      "listed twice by the pool",
      { username: "jane" },
      state({ seen: () => ({ sameName: true }) }),
      "skip",
      "listed twice by the pool",
    ],
    ["sent before", jane, priorIs({ status: "SENT" }), "skip", "already sent (in the results of an earlier run)"],
    [
      "UNKNOWN before: never sent again unasked",
      jane,
      priorIs({ status: "UNKNOWN" }),
      "skip",
      "sent before with no answer (UNKNOWN in the results of an earlier run): the service may have sent the code; --retry-unknown sends again",
    ],
    [
      "UNKNOWN before, --retry-unknown",
      jane,
      state({ prior: () => ({ status: "UNKNOWN" }), retryUnknown: true }),
      "send",
      undefined,
    ],
    [
      "FAILED before",
      jane,
      priorIs({ status: "FAILED", code: "UserNotFoundException" }),
      "skip",
      "failed before with UserNotFoundException (in the results of an earlier run); --retry-failed sends again",
    ],
    [
      "FAILED before, --retry-failed",
      jane,
      state({ prior: () => ({ status: "FAILED" }), retryFailed: true }),
      "send",
      undefined,
    ],
    [
      "SENT before, whatever --retry-* says",
      jane,
      state({ prior: () => ({ status: "SENT" }), retryFailed: true, retryUnknown: true }),
      "skip",
      "already sent (in the results of an earlier run)",
    ],
    ["an UNCONFIRMED user of the pool", pooled("UNCONFIRMED"), state({ pool: true }), "send", undefined],
    [
      "a disabled user of the pool",
      pooled("UNCONFIRMED", false),
      state({ pool: true }),
      "skip",
      "the user is disabled",
    ],
    ["a CONFIRMED user", pooled("CONFIRMED"), state({ pool: true }), "skip", "already confirmed"],
    [
      "a FORCE_CHANGE_PASSWORD user, no --resend-invitations",
      pooled("FORCE_CHANGE_PASSWORD"),
      state({ pool: true }),
      "skip",
      "created by an administrator (FORCE_CHANGE_PASSWORD): it needs its invitation, not a confirmation code; --resend-invitations sends it",
    ],
    [
      "a FORCE_CHANGE_PASSWORD user, --resend-invitations",
      pooled("FORCE_CHANGE_PASSWORD"),
      state({ pool: true, resendInvitations: true }),
      "invite",
      undefined,
    ],
    ["a dry run", jane, state({ dryRun: true }), "wouldSend", undefined],
    ["a plain username", jane, state(), "send", undefined],
  ] as const)("%s", (_name, candidate, given, kind, reason) => {
    const decision = decide(candidate as Candidate, given);
    expect(decision.kind).toBe(kind);
    if (reason !== undefined) expect("reason" in decision ? decision.reason : undefined).toBe(reason);
  });

  test("a skip for earlier results carries what they said, for the next resume to read", () => {
    expect(decide(jane, priorIs({ status: "FAILED", code: "X" }))).toMatchObject({
      kind: "skip",
      why: "prior",
      prior: { status: "FAILED", code: "X" },
    });
  });
});

const cause = (code: string, message = "m", extra: Partial<Cause> = {}): Cause => ({
  code,
  message,
  transient: false,
  throttled: false,
  ...extra,
});
const failed = (c: Cause): Result => ({ kind: "failed", cause: c });
const outcomeState = (over: Partial<OutcomeState> = {}): OutcomeState => ({
  maxAttempts: 3,
  transientAttempts: 0,
  random: () => 0.5,
  ...over,
});
const throttled = cause("TooManyRequestsException", "Rate exceeded", { throttled: true, transient: true });
const serverError = cause("InternalErrorException", "x", { transient: true });
const refused = cause("EndpointConnectionError", 'Could not connect to the endpoint URL: "x"', { transient: true });
const readTimeout = cause("ReadTimeoutError", "Read timeout", { unknown: true });
const streakOf = (c: Cause, count: number): Streak => ({ code: c.code, message: c.message, count });

describe("onOutcome: what to do once a request has its result", () => {
  test.each([
    ["an answer", { kind: "sent" } as Result, 1, outcomeState(), "done"],
    ["written, no answer: unknown, never again", failed(readTimeout), 1, outcomeState(), "unknown"],
    [
      "reset after the request was written: unknown",
      failed(cause("ConnectionClosedError", "closed", { unknown: true })),
      1,
      outcomeState(),
      "unknown",
    ],
    ["throttled: tried again", failed(throttled), 1, outcomeState(), "retryAfter"],
    [
      "throttled on the last attempt allowed: FAILED",
      failed(throttled),
      THROTTLED_ATTEMPTS,
      outcomeState(),
      "failUser",
    ],
    ["a 5xx: tried again", failed(serverError), 1, outcomeState(), "retryAfter"],
    ["a 5xx past the attempts: FAILED", failed(serverError), 3, outcomeState({ transientAttempts: 2 }), "failUser"],
    ["no connection: tried again (it never reached the service)", failed(refused), 1, outcomeState(), "retryAfter"],
    [
      "no connection past the attempts: the run stops",
      failed(refused),
      3,
      outcomeState({ transientAttempts: 2 }),
      "stopRun",
    ],
    [
      "the user's hourly allowance: FAILED, never tried again",
      failed(
        cause("LimitExceededException", "Attempt limit exceeded, please try after some time.", { throttled: true }),
      ),
      1,
      outcomeState(),
      "failUser",
    ],
    [
      "the daily email limit: the run stops",
      failed(
        cause("LimitExceededException", "Exceeded daily email limit for the operation or the account.", {
          throttled: true,
        }),
      ),
      1,
      outcomeState(),
      "stopRun",
    ],
    [
      "an app client that does not exist: the run stops",
      failed(cause("ResourceNotFoundException", "User pool client x does not exist.")),
      1,
      outcomeState(),
      "stopRun",
    ],
    [
      "a wrong secret: the run stops",
      failed(cause("NotAuthorizedException", "Unable to verify secret hash for client x")),
      1,
      outcomeState(),
      "stopRun",
    ],
    [
      "a secret missing: the run stops",
      failed(cause("NotAuthorizedException", "Client x is configured for secret but secret was not received")),
      1,
      outcomeState(),
      "stopRun",
    ],
    [
      "auto-verification off: the run stops",
      failed(cause("InvalidParameterException", "Cannot resend codes. Auto verification not turned on.")),
      1,
      outcomeState(),
      "stopRun",
    ],
    [
      "a user with nothing to send to: FAILED",
      failed(
        cause(
          "InvalidParameterException",
          "Cannot resend codes. Auto verification not turned on or no verified attributes.",
        ),
      ),
      1,
      outcomeState(),
      "failUser",
    ],
    [
      "a disabled user: FAILED",
      failed(cause("NotAuthorizedException", "User is disabled.")),
      1,
      outcomeState(),
      "failUser",
    ],
    [
      "a Lambda error, the first: FAILED",
      failed(cause("UserLambdaValidationException")),
      1,
      outcomeState(),
      "failUser",
    ],
    [
      `a Lambda error, the ${STOP_IN_A_ROW}th in a row: the run stops`,
      failed(cause("UserLambdaValidationException", "other words")),
      1,
      outcomeState({ streak: streakOf(cause("UserLambdaValidationException"), STOP_IN_A_ROW - 1) }),
      "stopRun",
    ],
    [
      `any error, the ${STOP_SAME_IN_A_ROW}th alike in a row: the run stops`,
      failed(cause("CodeDeliveryFailureException")),
      1,
      outcomeState({ streak: streakOf(cause("CodeDeliveryFailureException"), STOP_SAME_IN_A_ROW - 1) }),
      "stopRun",
    ],
    [
      "the same code in other words: a new run of them",
      failed(cause("CodeDeliveryFailureException", "other")),
      1,
      outcomeState({ streak: streakOf(cause("CodeDeliveryFailureException"), STOP_SAME_IN_A_ROW - 1) }),
      "failUser",
    ],
    [
      "a user's own failure never stops a run, however many",
      failed(cause("UserNotFoundException")),
      1,
      outcomeState({ streak: streakOf(cause("UserNotFoundException"), 1000) }),
      "failUser",
    ],
  ] as const)("%s", (_name, result, attempt, given, kind) => {
    expect(onOutcome(result, attempt, given).kind).toBe(kind);
  });

  test("unanswered requests for many users in a row: each keeps its UNKNOWN line, and the run stops", () => {
    const before = outcomeState({ streak: streakOf(readTimeout, STOP_SAME_IN_A_ROW - 2) });
    expect(onOutcome(failed(readTimeout), 1, before)).toEqual({
      kind: "unknown",
      reason: "written, and no answer came",
    });
    const verdict = onOutcome(
      failed(readTimeout),
      1,
      outcomeState({ streak: streakOf(readTimeout, STOP_SAME_IN_A_ROW - 1) }),
    );
    expect(verdict.kind).toBe("unknown");
    expect((verdict as { stop?: string }).stop).toBe(
      "Stopped sending: ReadTimeoutError (Read timeout): the last 10 users in a row failed with it, so every user fails the same way. Find what the error means for the user pool, and put it right; the users not yet sent have no result line, so the same command with --resume RESULTS (or the same --results FILE) sends to them once.",
    );
  });

  test("a stop says what is wrong and what fixes it, and how to carry on", () => {
    const verdict = onOutcome(
      failed(cause("InvalidParameterException", "Cannot resend codes. Auto verification not turned on.")),
      1,
      outcomeState(),
    );
    expect(verdict).toEqual({
      kind: "stopRun",
      reason: "the user pool does not verify email or phone numbers, so it sends no codes",
      message:
        "Stopped sending: InvalidParameterException (Cannot resend codes. Auto verification not turned on.): the user pool does not verify email or phone numbers, so it sends no codes. Turn on attribute verification (AutoVerifiedAttributes) in the user pool; the users not yet sent have no result line, so the same command with --resume RESULTS (or the same --results FILE) sends to them once.",
    });
  });

  test("the wait before a retry is jittered under a ceiling that doubles", () => {
    const at = (attempt: number) => onOutcome(failed(throttled), attempt, outcomeState({ random: () => 1 }));
    expect([1, 2, 3].map((n) => (at(n) as { ms: number }).ms)).toEqual([100, 200, 400]);
  });
});

describe("nextStreak: failures in a row", () => {
  const lambda = cause("UserLambdaValidationException");
  test.each([
    ["a success ends it", streakOf(lambda, 3), { kind: "sent" } as Result, undefined],
    ["the same failure adds one", streakOf(lambda, 3), failed(lambda), 4],
    [
      "a failure of the table's counts by its code alone",
      streakOf(lambda, 3),
      failed(cause(lambda.code, "other words")),
      4,
    ],
    ["another failure starts again", streakOf(lambda, 3), failed(cause("ForbiddenException")), 1],
    ["a user's own failure leaves it as it was", streakOf(lambda, 3), failed(cause("UserNotFoundException")), 3],
  ] as const)("%s", (_name, before, result, count) => {
    expect(nextStreak(before, result)?.count).toBe(count);
  });
});

test("every failure that stops a run says what is wrong and what fixes it", () => {
  for (const entry of POOL_FAILURES) {
    expect(entry.what.length).toBeGreaterThan(10);
    expect(entry.fix.length).toBeGreaterThan(10);
  }
});
