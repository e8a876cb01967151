// Resending to many users: the usernames file is read as a stream; each line
// is checked as a single call's input is; each user gets exactly one line of
// results on stdout (SENT, FAILED or SKIPPED), written as soon as that user
// is done. Requests are paced by a rate limiter and a bound on how many are in
// flight; throttled users are retried with jittered backoff while the rate
// backs off. On SIGINT or SIGTERM nothing new is sent, and no throttled user
// is tried again: what is in flight is finished and written, then the run ends
// with exit code 130. When stdout or stderr cannot be written (a full disk, a
// reader that has gone away), the run stops the same way, names on stderr the
// users that were sent a request but have no line, and ends with exit code 255.
import { unreadableNote, type Caller } from "../call";
import { CliError, EXIT, pathIn, writeFailure, type Place, paramValidation } from "../common";
import { checkReadable, countLines, linesOf, openInput, parseUserLine, readResults } from "./input";
import type { Request } from "../input";
import { createProgress, newTally, type Tally } from "./progress";
import { backoffMs, THROTTLED_ATTEMPTS } from "./backoff";
import { DEFAULT_DAILY_EMAILS, type Pool, type PoolUser } from "./pool";
import { createRateLimiter, realClock, type Clock } from "./rate-limiter";
import { secretHash } from "../call";
import { MASK } from "../common";
import { createUsernameIndex } from "./username-index";

/** Where the users come from when the pool is asked (--user-pool-id). */
export interface PoolSettings {
  id: string;
  /** --all-unconfirmed: every UNCONFIRMED user of the pool, created within the range. */
  allUnconfirmed: boolean;
  createdAfter?: Date;
  createdBefore?: Date;
  /** --resend-invitations: FORCE_CHANGE_PASSWORD users are sent their invitation again. */
  resendInvitations: boolean;
}

export interface BulkSettings {
  /** The usernames file ("-": standard input); none when every unconfirmed user of the pool is sent a code. */
  usernamesFile?: string;
  pool?: PoolSettings;
  /** Requests per second; 0 for no limit. */
  maxRate: number;
  concurrency: number;
  resume?: string;
  retryFailed: boolean;
  dryRun: boolean;
  /** Attempts for a network failure or a 5xx answer (throttling has its own bound). */
  maxAttempts: number;
}

export interface BulkIo extends Place {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readonly stdin: NodeJS.ReadableStream;
  readonly stderrIsTTY: boolean;
  /** The file stdout writes to, when it is one (to refuse a --resume file that is also the output). */
  readonly stdoutFile?: { dev: number; ino: number; append: boolean };
  /** Registers what SIGINT and SIGTERM do while the run lasts. */
  onInterrupt: (handler: () => void) => void;
}

/** The daily email limit of Cognito's own sender, for the account: every later user would fail the same way. */
const DAILY_EMAIL_LIMIT = /Exceeded daily email limit/i;
/** Delivery failures in a row (CodeDeliveryFailureException) that show delivery is broken for everyone. */
export const DELIVERY_FAILURES_TO_STOP = 10;

export { backoffMs, THROTTLED_ATTEMPTS } from "./backoff";

/** A validation error's problems on one line: `Invalid length for parameter Username, ...`. */
const oneLine = (message: string): string =>
  message
    .split("\n")
    .filter((line, i) => i > 0 || !/^Parameter validation failed:$/.test(line))
    .join("; ");

/** A user the run considers: named by a line of the usernames file, or listed by the pool. */
interface Candidate {
  username?: string;
  clientMetadata?: Record<string, unknown>;
  /** The line of the usernames file. */
  line?: number;
  /** Why the line names no user it can send to. */
  problem?: string;
  /** The user as the pool knows it (--user-pool-id). */
  pooled?: PoolUser;
  resolvedFrom?: "email";
}

/** Why a user of the pool is not sent a code, by status; undefined: it is sent one. */
function notSentBecause(user: PoolUser, resendInvitations: boolean): string | undefined {
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

export async function runBulk(
  base: Request,
  clientSecret: string | undefined,
  settings: BulkSettings,
  caller: Caller | undefined,
  io: BulkIo,
  validate: (request: Request) => void,
  clock: Clock = realClock,
  pool?: Pool,
): Promise<number> {
  const file = settings.usernamesFile;
  if (file !== undefined) await checkReadable(file, "--usernames-file", io);
  if (settings.resume !== undefined) await checkReadable(settings.resume, "--resume", io);
  if (settings.resume !== undefined) await refuseResumeIntoItself(settings.resume, io);
  const previous = settings.resume === undefined ? undefined : await readResults(settings.resume, io);
  if (previous !== undefined && settings.resume !== undefined) {
    refuseOtherRun(settings.resume, "--client-id", previous.clientIds, base.ClientId);
    refuseOtherRun(settings.resume, "--user-pool-id", previous.poolIds, pool?.id);
  }
  const totalLines = io.stderrIsTTY && file !== undefined && file !== "-" ? await countLines(file, io) : undefined;

  const tally: Tally = newTally();
  const progress = createProgress({
    isTTY: io.stderrIsTTY,
    totalLines,
    write: (text) => writeErr(text),
    now: () => clock.now(),
    dryRun: settings.dryRun,
  });
  const seen = createUsernameIndex();
  const inFlight = new Set<Promise<void>>();
  // Wakes the reading loop when a request finishes or the run is interrupted.
  let slotFreed: (() => void) | undefined;
  const freeSlot = (): void => {
    const wakeReader = slotFreed;
    slotFreed = undefined;
    wakeReader?.();
  };

  // The run stops on a signal or when its output cannot be written: nothing
  // new is sent, and every wait (for the rate, for a retry) ends at once.
  const stopping = new AbortController();
  // A dry run sends nothing, so nothing paces it.
  const limiter = createRateLimiter(settings.dryRun ? 0 : settings.maxRate, clock, stopping.signal, !settings.dryRun);
  let interrupted = false;
  /** Why stdout or stderr could not be written, once one could not. */
  let outputFailure: string | undefined;
  /** The result lines of users who were sent a request after the output failed. */
  const unwritten: string[] = [];
  const interruption = new Promise<void>((resolve) =>
    stopping.signal.addEventListener("abort", () => resolve(), { once: true }),
  );
  const stop = (): void => {
    stopping.abort();
    freeSlot();
  };
  io.onInterrupt(() => {
    interrupted = true;
    stop();
  });
  let stderrBroken = false;
  /** Why the service stopped the run (its daily email limit, delivery broken for everyone), once it has. */
  let serviceStop: string | undefined;
  let deliveryFailuresInARow = 0;
  const outputFailed = (stream: string, error: unknown): void => {
    outputFailure ??= `${stream} could not be written (${writeFailure(error)})`;
    stop();
  };
  const writeErr = (text: string): void => {
    if (stderrBroken) return;
    try {
      io.stderr(text);
    } catch (error) {
      stderrBroken = true;
      outputFailed("stderr", error);
    }
  };

  // Every line says which app client (and pool) it was for, so that a resume from another run's results is refused.
  const clientId = typeof base.ClientId === "string" ? base.ClientId : undefined;
  const emit = ({ Username, ...rest }: Record<string, unknown>): void => {
    const line = `${JSON.stringify({ Username, ClientId: clientId, ...(pool ? { UserPoolId: pool.id } : {}), ...rest })}\n`;
    if (outputFailure === undefined) {
      try {
        io.stdout(line);
      } catch (error) {
        outputFailed("stdout", error);
      }
    }
    // A user who was sent a request but has no line would be sent again by a resume: keep its line for stderr.
    if (outputFailure !== undefined && (rest.Status === "SENT" || rest.Status === "FAILED")) unwritten.push(line);
    progress.update(tally);
  };
  const skip = (username: string | null, reason: string, line?: number): void => {
    tally.skipped += 1;
    emit({ Username: username, Status: "SKIPPED", Reason: reason, ...(line === undefined ? {} : { Line: line }) });
  };
  const fail = (username: string, code: string, message: string): void => {
    tally.failed += 1;
    tally.failedBy.set(code, (tally.failedBy.get(code) ?? 0) + 1);
    emit({ Username: username, Status: "FAILED", Error: { Code: code, Message: message } });
  };

  /** AdminCreateUser with MessageAction RESEND, for a user an administrator created: sent once, never retried. */
  async function invite(username: string, extra: Record<string, unknown>): Promise<void> {
    try {
      await (pool as Pool).resendInvitation(username);
      tally.sent += 1;
      emit({ Username: username, Status: "SENT", Action: "AdminCreateUser", ...extra });
    } catch (error) {
      const failure = error instanceof CliError ? error.failure : undefined;
      fail(username, failure?.code ?? "Error", failure?.message ?? (error as Error).message);
    }
  }

  async function send(username: string, request: Request, extra: Record<string, unknown> = {}): Promise<void> {
    let transientAttempts = 0;
    for (let attempt = 1; ; attempt += 1) {
      if (attempt > 1) {
        // A user waiting to be tried again when the run stops gets no line, so a resume sends it.
        await clock.sleep(backoffMs(attempt - 1), stopping.signal);
        if (!stopping.signal.aborted) await limiter.acquire();
        if (stopping.signal.aborted) return;
      }
      try {
        const result = await (caller as Caller).call(request);
        limiter.succeeded();
        deliveryFailuresInARow = 0;
        tally.sent += 1;
        const details = "response" in result ? result.response.CodeDeliveryDetails : undefined;
        // An answer that could not be read is still SENT: --resume must not send it again.
        const warning = "unreadable" in result ? { Warning: unreadableNote(result) } : {};
        emit({
          Username: username,
          Status: "SENT",
          ...extra,
          ...(details === undefined ? {} : { CodeDeliveryDetails: details }),
          ...warning,
        });
        return;
      } catch (error) {
        const failure = error instanceof CliError ? error.failure : undefined;
        if (failure?.code === "LimitExceededException" && DAILY_EMAIL_LIMIT.test(failure.message)) {
          // No email went out, and none will today: this user and all after it get no line, so a resume sends them.
          serviceStop ??= dailyLimitReached(failure.message);
          stop();
          return;
        }
        if (failure?.code === "LimitExceededException") {
          // The user's allowance (5 codes an hour) is used up: trying again within the hour only wastes the quota.
          tally.limited += 1;
          fail(username, failure.code, failure.message);
          return;
        }
        if (failure?.code === "CodeDeliveryFailureException") {
          deliveryFailuresInARow += 1;
          fail(username, failure.code, failure.message);
          if (deliveryFailuresInARow >= DELIVERY_FAILURES_TO_STOP) {
            serviceStop ??= deliveryBroken(failure.message);
            stop();
          }
          return;
        }
        if (failure?.throttled) {
          limiter.throttled();
          if (attempt < THROTTLED_ATTEMPTS) continue;
        } else if (failure?.transient) {
          transientAttempts += 1;
          if (transientAttempts < settings.maxAttempts) continue;
        }
        fail(username, failure?.code ?? "Error", failure?.message ?? (error as Error).message);
        return;
      }
    }
  }

  /** Waits for `promise`, or for an interruption, whichever comes first. */
  const unlessInterrupted = (promise: Promise<unknown>): Promise<unknown> => Promise.race([promise, interruption]);

  /** The users of the run, as the usernames file names them (looked up in the pool, if asked) or as the pool lists them. */
  async function* candidates(): AsyncGenerator<Candidate> {
    if (file === undefined) {
      const p = settings.pool as PoolSettings;
      for await (const user of listed ??
        (pool as Pool).unconfirmed({ after: p.createdAfter, before: p.createdBefore })) {
        yield { username: user.username, pooled: user };
      }
      return;
    }
    let lineNumber = 0;
    for await (const text of linesOf(openInput(file, io.stdin, io))) {
      lineNumber += 1;
      tally.lines = lineNumber;
      const user = parseUserLine(text, lineNumber);
      if (!user) continue;
      const line = lineNumber;
      if (user.problem !== undefined || user.username === undefined) {
        yield { username: user.username, line, problem: user.problem };
        continue;
      }
      if (pool === undefined) {
        yield { username: user.username, clientMetadata: user.clientMetadata, line };
        continue;
      }
      const found = await pool.lookup(user.username);
      yield "problem" in found
        ? { username: user.username, line, problem: found.problem }
        : {
            username: found.user.username,
            clientMetadata: user.clientMetadata,
            line,
            pooled: found.user,
            resolvedFrom: found.resolvedFrom,
          };
    }
  }

  // Cognito's own sender allows few emails a day: said before anything is sent, when more would get one.
  let listed: PoolUser[] | undefined;
  if (pool !== undefined && (await pool.emailSendingAccount()) === "COGNITO_DEFAULT") {
    let count: string | undefined;
    if (file === undefined) {
      const p = settings.pool as PoolSettings;
      listed = [];
      for await (const user of pool.unconfirmed({ after: p.createdAfter, before: p.createdBefore })) listed.push(user);
      const emailed = listed.filter((user) => user.enabled && user.email !== undefined).length;
      if (emailed > DEFAULT_DAILY_EMAILS) count = `${emailed} users`;
    } else if (file !== "-") {
      const lines = await countLines(file, io);
      if (lines > DEFAULT_DAILY_EMAILS) count = `up to ${lines} users`;
    }
    if (count !== undefined) {
      writeErr(
        `warning: user pool ${pool.id} sends email through Cognito's own sender, which allows ${DEFAULT_DAILY_EMAILS} emails a day for the whole account, and this run would email ${count}. The run stops when the limit is reached (a --resume sends to the rest the next day); a pool that sends through your own Amazon SES configuration has a much higher limit.\n`,
      );
    }
  }

  let ordinal = 0;
  for await (const candidate of candidates()) {
    if (stopping.signal.aborted) break;
    ordinal += 1;
    const where = candidate.line === undefined ? "" : `line ${candidate.line}: `;
    if (candidate.problem !== undefined || candidate.username === undefined) {
      skip(candidate.username ?? null, `${where}${candidate.problem}`, candidate.line);
      continue;
    }
    const username = candidate.username;
    const extra: Record<string, unknown> =
      candidate.resolvedFrom === undefined ? {} : { ResolvedFrom: candidate.resolvedFrom };
    const request: Request = { ...base, Username: username };
    if (candidate.clientMetadata !== undefined) request.ClientMetadata = candidate.clientMetadata;
    try {
      validate(request);
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      skip(username, `${where}${oneLine(error.message)}`, candidate.line);
      continue;
    }
    const first = seen.get(username);
    if (first !== undefined) {
      skip(username, candidate.line === undefined ? "listed twice by the pool" : `duplicate of line ${first}`);
      continue;
    }
    seen.set(username, candidate.line ?? ordinal);
    const before = previous?.get(username);
    if (before?.status === "SENT") {
      skip(username, "already sent (in the --resume file)");
      continue;
    }
    if (before?.status === "FAILED" && !settings.retryFailed) {
      skip(
        username,
        `failed before with ${before.code ?? "an error"} (in the --resume file); --retry-failed sends again`,
      );
      continue;
    }
    const pooled = candidate.pooled;
    const why = pooled === undefined ? undefined : notSentBecause(pooled, settings.pool?.resendInvitations === true);
    if (why !== undefined) {
      skip(username, why, candidate.line);
      continue;
    }
    const invitation = pooled?.status === "FORCE_CHANGE_PASSWORD";
    if (clientSecret !== undefined) request.SecretHash = secretHash(clientSecret, username, String(request.ClientId));
    if (settings.dryRun) {
      tally.sent += 1;
      emit({
        Username: username,
        Status: "WOULD_SEND",
        ...extra,
        ...(invitation
          ? { Action: "AdminCreateUser" }
          : { Request: request.SecretHash === undefined ? request : { ...request, SecretHash: MASK } }),
      });
      continue;
    }
    while (inFlight.size >= settings.concurrency && !stopping.signal.aborted) {
      await new Promise<void>((resolve) => {
        slotFreed = resolve;
      });
    }
    if (stopping.signal.aborted) break;
    const ticket = limiter.acquire();
    // With no limit the ticket is ready at once: not waiting for it saves a turn of the event loop per user.
    if (limiter.rate !== Infinity) await unlessInterrupted(ticket);
    if (stopping.signal.aborted) break;
    const pending: Promise<void> = (invitation ? invite(username, extra) : send(username, request, extra)).finally(
      () => {
        inFlight.delete(pending);
        freeSlot();
      },
    );
    inFlight.add(pending);
  }
  await Promise.all(inFlight);
  if (outputFailure !== undefined)
    return reportOutputFailure(writeErr, outputFailure, unwritten, () => progress.finish(tally, "stopped"));
  progress.finish(tally, interrupted ? "interrupted" : serviceStop !== undefined ? "stopped" : "done");
  if (tally.limited > 0) {
    writeErr(
      `${tally.limited === 1 ? "1 user has" : `${tally.limited} users have`} been sent the most codes the service allows in an hour (LimitExceededException); after an hour, --resume RESULTS --retry-failed sends to ${tally.limited === 1 ? "it" : "them"} again.\n`,
    );
  }
  if (serviceStop !== undefined) writeErr(`${serviceStop}\n`);
  // The summary itself could not be written.
  if (outputFailure !== undefined) return EXIT.other;
  if (interrupted) return EXIT.interrupted;
  return tally.failed > 0 || serviceStop !== undefined ? EXIT.service : EXIT.ok;
}

/**
 * A --resume file that is also this run's stdout: with `>`, the shell emptied
 * it before the run began, its results are lost, and every user would be sent
 * again. (With `>>` it is only appended to, after it has been read.)
 */
async function refuseResumeIntoItself(resume: string, io: BulkIo): Promise<void> {
  const out = io.stdoutFile;
  if (out === undefined || out.append) return;
  const { stat } = await import("node:fs/promises");
  const file = await stat(pathIn(io, resume));
  if (file.dev === out.dev && file.ino === out.ino) {
    throw paramValidation(
      `Bad value for --resume "${resume}": it is also where this run writes its results, so the shell emptied it before the run began, and every user would be sent again. Write the new results to a new file (> run2.jsonl), or append them to this one (>> ${resume}).`,
    );
  }
}

/** A --resume file from a run with another app client or pool would skip users this run never sent a code. */
function refuseOtherRun(resume: string, flag: string, before: ReadonlySet<string>, now: unknown): void {
  const other = [...before].find((id) => id !== now);
  if (other === undefined) return;
  const yours = now === undefined ? `this run has no ${flag}` : `this run's is ${String(now)}`;
  throw paramValidation(
    `Bad value for --resume "${resume}": it holds the results of a run with ${flag} ${other}, and ${yours}. Resume with the results of a run with the same ${flag === "--client-id" ? "app client" : "user pool"}.`,
  );
}

/** Why a run stopped at the daily email limit, what that means, and what raises it. */
function dailyLimitReached(message: string): string {
  return `Stopped sending: the service's daily email limit is reached (${message}). No more codes can be sent by email from this account today, so the users not yet sent have no result line: the same command with --resume RESULTS sends to them once the limit resets, within a day. A user pool that sends email through your own Amazon SES configuration (EmailSendingAccount DEVELOPER) has a much higher limit.`;
}

/** Why a run stopped after many delivery failures in a row. */
function deliveryBroken(message: string): string {
  return `Stopped sending: the last ${DELIVERY_FAILURES_TO_STOP} users in a row could not be sent their code (CodeDeliveryFailureException: ${message}), so delivery looks broken for everyone. Check the user pool's email or SMS configuration; the users not yet sent have no result line, so the same command with --resume RESULTS sends to them.`;
}

/**
 * The end of a run whose output could not be written: on stderr, if it can
 * still be written, the result lines that stdout did not get (the users who
 * were sent a request, whom a resume would otherwise send again), the
 * summary, and the reason; exit code 255.
 */
function reportOutputFailure(
  writeErr: (text: string) => void,
  reason: string,
  unwritten: readonly string[],
  summary: () => void,
): number {
  if (unwritten.length > 0) {
    writeErr(
      `\nThese ${unwritten.length === 1 ? "user was" : `${unwritten.length} users were`} sent a request, but ${unwritten.length === 1 ? "its result line" : "their result lines"} could not be written; add them to the results before a --resume:\n${unwritten.join("")}`,
    );
  }
  summary();
  writeErr(`Stopped sending: ${reason}.\n`);
  return EXIT.other;
}
