// Where a bulk run's results go: exactly one JSON line per user on stdout,
// written as soon as that user is done; the --results journal (a line before
// each request, and each request's result line); the tally and the progress
// bar on stderr. When stdout, stderr or the journal cannot be written (a full
// disk, a reader that has gone away), the run is told to stop, and the lines
// of users who were sent a request but whose line stdout did not take are
// kept, to be shown on stderr at the end.
import { type Place, writeFailure } from "../common";
import type { Journal } from "./journal";
import { createProgress, type Ending, newTally, type Tally } from "./progress";
import type { Clock } from "./rate-limiter";

export interface SinkIo extends Place {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readonly stderrIsTTY: boolean;
}

/** A user's result line, apart from what every line carries (ClientId, UserPoolId). */
export type ResultFields = { Username: string | null; Status: string } & Record<string, unknown>;

export interface Sink {
  readonly tally: Tally;
  /** Why the output failed, once it has. */
  readonly outputFailure: string | undefined;
  /** The user's line: stdout, and the journal for a request's outcome. */
  emit(fields: ResultFields): void;
  /** A line for the journal alone: a user recorded in flight whose request sent nothing after all. */
  journalOnly(fields: ResultFields): void;
  /** Records a user about to be sent a request; false: it could not be recorded, and nothing may be sent. */
  inFlight(username: string, action: string): boolean;
  /** A line on stderr, if it can still be written. */
  say(text: string): void;
  /** The end: the lines stdout did not take, the summary, the reason; the journal closed. */
  finish(ending: Ending): void;
}

/** Statuses of a request's outcome, which a resume must know of. */
const OUTCOMES = new Set(["SENT", "FAILED", "UNKNOWN"]);

export function createSink(options: {
  io: SinkIo;
  clientId: string | undefined;
  poolId: string | undefined;
  journal?: Journal;
  totalLines?: number;
  clock: Clock;
  dryRun: boolean;
  /** Called once when the output fails: the run stops sending. */
  onFailure: () => void;
}): Sink {
  const { io, journal } = options;
  const tally = newTally();
  const unwritten: string[] = [];
  const outlets = createOutlets(io, options.onFailure);
  const progress = createProgress({
    isTTY: io.stderrIsTTY,
    totalLines: options.totalLines,
    write: outlets.say,
    now: () => options.clock.now(),
    dryRun: options.dryRun,
  });
  const text = (fields: ResultFields): string => lineText(fields, options.clientId, options.poolId);
  return {
    tally,
    get outputFailure() {
      return outlets.failure;
    },
    emit(fields) {
      count(tally, fields);
      const line = text(fields);
      const outcome = OUTCOMES.has(fields.Status);
      // A skip for what earlier results said goes to the journal too, so that it alone accounts for every user.
      if ((outcome || fields.Prior !== undefined) && journal !== undefined) {
        outlets.write(RESULTS_FILE, () => journal.result(line));
      }
      // A journal that failed stops the run, but stdout still gets every line it can take.
      if (!outlets.stdoutBroken) outlets.write("stdout", () => io.stdout(line));
      // A user who was sent a request but has no line would be sent again by a resume: keep its line for stderr.
      if (outlets.stdoutBroken && outcome) unwritten.push(line);
      progress.update(tally);
    },
    journalOnly(fields) {
      outlets.write(RESULTS_FILE, () => journal?.result(text(fields)));
    },
    inFlight(username, action) {
      if (journal === undefined) return true;
      if (outlets.failure !== undefined) return false;
      return outlets.write(RESULTS_FILE, () =>
        journal.inFlight(text({ Username: username, Status: "IN_FLIGHT", Action: action })),
      );
    },
    say: outlets.say,
    finish(ending) {
      if (unwritten.length > 0) outlets.say(unwrittenNote(unwritten));
      progress.finish(tally, ending);
      if (outlets.failure !== undefined) outlets.say(`Stopped sending: ${outlets.failure}.\n`);
      try {
        journal?.close();
      } catch {
        // Every line was written already; the last flush is a courtesy.
      }
    },
  };
}

/** How a failure of the journal is named. */
const RESULTS_FILE = "the --results file";

/** Where the sink writes: stdout, stderr and the journal. The first of them that fails stops the run. */
interface Outlets {
  /** Why the output failed, once it has. */
  readonly failure: string | undefined;
  readonly stdoutBroken: boolean;
  /** Runs `write`, a write to `stream`; false if it threw: the stream failed. */
  write(stream: string, write: () => void): boolean;
  /** A line on stderr, if it can still be written. */
  say(text: string): void;
}

function createOutlets(io: SinkIo, onFailure: () => void): Outlets {
  let failure: string | undefined;
  let stderrBroken = false;
  let stdoutBroken = false;
  const failed = (stream: string, error: unknown): void => {
    if (stream === "stdout") stdoutBroken = true;
    if (stream === "stderr") stderrBroken = true;
    if (failure !== undefined) return;
    failure = `${stream} could not be written (${writeFailure(error)})`;
    onFailure();
  };
  const write = (stream: string, writeTo: () => void): boolean => {
    try {
      writeTo();
      return true;
    } catch (error) {
      failed(stream, error);
      return false;
    }
  };
  return {
    get failure() {
      return failure;
    },
    get stdoutBroken() {
      return stdoutBroken;
    },
    write,
    say: (text) => {
      if (!stderrBroken) write("stderr", () => io.stderr(text));
    },
  };
}

/** A line, counted in the tally by its status. */
function count(tally: Tally, fields: ResultFields): void {
  if (fields.Status === "SENT" || fields.Status === "WOULD_SEND") tally.sent += 1;
  else if (fields.Status === "SKIPPED") {
    tally.skipped += 1;
    if (fields.Prior === "UNKNOWN") tally.priorUnknown += 1;
  } else if (fields.Status === "UNKNOWN") tally.unknown += 1;
  else if (fields.Status === "FAILED") {
    const code = (fields.Error as { Code?: string } | undefined)?.Code ?? "Error";
    tally.failed += 1;
    tally.failedBy.set(code, (tally.failedBy.get(code) ?? 0) + 1);
  }
}

/** The lines stdout did not take, of users who were sent a request: for the user to add before a resume. */
function unwrittenNote(unwritten: readonly string[]): string {
  const one = unwritten.length === 1;
  return `\nThese ${one ? "user was" : `${unwritten.length} users were`} sent a request, but ${one ? "its result line" : "their result lines"} could not be written; add them to the results before a --resume:\n${unwritten.join("")}`;
}

/** A result line; every line says which app client (and pool) it was for, so that a resume from another run's results is refused. */
function lineText(
  { Username, ...rest }: ResultFields,
  clientId: string | undefined,
  poolId: string | undefined,
): string {
  return `${JSON.stringify({ Username, ClientId: clientId, ...(poolId ? { UserPoolId: poolId } : {}), ...rest })}\n`;
}
