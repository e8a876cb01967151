// Resending to many users: the usernames file is read as a stream; each line
// is checked as a single call's input is; each user gets exactly one line of
// results on stdout (SENT, FAILED or SKIPPED), written as soon as that user
// is done. Requests are paced by a rate limiter and a bound on how many are in
// flight; throttled users are retried with jittered backoff while the rate
// backs off. On SIGINT or SIGTERM nothing new is sent: what is in flight is
// finished and written, then the run ends with exit code 130.
import { unreadableNote, type Caller } from "./client";
import { CliError, EXIT } from "./errors";
import { checkReadable, countLines, linesOf, openInput, parseUserLine, readResults } from "./bulk-input";
import { responseValue } from "./output-json";
import type { Request } from "./params";
import { createProgress, newTally, type Tally } from "./progress";
import { createRateLimiter, realClock, type Clock } from "./rate-limiter";
import { secretHash } from "./secret-hash";
import { MASK } from "./debug";
import { createUsernameIndex } from "./username-index";

export interface BulkSettings {
  usernamesFile: string;
  /** Requests per second; 0 for no limit. */
  maxRate: number;
  concurrency: number;
  resume?: string;
  retryFailed: boolean;
  dryRun: boolean;
  /** Attempts for a network failure or a 5xx answer (throttling has its own bound). */
  maxAttempts: number;
}

export interface BulkIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readonly stdin: NodeJS.ReadableStream;
  readonly stderrIsTTY: boolean;
  /** Registers what SIGINT and SIGTERM do while the run lasts. */
  onInterrupt: (handler: () => void) => void;
}

/** Attempts for a throttled user before it counts as FAILED. */
export const THROTTLED_ATTEMPTS = 10;
const BACKOFF_BASE_MS = 100;
const BACKOFF_CAP_MS = 5_000;

/** "Full jitter": a random wait up to an exponentially growing ceiling. */
export const backoffMs = (attempt: number, random: () => number = Math.random): number =>
  random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));

/** A validation error's problems on one line: `Invalid length for parameter Username, ...`. */
const oneLine = (message: string): string => message.split("\n").filter((line, i) => i > 0 || !/^Parameter validation failed:$/.test(line)).join("; ");

export async function runBulk(
  base: Request,
  clientSecret: string | undefined,
  settings: BulkSettings,
  caller: Caller | undefined,
  io: BulkIo,
  validate: (request: Request) => void,
  clock: Clock = realClock,
): Promise<number> {
  await checkReadable(settings.usernamesFile, "--usernames-file");
  if (settings.resume !== undefined) await checkReadable(settings.resume, "--resume");
  const previous = settings.resume === undefined ? undefined : await readResults(settings.resume);
  const totalLines = io.stderrIsTTY && settings.usernamesFile !== "-" ? await countLines(settings.usernamesFile) : undefined;

  const tally: Tally = newTally();
  const progress = createProgress({ isTTY: io.stderrIsTTY, totalLines, write: io.stderr, now: () => clock.now(), dryRun: settings.dryRun });
  const limiter = createRateLimiter(settings.dryRun ? 0 : settings.maxRate, clock);
  const seen = createUsernameIndex();
  const inFlight = new Set<Promise<void>>();
  // Wakes the reading loop when a request finishes or the run is interrupted.
  let slotFreed: (() => void) | undefined;
  const freeSlot = (): void => {
    const wakeReader = slotFreed;
    slotFreed = undefined;
    wakeReader?.();
  };

  let interrupted = false;
  let wake = (): void => undefined;
  const interruption = new Promise<void>((resolve) => {
    wake = resolve;
  });
  io.onInterrupt(() => {
    interrupted = true;
    wake();
    freeSlot();
  });

  const emit = (record: Record<string, unknown>): void => {
    io.stdout(`${JSON.stringify(record)}\n`);
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

  async function send(username: string, request: Request): Promise<void> {
    let transientAttempts = 0;
    for (let attempt = 1; ; attempt += 1) {
      if (attempt > 1) {
        await clock.sleep(backoffMs(attempt - 1));
        await limiter.acquire();
      }
      try {
        const result = await (caller as Caller).call(request);
        limiter.succeeded();
        tally.sent += 1;
        const details = "response" in result ? responseValue(result.response).CodeDeliveryDetails : undefined;
        // An answer that could not be read is still SENT: --resume must not send it again.
        const warning = "unreadable" in result ? { Warning: unreadableNote(result) } : {};
        emit({ Username: username, Status: "SENT", ...(details === undefined ? {} : { CodeDeliveryDetails: details }), ...warning });
        return;
      } catch (error) {
        const failure = error instanceof CliError ? error.failure : undefined;
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

  let lineNumber = 0;
  for await (const text of linesOf(openInput(settings.usernamesFile, io.stdin))) {
    if (interrupted) break;
    lineNumber += 1;
    tally.lines = lineNumber;
    const user = parseUserLine(text, lineNumber);
    if (!user) continue;
    if (user.problem !== undefined || user.username === undefined) {
      skip(user.username ?? null, `line ${lineNumber}: ${user.problem}`, lineNumber);
      continue;
    }
    const username = user.username;
    const request: Request = { ...base, Username: username };
    if (user.clientMetadata !== undefined) request.ClientMetadata = user.clientMetadata;
    try {
      validate(request);
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      skip(username, `line ${lineNumber}: ${oneLine(error.message)}`, lineNumber);
      continue;
    }
    const first = seen.get(username);
    if (first !== undefined) {
      skip(username, `duplicate of line ${first}`);
      continue;
    }
    seen.set(username, lineNumber);
    const before = previous?.get(username);
    if (before?.status === "SENT") {
      skip(username, "already sent (in the --resume file)");
      continue;
    }
    if (before?.status === "FAILED" && !settings.retryFailed) {
      skip(username, `failed before with ${before.code ?? "an error"} (in the --resume file); --retry-failed sends again`);
      continue;
    }
    if (clientSecret !== undefined) request.SecretHash = secretHash(clientSecret, username, String(request.ClientId));
    if (settings.dryRun) {
      tally.sent += 1;
      emit({ Username: username, Status: "WOULD_SEND", Request: request.SecretHash === undefined ? request : { ...request, SecretHash: MASK } });
      continue;
    }
    while (inFlight.size >= settings.concurrency && !interrupted) {
      await new Promise<void>((resolve) => {
        slotFreed = resolve;
      });
    }
    if (interrupted) break;
    const ticket = limiter.acquire();
    // With no limit the ticket is ready at once: not waiting for it saves a turn of the event loop per user.
    if (limiter.rate !== Infinity) await unlessInterrupted(ticket);
    if (interrupted) break;
    const pending: Promise<void> = send(username, request).finally(() => {
      inFlight.delete(pending);
      freeSlot();
    });
    inFlight.add(pending);
  }
  await Promise.all(inFlight);
  progress.finish(tally, interrupted);
  if (interrupted) return EXIT.interrupted;
  return tally.failed > 0 ? EXIT.service : EXIT.ok;
}
