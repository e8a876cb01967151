// The decisions of a bulk run, apart from the machinery that carries them out:
// `decide` says what to do with a user (skip, send, invite, or, in a dry run,
// say what would be sent), and `onOutcome` what to do once a request has an
// outcome (done, try again after a wait, fail that user, record it as unknown,
// or stop the whole run). Both are pure: they read the state they are given
// and change nothing, so they are tested by tables.
//
// One person, one code: a request that was written and got no answer has an
// unknown outcome (the service may have sent the code) and is never sent
// again here; a retry is only for a request that never reached the service
// and for an answer that says "try again" (throttling, a 5xx).
import type { Cause } from "../common";
import type { PoolUser } from "./pool";

/** What an earlier run's results say of a user. */
export type Prior = { status: "SENT" } | { status: "UNKNOWN" } | { status: "FAILED"; code?: string };

/** A user the run considers: named by a line of the usernames file, or listed by the pool. */
export interface Candidate {
  /** The username requests are sent for (the pool's own, once a line is resolved). */
  username?: string;
  /** The name as the line gave it. */
  given?: string;
  /** The line of the usernames file. */
  line?: number;
  /** Why the line names no user it can send to (it is SKIPPED). */
  problem?: string;
  /** The user as the pool knows it (--user-pool-id). */
  pooled?: PoolUser;
  resolvedFrom?: "email";
}

/** What the run knows when it decides about a user. */
export interface DecideState {
  /** The first line (or listing) that named the same person: whether it gave the very same name, or the person's email. */
  seen(candidate: Candidate): FirstNamed | undefined;
  /** What earlier results say of the same person. */
  prior(candidate: Candidate): Prior | undefined;
  /** Usernames that differ in letter case are one user (by default without a pool; as the pool says with one). */
  caseInsensitive: boolean;
  pool: boolean;
  retryFailed: boolean;
  retryUnknown: boolean;
  resendInvitations: boolean;
  dryRun: boolean;
}

/** How a person was first named. */
export interface FirstNamed {
  /** The line; none when the pool listed the person. */
  line?: number;
  sameName: boolean;
  /** The line gave the person's email, which the pool resolved. */
  byEmail?: boolean;
}

export type Decision =
  | { kind: "skip"; why: "problem" | "duplicate" | "prior" | "status"; reason: string; prior?: Prior }
  | { kind: "send" }
  | { kind: "invite" }
  | { kind: "wouldSend"; invite: boolean };

/** Why a user of the pool is not sent anything, by status; undefined: it is sent a code or an invitation. */
export function notSentBecause(user: PoolUser, resendInvitations: boolean): string | undefined {
  if (!user.enabled) return "the user is disabled";
  switch (user.status) {
    case "UNCONFIRMED":
      return undefined;
    case "FORCE_CHANGE_PASSWORD":
      return resendInvitations
        ? undefined
        : "created by an administrator (FORCE_CHANGE_PASSWORD): it needs its invitation, not a confirmation code; --resend-invitations sends it";
    case "CONFIRMED":
      return "already confirmed";
    case "RESET_REQUIRED":
      return "already confirmed; its password must be reset (RESET_REQUIRED)";
    case "EXTERNAL_PROVIDER":
      return "signs in through an external identity provider (EXTERNAL_PROVIDER): nothing to confirm";
    default:
      return `not unconfirmed (${user.status})`;
  }
}

/** Why a user named twice is skipped: which line named the person first, and how this one is the same person. */
function duplicateReason(candidate: Candidate, first: FirstNamed, state: DecideState): string {
  if (first.line === undefined) return "listed twice by the pool";
  const why = first.sameName
    ? "the same username"
    : candidate.resolvedFrom === "email"
      ? "the same user: this line gives its email"
      : first.byEmail
        ? "the same user: that line gives its email"
        : !state.pool
          ? "the same username in other letter case, which a case-insensitive user pool counts as one user; --case-sensitive-usernames counts them as two"
          : state.caseInsensitive
            ? "the same user in other letter case: usernames in this user pool are case-insensitive"
            : "the same user, as the user pool knows it";
  return `duplicate of line ${first.line}: ${why}`;
}

/** Why a user is skipped for what earlier results say of it; undefined: it is sent again. */
export function priorReason(
  prior: Prior,
  state: Pick<DecideState, "retryFailed" | "retryUnknown">,
): string | undefined {
  switch (prior.status) {
    case "SENT":
      return "already sent (in the results of an earlier run)";
    case "UNKNOWN":
      return state.retryUnknown
        ? undefined
        : "sent before with no answer (UNKNOWN in the results of an earlier run): the service may have sent the code; --retry-unknown sends again";
    case "FAILED":
      return state.retryFailed
        ? undefined
        : `failed before with ${prior.code ?? "an error"} (in the results of an earlier run); --retry-failed sends again`;
  }
}

/**
 * What to do with a candidate whose request has been checked (`problem` set
 * if it failed the check): in this order, a line that names no user, a
 * person already named, a person earlier results account for, a pool user
 * whose status needs nothing, and then send (or invite, or say it would).
 */
export function decide(candidate: Candidate, state: DecideState): Decision {
  const where = candidate.line === undefined ? "" : `line ${candidate.line}: `;
  if (candidate.problem !== undefined || candidate.username === undefined)
    return { kind: "skip", why: "problem", reason: `${where}${candidate.problem ?? "no username"}` };
  const first = state.seen(candidate);
  if (first !== undefined) return { kind: "skip", why: "duplicate", reason: duplicateReason(candidate, first, state) };
  const prior = state.prior(candidate);
  const because = prior === undefined ? undefined : priorReason(prior, state);
  if (because !== undefined) return { kind: "skip", why: "prior", reason: because, prior };
  const pooled = candidate.pooled;
  const status = pooled === undefined ? undefined : notSentBecause(pooled, state.resendInvitations);
  if (status !== undefined) return { kind: "skip", why: "status", reason: status };
  const invite = pooled?.status === "FORCE_CHANGE_PASSWORD";
  if (state.dryRun) return { kind: "wouldSend", invite };
  return invite ? { kind: "invite" } : { kind: "send" };
}

// ---------------------------------------------------------------------------
// Outcomes

/** Attempts for a throttled user before it counts as FAILED. */
export const THROTTLED_ATTEMPTS = 10;
const BACKOFF_BASE_MS = 100;
const BACKOFF_CAP_MS = 5_000;

/** "Full jitter": a random wait up to an exponentially growing ceiling. */
export const backoffMs = (attempt: number, random: () => number = Math.random): number =>
  random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));

/** What a request came to: answered (SENT, or an error the service gave), or a failure of the network. */
export type Result = { kind: "sent" } | { kind: "failed"; cause: Cause };

/** The same failure for users in a row: a sign that it is the pool's, not theirs. */
export interface Streak {
  code: string;
  message: string;
  count: number;
}

export interface OutcomeState {
  /** Attempts for a network failure before any answer, or a 5xx answer. */
  maxAttempts: number;
  /** Attempts so far that never reached the service or were answered 5xx (throttling is counted by `attempt`). */
  transientAttempts: number;
  /** The failures in a row before this one, over users whose failure is not their own. */
  streak?: Streak;
  random: () => number;
}

export type Verdict =
  | { kind: "done" }
  | { kind: "retryAfter"; ms: number; throttled: boolean; reason: string }
  | { kind: "failUser"; reason: string }
  /** `stop`: this one makes a run of alike unanswered requests long enough that the run stops too. */
  | { kind: "unknown"; reason: string; stop?: string }
  /** The run stops: nothing new is sent, and this user gets no line (a resume sends to it). */
  | { kind: "stopRun"; reason: string; message: string };

/** A failure that belongs to the user pool or the app client: every later user would fail the same way. */
export interface PoolFailure {
  code: string;
  /** The service's message, where the code alone says too little. */
  message?: RegExp;
  /** At once, or after STOP_IN_A_ROW users in a row. */
  when: "at once" | "in a row";
  what: string;
  fix: string;
}

/** Users in a row with one of the failures below that are the pool's only when they repeat. */
export const STOP_IN_A_ROW = 5;
/** Users in a row with the very same code and message, of any error not the user's own, that stop a run. */
export const STOP_SAME_IN_A_ROW = 10;

/** The failures that stop a run. One table: docs/bulk.md's ("When the run stops") says the same. */
export const POOL_FAILURES: readonly PoolFailure[] = [
  {
    code: "ResourceNotFoundException",
    when: "at once",
    what: "the app client (or the user pool) does not exist",
    fix: "check --client-id, --region and --endpoint-url",
  },
  {
    code: "NotAuthorizedException",
    message: /secret hash|configured for secret|not configured with secret/i,
    when: "at once",
    what: "the app client's secret is wrong or missing",
    fix: "give the app client's secret with --client-secret (or COGNITO_CLIENT_SECRET), or none for a client without one",
  },
  {
    code: "InvalidParameterException",
    message: /Auto verification not turned on\.?$/,
    when: "at once",
    what: "the user pool does not verify email or phone numbers, so it sends no codes",
    fix: "turn on attribute verification (AutoVerifiedAttributes) in the user pool",
  },
  {
    code: "LimitExceededException",
    message: /daily email limit/i,
    when: "at once",
    what: "the service's daily email limit is reached: no more emails go out from this account today",
    fix: "resume once the limit resets, within a day; a user pool that sends through your own Amazon SES configuration (EmailSendingAccount DEVELOPER) has a much higher limit",
  },
  {
    code: "InvalidEmailRoleAccessPolicyException",
    when: "at once",
    what: "Cognito is not allowed to use the user pool's email identity",
    fix: "let Cognito send from the pool's Amazon SES identity (its sending authorization policy)",
  },
  {
    code: "InvalidSmsRoleAccessPolicyException",
    when: "at once",
    what: "the user pool's SMS role may not publish to Amazon SNS",
    fix: "give the pool's SMS role sns:Publish",
  },
  {
    code: "InvalidSmsRoleTrustRelationshipException",
    when: "at once",
    what: "the user pool's SMS role does not trust Cognito",
    fix: "let cognito-idp.amazonaws.com assume the pool's SMS role (with its external ID)",
  },
  {
    code: "EndpointConnectionError",
    when: "at once",
    what: "the endpoint cannot be reached",
    fix: "check --region, --endpoint-url and the network",
  },
  {
    code: "ConnectTimeoutError",
    when: "at once",
    what: "the endpoint does not accept connections in time",
    fix: "check --region, --endpoint-url and the network (or --cli-connect-timeout)",
  },
  {
    code: "SSLError",
    when: "at once",
    what: "the endpoint's TLS certificate cannot be verified",
    fix: "check --endpoint-url and --ca-bundle",
  },
  {
    code: "UserLambdaValidationException",
    when: "in a row",
    what: "a Lambda trigger of the user pool rejects the message",
    fix: "check the pool's Lambda triggers (custom message, custom sender) and their logs",
  },
  {
    code: "UnexpectedLambdaException",
    when: "in a row",
    what: "a Lambda trigger of the user pool cannot be invoked",
    fix: "check the pool's Lambda triggers: that they exist and that Cognito may invoke them",
  },
  {
    code: "InvalidLambdaResponseException",
    when: "in a row",
    what: "a Lambda trigger of the user pool answers with something Cognito cannot use",
    fix: "check what the pool's Lambda triggers return",
  },
  {
    code: "ForbiddenException",
    when: "in a row",
    what: "the requests are refused before they reach the user pool (AWS WAF, or the pool's client)",
    fix: "check the web ACL associated with the user pool",
  },
];

/**
 * A user's own failures: however many come in a row, they never stop a run
 * (nor break a run of the pool's): the user does not exist, is confirmed or
 * disabled, or has had the most codes an hour allows.
 */
export function ownFailure(cause: Cause): boolean {
  switch (cause.code) {
    case "UserNotFoundException":
      return true;
    case "InvalidParameterException":
      return /already confirmed/i.test(cause.message);
    case "NotAuthorizedException":
      return /User is disabled/i.test(cause.message);
    case "LimitExceededException":
      return !/daily email limit/i.test(cause.message);
    case "UnsupportedUserStateException":
      return true;
    default:
      return false;
  }
}

/** The account's request quota said "try again" (a user's allowance or the daily email limit is no such thing). */
export const throttling = (cause: Cause): boolean => cause.throttled && cause.code !== "LimitExceededException";

export const poolFailure = (cause: Cause): PoolFailure | undefined =>
  POOL_FAILURES.find(
    (entry) => entry.code === cause.code && (entry.message === undefined || entry.message.test(cause.message)),
  );

/**
 * The run of failures after this one: a user's own failure leaves it as it
 * was; a failure of the table's counts by its code; any other by its code
 * and message together.
 */
export function nextStreak(streak: Streak | undefined, result: Result): Streak | undefined {
  if (result.kind === "sent") return undefined;
  const { code, message } = result.cause;
  if (ownFailure(result.cause)) return streak;
  const same =
    streak !== undefined &&
    streak.code === code &&
    (poolFailure(result.cause) !== undefined || streak.message === message);
  return same ? { code, message, count: streak.count + 1 } : { code, message, count: 1 };
}

/** Why the run stops, what is wrong and what fixes it. */
function stopMessage(cause: Cause, entry: PoolFailure | undefined, count: number): string {
  const first = count <= 1 ? "" : `the last ${count} users in a row failed with it, so `;
  const what = entry?.what ?? "every user fails the same way";
  const fix = entry?.fix ?? "find what the error means for the user pool, and put it right";
  return `Stopped sending: ${cause.code} (${cause.message}): ${first}${what}. ${fix[0].toUpperCase()}${fix.slice(1)}; the users not yet sent have no result line, so the same command with --resume RESULTS (or the same --results FILE) sends to them once.`;
}

/**
 * What to do once a request has its result, for its `attempt`-th try, given
 * the run of failures before it.
 */
export function onOutcome(result: Result, attempt: number, state: OutcomeState): Verdict {
  if (result.kind === "sent") return { kind: "done" };
  const cause = result.cause;
  if (cause.unknown) {
    // The user keeps its UNKNOWN line; an endpoint that answers no one stops the run.
    const streak = nextStreak(state.streak, result);
    const stop =
      streak !== undefined && streak.count >= STOP_SAME_IN_A_ROW
        ? stopMessage(cause, undefined, streak.count)
        : undefined;
    return { kind: "unknown", reason: "written, and no answer came", ...(stop === undefined ? {} : { stop }) };
  }
  const own = ownFailure(cause);
  // The service says "try again"...
  if (!own && throttling(cause) && attempt < THROTTLED_ATTEMPTS)
    return { kind: "retryAfter", ms: backoffMs(attempt, state.random), throttled: true, reason: "throttled" };
  // ...or answered 5xx, or the request never reached it (no connection): tried again within the bound.
  if (!own && cause.transient && !cause.throttled && state.transientAttempts + 1 < state.maxAttempts)
    return { kind: "retryAfter", ms: backoffMs(attempt, state.random), throttled: false, reason: "try again" };
  const entry = poolFailure(cause);
  if (entry?.when === "at once") return { kind: "stopRun", reason: entry.what, message: stopMessage(cause, entry, 1) };
  const streak = nextStreak(state.streak, result);
  const bound = entry !== undefined ? STOP_IN_A_ROW : STOP_SAME_IN_A_ROW;
  if (!own && streak !== undefined && streak.count >= bound)
    return {
      kind: "stopRun",
      reason: entry?.what ?? "repeated failure",
      message: stopMessage(cause, entry, streak.count),
    };
  return { kind: "failUser", reason: own ? "the user's own failure" : cause.code };
}
