// How long a throttled request waits before it is sent again, and how often.

/** Attempts for a throttled user before it counts as FAILED. */
export const THROTTLED_ATTEMPTS = 10;
const BACKOFF_BASE_MS = 100;
const BACKOFF_CAP_MS = 5_000;

/** "Full jitter": a random wait up to an exponentially growing ceiling. */
export const backoffMs = (attempt: number, random: () => number = Math.random): number =>
  random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
