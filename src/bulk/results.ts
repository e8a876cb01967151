// The results of earlier runs (--resume FILE, any number of them, and the
// run's own --results journal), read together into what they say of each
// person: SENT, UNKNOWN (written, and no answer came; or left in flight by a
// run that was killed), or FAILED with the service's error code. A SKIPPED
// line that a resumed run wrote for a user it found done says so too, so a
// resume of a resume sends no one twice.
import type { Place } from "../common";
import { badValue, linesOf, namedStream } from "./input";
import type { Prior } from "./policy";
import { createUsernameIndex } from "./username-index";

/** What the results say, by person (see `keyOf`), kept compactly (see username-index.ts). */
export interface PriorResults {
  get(key: string): Prior | undefined;
  /** The app clients the results were for (their lines' ClientId; older results have none), and the file that says so. */
  readonly clientIds: ReadonlyMap<string, ResultsFile>;
  /** The user pools they were for (UserPoolId, in a run with --user-pool-id). */
  readonly poolIds: ReadonlyMap<string, ResultsFile>;
  /** How many people they account for. */
  readonly size: number;
}

// Stored per person: the status; for FAILED with the k-th error code seen,
// FAILED + 2k, and a retry of it in flight, FAILED + 2k + 1 (so that a retry
// that sent nothing after all leaves the FAILED as it was).
const SENT = 1;
const UNKNOWN = 2;
const IN_FLIGHT = 3;
/** Answered without a code going out, after it was recorded in flight (the run stopped): as if never sent. */
const NONE = 4;
const FAILED = 5;
const isFailed = (stored: number): boolean => stored >= FAILED && (stored - FAILED) % 2 === 0;
const inFlightRetry = (stored: number): boolean => stored >= FAILED && (stored - FAILED) % 2 === 1;

interface ResultLine {
  Username?: unknown;
  ClientId?: unknown;
  UserPoolId?: unknown;
  Status?: unknown;
  Reason?: unknown;
  Prior?: unknown;
  PriorError?: unknown;
  Error?: { Code?: unknown };
}

/** What one line says of its user: a status, or nothing (a line that is no result, or a skip for another reason). */
export function lineStatus(value: ResultLine): Prior | { status: "IN_FLIGHT" | "NOT_SENT" } | undefined {
  const status = value.Status === "SKIPPED" ? (value.Prior ?? legacyPrior(value.Reason)) : value.Status;
  const code =
    value.Status === "SKIPPED"
      ? typeof value.PriorError === "string"
        ? value.PriorError
        : legacyCode(value.Reason)
      : typeof value.Error?.Code === "string"
        ? value.Error.Code
        : undefined;
  switch (status) {
    case "SENT":
    case "UNKNOWN":
    case "IN_FLIGHT":
    case "NOT_SENT":
      return { status };
    case "FAILED":
      return { status: "FAILED", code };
    default:
      return undefined;
  }
}

/** A SKIPPED line of a run from before lines said their prior status: its reason tells. */
function legacyPrior(reason: unknown): string | undefined {
  if (typeof reason !== "string") return undefined;
  if (reason.startsWith("already sent (in the")) return "SENT";
  if (reason.startsWith("failed before with ")) return "FAILED";
  return undefined;
}

const legacyCode = (reason: unknown): string | undefined =>
  typeof reason === "string" ? /^failed before with (\S+) \(in the/.exec(reason)?.[1] : undefined;

export interface ResultsFile {
  path: string;
  flag: string;
}

/**
 * Reads results files into one account, each person keyed by `keyOf` (their
 * username, folded to lower case where letter case does not tell users
 * apart). Of a person's lines, SENT wins over everything, UNKNOWN over
 * FAILED, and a request left in flight is UNKNOWN unless a later line gives
 * its answer. Lines that are not results (a last line cut off by a kill, an
 * over-long line) are passed over.
 */
export async function readResults(
  files: readonly ResultsFile[],
  keyOf: (username: string) => string,
  place: Place,
): Promise<PriorResults> {
  const index = createUsernameIndex();
  const codes: Array<string | undefined> = [];
  const codeNumbers = new Map<string | undefined, number>();
  const clientIds = new Map<string, ResultsFile>();
  const poolIds = new Map<string, ResultsFile>();
  const codeNumber = (code: string | undefined): number => {
    if (!codeNumbers.has(code)) {
      codeNumbers.set(code, codes.length);
      codes.push(code);
    }
    return codeNumbers.get(code) as number;
  };
  for (const file of files) {
    for await (const text of linesOf(namedStream(file.path, file.flag, place))) {
      let value: ResultLine;
      try {
        value = JSON.parse(text);
      } catch {
        continue;
      }
      if (typeof value?.Username !== "string") continue;
      if (typeof value.ClientId === "string" && !clientIds.has(value.ClientId)) clientIds.set(value.ClientId, file);
      if (typeof value.UserPoolId === "string" && !poolIds.has(value.UserPoolId)) poolIds.set(value.UserPoolId, file);
      const said = lineStatus(value);
      if (said === undefined) continue;
      const key = keyOf(value.Username);
      const next = merged(index.get(key), said, codeNumber);
      if (next !== undefined) index.set(key, next);
    }
    // What a file left in flight is unknown for good: a later file's lines answer other requests.
    index.rewrite((stored) => (stored === IN_FLIGHT || inFlightRetry(stored) ? UNKNOWN : stored));
  }
  return {
    clientIds,
    poolIds,
    get size() {
      return index.size;
    },
    get(key) {
      const stored = index.get(key);
      if (stored === undefined || stored === NONE) return undefined;
      if (stored === SENT) return { status: "SENT" };
      if (stored === UNKNOWN || stored === IN_FLIGHT || inFlightRetry(stored)) return { status: "UNKNOWN" };
      return { status: "FAILED", code: codes[(stored - FAILED) / 2] };
    },
  };
}

/** A person's stored status after one more line; undefined: unchanged. */
function merged(
  stored: number | undefined,
  said: Prior | { status: "IN_FLIGHT" | "NOT_SENT" },
  codeNumber: (code: string | undefined) => number,
): number | undefined {
  if (stored === SENT) return undefined;
  switch (said.status) {
    case "SENT":
      return SENT;
    case "UNKNOWN":
      return UNKNOWN;
    case "IN_FLIGHT":
      // A request in flight after an earlier FAILED (a retry): unknown until its answer.
      if (stored === UNKNOWN || (stored !== undefined && inFlightRetry(stored))) return undefined;
      return stored !== undefined && isFailed(stored) ? stored + 1 : IN_FLIGHT;
    case "NOT_SENT":
      // The request in flight was answered, and nothing went out (the run stopped on it): as before it.
      if (stored === IN_FLIGHT) return NONE;
      return stored !== undefined && inFlightRetry(stored) ? stored - 1 : undefined;
    case "FAILED":
      // An answer to the request in flight; an earlier unknown outcome stays unknown.
      return stored === UNKNOWN ? undefined : FAILED + 2 * codeNumber(said.code);
  }
}

/** Results from a run with another app client or pool would skip users this run never sent a code. */
export function refuseOtherRun(results: PriorResults, clientId: unknown, poolId: string | undefined): void {
  for (const [flag, before, now] of [
    ["--client-id", results.clientIds, clientId],
    ["--user-pool-id", results.poolIds, poolId],
  ] as const) {
    const other = [...before].find(([id]) => id !== now);
    if (other === undefined) continue;
    const [id, file] = other;
    const yours = now === undefined ? `this run has no ${flag}` : `this run's is ${String(now)}`;
    throw badValue(
      file.flag,
      file.path,
      `it holds the results of a run with ${flag} ${id}, and ${yours}. ${file.flag === "--results" ? "Give" : "Resume with"} the results of a run with the same ${flag === "--client-id" ? "app client" : "user pool"}.`,
    );
  }
}
