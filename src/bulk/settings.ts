// The bulk options (--usernames-file and those that go with it), checked: the
// numbers as plain decimals, and what does not go with a bulk run refused.
import { usageError } from "../common";
import type { RawOptions } from "../input";
import type { BulkSettings } from "./run";

/** The bulk options of a run with --usernames-file, checked; some things do not go with it. */
export function bulkSettings(usernamesFile: string, options: RawOptions, maxAttempts: number): BulkSettings {
  const bulk = options.bulk;
  if (bulk.retryFailed && bulk.resume === undefined) throw usageError("--retry-failed needs --resume");
  if (options.parameters.has("--secret-hash"))
    throw usageError(
      "--secret-hash cannot be used with --usernames-file: each user needs its own; give --client-secret and it is computed per user.",
    );
  if (options.query !== undefined || (options.output !== undefined && options.output !== "json")) {
    throw usageError("--usernames-file writes its results as JSON Lines: --query and --output do not apply.");
  }
  // Plain decimals only (no hex, exponent, sign or spaces): 12 or 0.5.
  const number = (flag: string, text: string | undefined, fallback: number, integer: boolean, min: number): number => {
    if (text === undefined) return fallback;
    const plain = integer ? /^[0-9]+$/ : /^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$/;
    const value = Number(text);
    if (!plain.test(text) || !(integer ? Number.isSafeInteger(value) : Number.isFinite(value)) || value < min) {
      throw usageError(
        `argument ${flag}: expected ${integer ? "a whole number" : "a number"} of at least ${min}, got '${text}'`,
      );
    }
    return value;
  };
  const maxRate = number("--max-rate", bulk.maxRate, 10, false, 0);
  // The slowest rate but 0 (no limit) is a request every 1000 s: much slower
  // would wait longer between requests than a timer can (about 24.8 days).
  if (maxRate > 0 && maxRate < 0.001) {
    throw usageError(
      `argument --max-rate: expected 0 (no limit) or at least 0.001 requests a second, got '${bulk.maxRate}'`,
    );
  }
  return {
    usernamesFile,
    maxRate,
    concurrency: number("--concurrency", bulk.concurrency, 4, true, 1),
    resume: bulk.resume,
    retryFailed: bulk.retryFailed,
    dryRun: bulk.dryRun,
    maxAttempts,
  };
}
