// Resending to many users: the machine that carries out the policy
// (policy.ts). The users come from the usernames file, read as a stream, or
// from the pool; each is checked as a single call's input is, `decide` says
// what to do with it, and the ones to send go out paced (rate-limiter.ts),
// at most --concurrency at once, through the caller seam (caller.ts). Each
// outcome goes to `onOutcome`, whose verdict is carried out: the user's line
// (sink.ts), a retry after a wait, or a stop of the whole run. Every user gets
// exactly one line on stdout, as soon as it is done.
//
// A run stops, sending nothing new while what is in flight finishes, on
// SIGINT or SIGTERM (130), when its output cannot be written (255), or when
// the service says the pool is broken (254: the users not yet sent get no
// line, so a resume sends to each of them once).
import { stat } from "node:fs/promises";
import type { Readable } from "node:stream";
import { type CallResult, unreadableNote } from "../call";
import { type Cause, CliError, EXIT, exitCode, pathIn, withSecretHashMasked, type Place } from "../common";
import type { Request } from "../input";
import type { BulkCaller } from "./caller";
import { countUsers, type InputForm, openUsers } from "./forms";
import { badValue, checkReadable, namedStream, openInput, type UserLine } from "./input";
import { type Journal, openJournal } from "./journal";
import {
  type Candidate,
  type Decision,
  type FirstNamed,
  type Prior,
  decide,
  nextStreak,
  onOutcome,
  type Result,
  throttling,
  type Streak,
  type Verdict,
} from "./policy";
import { DEFAULT_DAILY_EMAILS, type Pool, type PoolUser } from "./pool";
import { type Clock, createRateLimiter, type RateLimiter, realClock } from "./rate-limiter";
import { type PriorResults, readResults, refuseOtherRun } from "./results";
import type { BulkSettings } from "./settings";
import { createSink, type ResultFields, type Sink, type SinkIo } from "./sink";
import { createUsernameIndex } from "./username-index";

export interface BulkIo extends SinkIo, Place {
  readonly stdin: NodeJS.ReadableStream;
  /** Standard input is a terminal: --usernames-file - says how to end it. */
  readonly stdinIsTTY?: boolean;
  /** The file stdout writes to, when it is one (to refuse a --resume or --results file that is also the output). */
  readonly stdoutFile?: { dev: number; ino: number; append: boolean };
  /** Registers what SIGINT and SIGTERM do while the run lasts. */
  onInterrupt: (handler: () => void) => void;
}

export interface BulkJob {
  /** The request every user shares (its Username is each user's). */
  base: Request;
  clientSecret?: string;
  settings: BulkSettings;
  /** The service; none for a dry run that asks no pool. */
  caller?: BulkCaller;
  pool?: Pool;
  io: BulkIo;
  validate: (request: Request) => void;
  secretHash: (secret: string, username: string, clientId: string) => string;
  clock?: Clock;
  debug?: (text: string) => void;
  /** Random numbers for the backoff's jitter. */
  random?: () => number;
}

/** A candidate with what its request carries. */
interface Named extends Candidate {
  clientMetadata?: Record<string, unknown>;
}

/** The quota category of ResendConfirmationCode, whose provisioned limit paces a run. */
const RESEND_CATEGORY = "UserAccountRecovery";
/** What a person the pool listed (no line) stands for in the identity index. */
const LISTED = 0x3fffffff;

/** A validation error's problems on one line: `Invalid length for parameter Username, ...`. */
const oneLine = (message: string): string =>
  message
    .split("\n")
    .filter((line, i) => i > 0 || !/^Parameter validation failed:$/.test(line))
    .join("; ");

export async function runBulk(job: BulkJob): Promise<number> {
  const prepared = await prepare(job);
  const machine = createMachine(job, prepared);
  let considered = 0;
  try {
    for await (const candidate of untilStopped(candidates(job, prepared, machine.stopping), machine.stopping)) {
      considered += 1;
      if (!(await machine.consider(candidate))) break;
    }
  } catch (error) {
    // Standard input (or a pipe) that is of no form: refused as a file is, no user having been read of it.
    if (considered === 0 && exitCode(error) === EXIT.usage) {
      prepared.journal?.close();
      throw error;
    }
    // A failure mid-run (a pool lookup refused, say): what is in flight finishes, and the summary says what was sent.
    await machine.drain();
    machine.finish();
    throw error;
  }
  await machine.drain();
  return machine.finish();
}

/**
 * The candidates until the run stops: a stop (Ctrl-C) ends the wait for the
 * next one at once, even while the input waits on a terminal or a pipe.
 */
async function* untilStopped(source: AsyncGenerator<Named>, signal: AbortSignal): AsyncGenerator<Named> {
  // One waiter at a time (a race against one long-lived promise would keep a reaction for every user).
  let wake: ((result: IteratorResult<Named>) => void) | undefined;
  const stop = (): void => wake?.({ done: true, value: undefined });
  signal.addEventListener("abort", stop, { once: true });
  let finished = false;
  try {
    while (!signal.aborted) {
      const pending = source.next();
      // Once the run has stopped, what the input still comes to is of no account.
      pending.catch(() => undefined);
      const next = await new Promise<IteratorResult<Named>>((resolve, reject) => {
        wake = resolve;
        pending.then(resolve, reject);
      });
      wake = undefined;
      if (next.done) {
        finished = !signal.aborted;
        return;
      }
      yield next.value;
    }
  } finally {
    signal.removeEventListener("abort", stop);
    // A source still waiting on its input ends when its stream is destroyed (candidates does so on a stop).
    if (!finished) source.return(undefined).catch(() => undefined);
  }
}

// ---------------------------------------------------------------------------
// Before anything is sent

interface Prepared {
  keyOf: (username: string) => string;
  caseSensitive: boolean;
  prior: PriorResults | undefined;
  journal?: Journal;
  totalLines?: number;
  provisioned?: number;
  /** The pool's unconfirmed users, listed already (to count who would be emailed). */
  listed?: PoolUser[];
  /** The form of the usernames file, if it is a regular file (standard input and pipes are found out as they are read). */
  form?: InputForm;
}

/** Every check that can refuse the run, then what it needs to know: the pool, earlier results, the journal. */
async function prepare(job: BulkJob): Promise<Prepared> {
  const { settings, io, pool } = job;
  if (settings.usernamesFile !== undefined) await checkReadable(settings.usernamesFile, "--usernames-file", io);
  const form = await formOfFile(settings, io);
  for (const file of settings.resume) await checkReadable(file, "--resume", io);
  for (const file of settings.resume) await refuseIntoItself(file, "--resume", io, true);
  if (settings.results !== undefined) await refuseIntoItself(settings.results, "--results", io, false);
  const facts = pool === undefined ? undefined : await pool.describe();
  const caseSensitive = facts === undefined ? settings.caseSensitiveUsernames : facts.caseSensitive;
  // Folded both ways, so that letters with more than one form (ſ and s, ı and i, ς and σ) are one.
  const keyOf = caseSensitive ? (name: string) => name : (name: string) => name.toUpperCase().toLowerCase();
  const files = settings.resume.map((path) => ({ path, flag: "--resume" }));
  if (settings.results !== undefined && (await journalExists(settings.results, io)))
    files.push({ path: settings.results, flag: "--results" });
  const prior = files.length === 0 ? undefined : await readResults(files, keyOf, io);
  if (prior !== undefined) refuseOtherRun(prior, job.base.ClientId, pool?.id);
  const journal = settings.results === undefined || settings.dryRun ? undefined : openJournal(settings.results, io);
  const provisioned = pool === undefined || settings.dryRun ? undefined : await pool.provisionedLimit(RESEND_CATEGORY);
  if (provisioned !== undefined) job.debug?.(`Provisioned limit for ${RESEND_CATEGORY}: ${provisioned} a second`);
  // The file's users (when its form was found), counted once for whichever of the two below asks first.
  let counted: Promise<number> | undefined;
  const usersInFile =
    form === undefined ? undefined : () => (counted ??= usersIn(settings.usernamesFile as string, form, io));
  const listed = facts?.emailSendingAccount === "COGNITO_DEFAULT" ? await warnDailyEmails(job, usersInFile) : undefined;
  const totalLines = io.stderrIsTTY ? await usersInFile?.() : undefined;
  return { keyOf, caseSensitive, prior, journal, totalLines, provisioned, listed, form };
}

/**
 * The form of the usernames file, read from its start and checked (CSV
 * header, list-users JSON), before anything is sent. Only a regular file is
 * read twice: a pipe (`<(command)`) is found out as it is read, as standard
 * input is.
 */
async function formOfFile(settings: BulkSettings, io: BulkIo): Promise<InputForm | undefined> {
  const file = settings.usernamesFile;
  if (file === undefined || file === "-") return undefined;
  if (!(await stat(pathIn(io, file)).catch(() => undefined))?.isFile()) return undefined;
  const stream = namedStream(file, "--usernames-file", io) as Readable;
  try {
    return (await openUsers(stream, { format: settings.inputFormat, path: file })).form;
  } finally {
    stream.destroy();
  }
}

/** How many users the usernames file may hold, counted without holding it. */
const usersIn = (file: string, form: InputForm, place: Place): Promise<number> =>
  countUsers(namedStream(file, "--usernames-file", place) as AsyncIterable<Buffer>, form);

/** Whether the --results journal is there to read back; anything but a file (a folder, a device, a FIFO) is refused. */
async function journalExists(path: string, place: Place): Promise<boolean> {
  const info = await stat(pathIn(place, path)).catch(() => undefined);
  if (info === undefined) return false;
  if (!info.isFile())
    throw badValue("--results", path, "not a regular file (the journal is read back and appended to)");
  return true;
}

/**
 * A --resume file that is also this run's stdout: with `>`, the shell emptied
 * it before the run began, its results are lost, and every user would be sent
 * again (with `>>` it is only appended to, after it has been read). A
 * --results file is written by the run itself: stdout must go elsewhere.
 */
async function refuseIntoItself(path: string, flag: string, io: BulkIo, appendOk: boolean): Promise<void> {
  const out = io.stdoutFile;
  if (out === undefined || (appendOk && out.append)) return;
  const file = await stat(pathIn(io, path)).catch(() => undefined);
  if (file === undefined || file.dev !== out.dev || file.ino !== out.ino) return;
  throw appendOk
    ? badValue(
        "--resume",
        path,
        `it is also where this run writes its results, so the shell emptied it before the run began, and every user would be sent again. Write the new results to a new file (> run2.jsonl), or append them to this one (>> ${path}).`,
      )
    : badValue(flag, path, "the run records its journal there itself; send stdout somewhere else.");
}

/**
 * Cognito's own sender allows few emails a day: said before anything is
 * sent, when more would get one. Returns the pool's unconfirmed users when
 * it listed them to count.
 */
async function warnDailyEmails(
  job: BulkJob,
  usersInFile: (() => Promise<number>) | undefined,
): Promise<PoolUser[] | undefined> {
  const { settings, io } = job;
  const pool = job.pool as Pool;
  let count: string | undefined;
  let listed: PoolUser[] | undefined;
  if (settings.usernamesFile === undefined) {
    const range = { after: settings.pool?.createdAfter, before: settings.pool?.createdBefore };
    listed = [];
    for await (const user of pool.unconfirmed(range)) listed.push(user);
    const emailed = listed.filter((user) => user.enabled && user.email !== undefined).length;
    if (emailed > DEFAULT_DAILY_EMAILS) count = `${emailed} users`;
  } else if (usersInFile !== undefined) {
    const lines = await usersInFile();
    if (lines > DEFAULT_DAILY_EMAILS) count = `up to ${lines} users`;
  }
  if (count !== undefined) {
    io.stderr(
      `warning: user pool ${pool.id} sends email through Cognito's own sender, which allows ${DEFAULT_DAILY_EMAILS} emails a day for the whole account, and this run would email ${count}. The run stops when the limit is reached (a --resume sends to the rest the next day); a pool that sends through your own Amazon SES configuration has a much higher limit.\n`,
    );
  }
  return listed;
}

/** The users of the run, as the usernames file names them (looked up in the pool, if asked) or as the pool lists them. */
async function* candidates(job: BulkJob, prepared: Prepared, stopping: AbortSignal): AsyncGenerator<Named> {
  const { settings, pool, io } = job;
  const file = settings.usernamesFile;
  if (file === undefined) {
    const range = { after: settings.pool?.createdAfter, before: settings.pool?.createdBefore };
    for await (const user of prepared.listed ?? (pool as Pool).unconfirmed(range))
      yield { username: user.username, given: user.username, pooled: user };
    return;
  }
  if (file === "-" && io.stdinIsTTY) io.stderr("reading usernames from standard input; end with Ctrl-D\n");
  const stream = openInput(file, io.stdin, io);
  // A stop wakes a read that waits (on a terminal, say), and lets the process end.
  const destroy = (): void => void (stream as Partial<Readable>).destroy?.();
  stopping.addEventListener("abort", destroy, { once: true });
  try {
    const { users } = await openUsers(stream, { format: prepared.form ?? settings.inputFormat, path: file });
    yield* lookedUp(users, pool);
  } finally {
    stopping.removeEventListener("abort", destroy);
  }
}

/** The users of the file, each looked up in the pool when there is one; without one, as a list-users file shows it. */
async function* lookedUp(users: AsyncGenerator<UserLine>, pool: Pool | undefined): AsyncGenerator<Named> {
  for await (const user of users) {
    const { listed, ...named } = user;
    const line = user.line;
    if (user.problem !== undefined || user.username === undefined || pool === undefined) {
      yield { ...named, given: user.username, line, pooled: listed };
      continue;
    }
    const found = await pool.lookup(user.username);
    yield "problem" in found
      ? { username: user.username, given: user.username, line, problem: found.problem }
      : {
          ...found,
          username: found.user.username,
          given: user.username,
          clientMetadata: user.clientMetadata,
          line,
          pooled: found.user,
        };
  }
}

// ---------------------------------------------------------------------------
// The machine

interface Machine {
  readonly stopping: AbortSignal;
  /** Decides about one candidate and carries it out; false: the run is stopping. */
  consider(candidate: Named): Promise<boolean>;
  drain(): Promise<void>;
  finish(): number;
}

/** At most `concurrency` tasks at once; a wait for a free slot ends when the run stops. */
function createScheduler(concurrency: number, signal: AbortSignal) {
  const running = new Set<Promise<void>>();
  let wake: (() => void) | undefined;
  const wakeUp = (): void => {
    const waiting = wake;
    wake = undefined;
    waiting?.();
  };
  signal.addEventListener("abort", wakeUp, { once: true });
  return {
    /** Resolves when a task may start; false: the run is stopping. */
    async slot(): Promise<boolean> {
      while (running.size >= concurrency && !signal.aborted)
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      return !signal.aborted;
    },
    start(task: Promise<void>): void {
      const tracked: Promise<void> = task.finally(() => {
        running.delete(tracked);
        wakeUp();
      });
      running.add(tracked);
    },
    drain: async (): Promise<void> => {
      await Promise.all(running);
    },
  };
}

/** The line of a user who is not sent anything now: SKIPPED with why, or what a dry run would send. */
function lineFor(candidate: Named, decision: Decision, request: Request | undefined): ResultFields | undefined {
  if (decision.kind === "skip") {
    const prior = decision.prior;
    return {
      Username: candidate.username ?? null,
      Status: "SKIPPED",
      Reason: decision.reason,
      ...(candidate.line === undefined || prior !== undefined ? {} : { Line: candidate.line }),
      // What earlier results said, for the next resume to read.
      ...(prior === undefined ? {} : { Prior: prior.status }),
      ...(prior?.status === "FAILED" && prior.code !== undefined ? { PriorError: prior.code } : {}),
    };
  }
  if (decision.kind !== "wouldSend") return undefined;
  return {
    Username: candidate.username as string,
    Status: "WOULD_SEND",
    ...extraOf(candidate),
    ...(decision.invite ? { Action: "AdminCreateUser" } : { Request: request && withSecretHashMasked(request) }),
  };
}

const extraOf = (candidate: Named): Record<string, unknown> =>
  candidate.resolvedFrom === undefined ? {} : { ResolvedFrom: candidate.resolvedFrom };

function createMachine(job: BulkJob, prepared: Prepared): Machine {
  const { settings, io } = job;
  const clock = job.clock ?? realClock;
  const stopping = new AbortController();
  let interrupted = false;
  let serviceStop: string | undefined;
  const stop = (): void => stopping.abort();
  io.onInterrupt(() => {
    interrupted = true;
    stop();
  });
  const sink = createSink({
    io,
    clientId: typeof job.base.ClientId === "string" ? job.base.ClientId : undefined,
    poolId: job.pool?.id,
    journal: prepared.journal,
    totalLines: prepared.totalLines,
    clock,
    dryRun: settings.dryRun,
    onFailure: stop,
  });
  const scheduler = createScheduler(settings.concurrency, stopping.signal);
  // A dry run sends nothing, so nothing paces it; invitations are in another quota (UserCreation).
  const paces = {
    resend: createRateLimiter(
      {
        maxRate: settings.dryRun ? 0 : settings.maxRate,
        provisioned: prepared.provisioned,
        adaptive: !settings.dryRun,
      },
      clock,
      stopping.signal,
    ),
    invite: createRateLimiter({ maxRate: settings.maxRate }, clock, stopping.signal),
  };
  const people = identities(prepared);
  const onStop = (message: string): void => {
    serviceStop ??= message;
    stop();
  };
  const sender = createSender(job, { sink, clock, signal: stopping.signal, onStop });

  /** Sends to a user once a slot and the pace allow; false: the run is stopping. */
  async function send(candidate: Named, invite: boolean, request: Request): Promise<boolean> {
    const pace = invite ? paces.invite : paces.resend;
    if (!(await scheduler.slot())) return false;
    const ticket = pace.acquire();
    // With no limit the ticket is ready at once: not waiting for it saves a turn of the event loop per user.
    if (pace.rate !== Infinity) await ticket;
    const username = candidate.username as string;
    if (stopping.signal.aborted || !sink.inFlight(username, invite ? "AdminCreateUser" : "ResendConfirmationCode"))
      return false;
    scheduler.start(sender.send({ username, request, invite, extra: extraOf(candidate) }, pace));
    return true;
  }

  return {
    stopping: stopping.signal,
    async consider(candidate) {
      const checked = checkRequest(job, candidate);
      const decision = decide(checked, {
        seen: people.seen,
        prior: (c) => priorOf(prepared, c),
        caseInsensitive: !prepared.caseSensitive,
        pool: job.pool !== undefined,
        retryFailed: settings.retryFailed,
        retryUnknown: settings.retryUnknown,
        resendInvitations: settings.pool?.resendInvitations === true,
        dryRun: settings.dryRun,
      });
      // A person counts as named once a line names them, whatever is then done (but a bad line or a duplicate).
      if (!(decision.kind === "skip" && (decision.why === "problem" || decision.why === "duplicate")))
        people.add(checked);
      const request = decision.kind === "skip" ? undefined : requestFor(job, checked);
      const line = lineFor(checked, decision, request);
      if (line !== undefined) {
        sink.emit(line);
        return true;
      }
      return send(checked, decision.kind === "invite", request as Request);
    },
    drain: () => scheduler.drain(),
    finish: () => finish(sink, { interrupted, serviceStop, limited: sender.limited }),
  };
}

/**
 * What earlier results say of a person, under any name they may have been
 * sent by: the pool's username, the name the line gave (an email, another
 * letter case, from a run without the pool), the user's email.
 */
function priorOf(prepared: Prepared, candidate: Named): Prior | undefined {
  const { prior, keyOf } = prepared;
  if (prior === undefined || candidate.username === undefined) return undefined;
  const names = [candidate.username, candidate.given, candidate.pooled?.email];
  const found = names.flatMap((name) => (name === undefined ? [] : [prior.get(keyOf(name))]));
  // Of what they say, SENT counts over UNKNOWN, and UNKNOWN over FAILED.
  for (const status of ["SENT", "UNKNOWN", "FAILED"] as const) {
    const hit = found.find((said) => said?.status === status);
    if (hit !== undefined) return hit;
  }
  return undefined;
}

/** The candidate with its request checked as a single call's is: a request that fails the check is a problem of its line. */
function checkRequest(job: BulkJob, candidate: Named): Named {
  if (candidate.problem !== undefined || candidate.username === undefined) return candidate;
  try {
    job.validate(requestFor(job, candidate, false));
    return candidate;
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    return { ...candidate, problem: oneLine(error.message) };
  }
}

/** The user's request: the shared one, with the user's name, metadata, and SECRET_HASH computed for it. */
function requestFor(job: BulkJob, candidate: Named, hashed = true): Request {
  const request: Request = { ...job.base, Username: candidate.username };
  if (candidate.clientMetadata !== undefined) request.ClientMetadata = candidate.clientMetadata;
  if (hashed && job.clientSecret !== undefined)
    request.SecretHash = job.secretHash(job.clientSecret, candidate.username as string, String(request.ClientId));
  return request;
}

/**
 * Who has been named already, as the pool judges a person: by username,
 * folded to lower case where letter case does not tell users apart (after a
 * line is resolved to the pool's username, so an email is its user); and by
 * the very name a line gave, to say why a later line is the same person.
 */
function identities(prepared: Prepared): {
  seen: (c: Candidate) => FirstNamed | undefined;
  add: (c: Candidate) => void;
} {
  // Each person's first line, doubled, plus one when that line gave the person's email.
  const byPerson = createUsernameIndex();
  const byName = createUsernameIndex();
  return {
    seen(candidate) {
      if (candidate.username === undefined) return undefined;
      const stored = byPerson.get(prepared.keyOf(candidate.username));
      if (stored === undefined) return undefined;
      const line = Math.floor(stored / 2);
      const sameName = byName.get(candidate.given ?? candidate.username) !== undefined;
      return { line: line === LISTED ? undefined : line, sameName, byEmail: stored % 2 === 1 };
    },
    add(candidate) {
      if (candidate.username === undefined || candidate.problem !== undefined) return;
      const line = candidate.line ?? LISTED;
      byPerson.set(prepared.keyOf(candidate.username), line * 2 + (candidate.resolvedFrom === "email" ? 1 : 0));
      byName.set(candidate.given ?? candidate.username, 1);
    },
  };
}

// ---------------------------------------------------------------------------
// Sending one user's request, and what comes of it

interface Sendable {
  username: string;
  request: Request;
  invite: boolean;
  extra: Record<string, unknown>;
}

/** The outcome of one attempt, as the policy reads it, and what a SENT line shows of it. */
async function attempt(job: BulkJob, user: Sendable): Promise<{ result: Result; shown: Record<string, unknown> }> {
  const caller = job.caller as BulkCaller;
  try {
    if (user.invite) {
      await caller.adminCreateUser({
        UserPoolId: (job.pool as Pool).id,
        Username: user.username,
        MessageAction: "RESEND",
      });
      return { result: { kind: "sent" }, shown: { Action: "AdminCreateUser" } };
    }
    const answer: CallResult = await caller.resendConfirmationCode(user.request);
    const details = "response" in answer ? answer.response.CodeDeliveryDetails : undefined;
    // An answer that could not be read is still SENT: a resume must not send it again.
    const warning = "unreadable" in answer ? { Warning: unreadableNote(answer) } : {};
    return {
      result: { kind: "sent" },
      shown: { ...(details === undefined ? {} : { CodeDeliveryDetails: details }), ...warning },
    };
  } catch (error) {
    return { result: { kind: "failed", cause: causeOf(error) }, shown: {} };
  }
}

const causeOf = (error: unknown): Cause =>
  error instanceof CliError && error.failure !== undefined
    ? error.failure
    : {
        code: (error instanceof CliError ? error.code : undefined) ?? (error as Error).name ?? "Error",
        message: (error as Error).message ?? String(error),
        transient: false,
        throttled: false,
      };

function createSender(
  job: BulkJob,
  how: { sink: Sink; clock: Clock; signal: AbortSignal; onStop: (message: string) => void },
): { send(user: Sendable, pace: RateLimiter): Promise<void>; readonly limited: number } {
  const { sink, clock, signal } = how;
  let streak: Streak | undefined;
  let limited = 0;
  /** The verdict's line for the user, if it gets one. */
  const settle = (user: Sendable, verdict: Verdict, result: Result, shown: Record<string, unknown>): void => {
    const cause = result.kind === "failed" ? result.cause : undefined;
    const error = cause === undefined ? {} : { Error: { Code: cause.code, Message: cause.message } };
    if (verdict.kind === "done") sink.emit({ Username: user.username, Status: "SENT", ...user.extra, ...shown });
    else if (verdict.kind === "unknown")
      sink.emit({
        Username: user.username,
        Status: "UNKNOWN",
        ...user.extra,
        ...(user.invite ? { Action: "AdminCreateUser" } : {}),
        ...error,
        Reason: `the request was written and no answer came: the service may have sent the ${user.invite ? "invitation" : "code"}`,
      });
    if (verdict.kind === "unknown" && verdict.stop !== undefined) how.onStop(verdict.stop);
    else if (verdict.kind === "failUser") {
      if (cause?.code === "LimitExceededException") limited += 1;
      sink.emit({
        Username: user.username,
        Status: "FAILED",
        ...user.extra,
        ...(user.invite ? { Action: "AdminCreateUser" } : {}),
        ...error,
      });
    } else if (verdict.kind === "stopRun") {
      // Nothing went out: no line, so a resume sends to the user once the pool is put right.
      sink.journalOnly({ Username: user.username, Status: "NOT_SENT", Reason: verdict.reason });
      how.onStop(verdict.message);
    }
  };
  return {
    get limited() {
      return limited;
    },
    async send(user, pace) {
      let transientAttempts = 0;
      for (let n = 1; ; n += 1) {
        const { result, shown } = await attempt(job, user);
        if (result.kind === "sent") pace.succeeded();
        else if (throttling(result.cause)) pace.throttled();
        const verdict = onOutcome(result, n, {
          maxAttempts: job.settings.maxAttempts,
          transientAttempts,
          streak,
          random: job.random ?? Math.random,
        });
        if (verdict.kind !== "retryAfter") {
          if (verdict.kind !== "stopRun") streak = nextStreak(streak, result);
          settle(user, verdict, result, shown);
          return;
        }
        if (!verdict.throttled) transientAttempts += 1;
        // A user waiting to be tried again when the run stops gets no line, so a resume sends it.
        await clock.sleep(verdict.ms, signal);
        if (!signal.aborted) await pace.acquire();
        if (signal.aborted) {
          sink.journalOnly({
            Username: user.username,
            Status: "NOT_SENT",
            Reason: "the run stopped before it was tried again",
          });
          return;
        }
      }
    },
  };
}

// ---------------------------------------------------------------------------
// The end

function finish(sink: Sink, how: { interrupted: boolean; serviceStop?: string; limited: number }): number {
  const { tally } = sink;
  if (sink.outputFailure !== undefined) {
    sink.finish("stopped");
    return EXIT.other;
  }
  sink.finish(how.interrupted ? "interrupted" : how.serviceStop !== undefined ? "stopped" : "done");
  if (how.limited > 0) {
    sink.say(
      `${how.limited === 1 ? "1 user has" : `${how.limited} users have`} been sent the most codes the service allows in an hour (LimitExceededException); after an hour, --resume RESULTS --retry-failed sends to ${how.limited === 1 ? "it" : "them"} again.\n`,
    );
  }
  if (tally.unknown > 0) {
    const one = tally.unknown === 1;
    sink.say(
      `${one ? "1 user's request" : `${tally.unknown} users' requests`} got no answer (UNKNOWN): the service may have sent ${one ? "it" : "them"} a code, so ${one ? "it was" : "they were"} not sent again. Check before sending more: each new code voids the last. --resume RESULTS --retry-unknown sends to ${one ? "it" : "them"} again.\n`,
    );
  }
  if (tally.priorUnknown > 0) {
    const one = tally.priorUnknown === 1;
    sink.say(
      `${one ? "1 user was" : `${tally.priorUnknown} users were`} left UNKNOWN by an earlier run (no answer came, or the run was killed with ${one ? "its request" : "their requests"} in flight): the service may have sent ${one ? "it" : "them"} a code, so ${one ? "it was" : "they were"} not sent again. Check before --retry-unknown sends again: each new code voids the last.\n`,
    );
  }
  if (how.serviceStop !== undefined) sink.say(`${how.serviceStop}\n`);
  if (sink.outputFailure !== undefined) return EXIT.other;
  if (how.interrupted) return EXIT.interrupted;
  if (tally.failed > 0 || how.serviceStop !== undefined) return EXIT.service;
  return tally.unknown > 0 ? EXIT.other : EXIT.ok;
}
