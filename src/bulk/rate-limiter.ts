// The pace of a bulk run: a token bucket that lets at most `rate` requests
// start a second, with a burst of a tenth of a second's worth, under the
// limit the user set (--max-rate; 0: none). The service's own quota is
// per account and shared with the application's live traffic, so the rate
// adapts to it, the way TCP finds a link's capacity:
//   - with no limit set, it starts at 50 a second and doubles every half
//     second until the service first throttles (slow start);
//   - on throttling it drops at once: to half the rate the first time, then
//     to 90% of what actually got through since the throttling began (which
//     is the quota itself, the service's burst being spent), at most every
//     200 ms;
//   - after each second without throttling it grows by 5%, up to the limit.
// With a limit at or under the quota, nothing is throttled and the rate stays
// at the limit.

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

/** The slowest pace the service can push a run to, in requests a second. */
const MIN_RATE = 1;
/** Where a run with no limit starts (Cognito's quotas are tens of requests a second). */
const START_RATE = 50;
const SLOW_START_STEP_MS = 500;
const GROWTH_STEP_MS = 1000;
const GROWTH = 1.05;
const CUT_EVERY_MS = 200;
/** Throttles further apart than this begin a new episode. */
const EPISODE_MS = 1000;

/**
 * `maxRate`: requests a second at most; 0 for no limit (the service's quota
 * sets the pace). `adaptive: false`: a fixed pace that throttling does not
 * change (a dry run, which sends nothing).
 */
export function createRateLimiter(
  maxRate: number,
  clock: Clock = realClock,
  signal?: AbortSignal,
  adaptive = true,
): RateLimiter {
  const limit = maxRate > 0 ? maxRate : Infinity;
  let rate = Number.isFinite(limit) || !adaptive ? limit : START_RATE;
  let slowStart = !Number.isFinite(limit) && adaptive;
  let tokens = Number.isFinite(rate) ? capacity(rate) : 0;
  let refilled = clock.now();
  let lastGrowth = clock.now();
  let lastCut = -Infinity;
  let lastThrottle = -Infinity;
  /** When the current episode of throttling began, and how many requests had got through by then. */
  let episode: { start: number; succeeded: number } | undefined;
  let succeeded = 0;
  let queue: Promise<void> = Promise.resolve();

  function capacity(r: number): number {
    return Math.max(1, Math.ceil(r / 10));
  }

  function refill(): void {
    const now = clock.now();
    if (Number.isFinite(rate)) tokens = Math.min(capacity(rate), tokens + ((now - refilled) / 1000) * rate);
    refilled = now;
  }

  function setRate(next: number): void {
    refill();
    rate = next;
    tokens = Math.min(tokens, capacity(rate));
  }

  async function takeOne(): Promise<void> {
    for (;;) {
      if (signal?.aborted) return;
      refill();
      if (!Number.isFinite(rate) || tokens >= 1) {
        if (Number.isFinite(rate)) tokens -= 1;
        return;
      }
      await clock.sleep(Math.max(1, ((1 - tokens) / rate) * 1000), signal);
    }
  }

  return {
    acquire() {
      if (!Number.isFinite(rate)) return Promise.resolve();
      const next = queue.then(takeOne);
      queue = next;
      return next;
    },
    throttled() {
      if (!adaptive) return;
      const now = clock.now();
      if (episode === undefined || now - lastThrottle > EPISODE_MS) episode = { start: now, succeeded };
      lastThrottle = now;
      if (now - lastCut < CUT_EVERY_MS) return;
      lastCut = lastGrowth = now;
      const elapsed = now - episode.start;
      if (slowStart || elapsed < CUT_EVERY_MS) {
        // The first throttle of an episode: the quota is somewhere below.
        setRate(Math.max(MIN_RATE, rate * (slowStart ? 0.5 : 0.9)));
        slowStart = false;
        return;
      }
      // Since the episode began the service's burst has been spent: what got through is its quota.
      const got = ((succeeded - episode.succeeded) * 1000) / elapsed;
      setRate(Math.max(MIN_RATE, Math.min(rate, got) * 0.9));
    },
    succeeded() {
      succeeded += 1;
      if (!adaptive) return;
      const now = clock.now();
      const step = slowStart ? SLOW_START_STEP_MS : GROWTH_STEP_MS;
      if (rate >= limit || now - lastGrowth < step || now - lastThrottle < step) return;
      lastGrowth = now;
      setRate(Math.min(limit, slowStart ? rate * 2 : rate * GROWTH));
    },
    get rate() {
      return rate;
    },
  };
}
