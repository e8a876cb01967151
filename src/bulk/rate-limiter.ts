// The pace of a bulk run: a token bucket that lets at most `maxRate` requests
// start per second (0: no limit), with a burst of a tenth of a second's worth.
// When the service throttles, the rate drops by 30% (from what was being
// achieved, if there was no limit), at most once a second; after a second
// without throttling it grows by a quarter, back up to the limit.

import { MAX_TIMER_MS } from "../common";

export interface Clock {
  now(): number;
  /** Resolves after `ms`, or at once when `signal` is aborted (the run is stopping). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const realClock: Clock = {
  now: () => performance.now(),
  // A wait longer than a timer holds ends early; every caller checks again and waits on.
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const done = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, Math.min(Math.max(ms, 0), MAX_TIMER_MS));
      signal?.addEventListener("abort", done, { once: true });
    }),
};

export interface RateLimiter {
  /** Resolves when the next request may start, or at once when the run is stopping. */
  acquire(): Promise<void>;
  /** The service throttled a request. */
  throttled(): void;
  /** A request went through. */
  succeeded(): void;
  /** Requests per second now allowed; Infinity for no limit. */
  readonly rate: number;
}

const MIN_RATE = 1;
const RECOVERY_MS = 1000;
const BACKOFF_EVERY_MS = 1000;
const BACKOFF_FACTOR = 0.7;

/** `signal`: aborted when the run stops; every wait then ends at once. */
export function createRateLimiter(maxRate: number, clock: Clock = realClock, signal?: AbortSignal): RateLimiter {
  const limit = maxRate > 0 ? maxRate : Infinity;
  let rate = limit;
  let tokens = Number.isFinite(rate) ? capacity(rate) : 0;
  let refilled = clock.now();
  let lastChange = clock.now();
  let lastBackoff = -Infinity;
  const started = clock.now();
  let queue: Promise<void> = Promise.resolve();
  // Starts in the last second, to know the achieved rate when there is no limit.
  const recent: number[] = [];

  function capacity(r: number): number {
    return Math.max(1, Math.ceil(r / 10));
  }

  function refill(): void {
    const now = clock.now();
    if (Number.isFinite(rate)) tokens = Math.min(capacity(rate), tokens + ((now - refilled) / 1000) * rate);
    refilled = now;
  }

  async function takeOne(): Promise<void> {
    for (;;) {
      if (signal?.aborted) return;
      refill();
      if (!Number.isFinite(rate) || tokens >= 1) {
        if (Number.isFinite(rate)) tokens -= 1;
        const now = clock.now();
        recent.push(now);
        while (recent.length > 0 && recent[0] < now - 1000) recent.shift();
        return;
      }
      await clock.sleep(Math.max(1, ((1 - tokens) / rate) * 1000), signal);
    }
  }

  return {
    acquire() {
      if (!Number.isFinite(rate)) {
        recent.push(clock.now());
        if (recent.length > 4096) recent.splice(0, recent.length - 2048);
        return Promise.resolve();
      }
      const next = queue.then(takeOne);
      queue = next;
      return next;
    },
    throttled() {
      const now = clock.now();
      if (now - lastBackoff < BACKOFF_EVERY_MS) return;
      let base = rate;
      if (!Number.isFinite(rate)) {
        const window = Math.min(1000, Math.max(now - started, 100));
        base = Math.max(MIN_RATE * 2, (recent.filter((t) => t >= now - 1000).length * 1000) / window);
      }
      refill();
      rate = Math.max(MIN_RATE, base * BACKOFF_FACTOR);
      tokens = Math.min(tokens, capacity(rate));
      lastChange = lastBackoff = now;
    },
    succeeded() {
      const now = clock.now();
      if (rate >= limit || now - lastChange < RECOVERY_MS) return;
      refill();
      rate = rate * 1.25 >= limit || (!Number.isFinite(limit) && rate * 1.25 > 10_000) ? limit : rate * 1.25;
      lastChange = now;
    },
    get rate() {
      return rate;
    },
  };
}
