// The pace of a bulk run: a token bucket that lets at most `rate` requests
// start a second, with a burst of a tenth of a second's worth, under the
// limit the user set (--max-rate; 0: none of the user's own). The service's
// quota is per account and Region and shared with the application's live
// traffic, which a run cannot see: every time the run drains the quota, the
// application's own requests are throttled too. So the pace stays below where
// throttling began, and looks above it only rarely and gently:
//   - it starts at --max-rate; with no limit set, at half the account's
//     provisioned limit for the category where that is known
//     (GetProvisionedLimit), else at 10 a second, growing by half each second
//     until the service first throttles (slow start);
//   - on throttling it drops at once, at most once a second, to 80% of the
//     lower of the rate at which it began and what actually got through in
//     the last second (after a slow start's step, to 80% of the step before),
//     and to half that for RECOVER_MS, so that the quota's bucket fills again;
//   - after PROBE_EVERY_MS without throttling it grows by 5% (every quarter
//     of that before the first throttle), never past the limit or the
//     provisioned limit.

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
/** Where a run with no limit and no provisioned limit starts. */
const START_RATE = 10;
const SLOW_START_STEP_MS = 1000;
const SLOW_START_GROWTH = 1.5;
/** After a cut, half the new pace for this long, so that the quota's bucket fills again before the application needs it. */
const RECOVER_MS = 2000;
/** The share of the edge (where throttling began) a run settles at. */
const HEADROOM = 0.8;
/** How long a pace holds without throttling before it looks 5% higher. */
export const PROBE_EVERY_MS = 20_000;
const PROBE_STEP = 1.05;
/** Throttles within this time of a cut belong to the same episode: one cut each. */
const CUT_EVERY_MS = 1000;
/** The window over which what got through is measured. */
const WINDOW_MS = 1000;

export interface PaceOptions {
  /** Requests a second at most; 0 for no limit (the service's quota sets the pace). */
  maxRate: number;
  /** The account's provisioned limit for the category (GetProvisionedLimit), where known. */
  provisioned?: number;
  /** false: a fixed pace that throttling does not change (a dry run, which sends nothing). */
  adaptive?: boolean;
}

/** The pace alone, as a function of what the service said and when: no waiting here. */
export interface Pace {
  readonly rate: number;
  throttled(now: number): void;
  succeeded(now: number): void;
}

export function createPace(options: PaceOptions, start: number): Pace {
  const adaptive = options.adaptive !== false;
  const limit = Math.min(options.maxRate > 0 ? options.maxRate : Infinity, options.provisioned ?? Infinity);
  const known = options.maxRate > 0 || options.provisioned === undefined ? undefined : options.provisioned / 2;
  let slowStart = adaptive && options.maxRate <= 0 && known === undefined;
  let rate = !adaptive ? limit : options.maxRate > 0 ? limit : (known ?? Math.min(limit, START_RATE));
  let lastChange = start;
  let lastCut = -Infinity;
  /** The pace to return to once the bucket has had time to fill; undefined: not recovering. */
  let target: number | undefined;
  // What got through in the last WINDOW_MS, as times in a ring.
  const recent: number[] = [];
  return {
    get rate() {
      return rate;
    },
    throttled(now) {
      if (!adaptive || now - lastCut < CUT_EVERY_MS) return;
      while (recent.length > 0 && now - recent[0] > WINDOW_MS) recent.shift();
      const got = (recent.length * 1000) / WINDOW_MS;
      const from = target ?? rate;
      const edge = slowStart ? from / SLOW_START_GROWTH : Math.min(from, Math.max(got, MIN_RATE));
      target = Math.max(MIN_RATE, edge * HEADROOM);
      rate = Math.max(MIN_RATE, target / 2);
      slowStart = false;
      lastCut = lastChange = now;
    },
    succeeded(now) {
      if (!adaptive) return;
      recent.push(now);
      if (recent.length > 4096) recent.splice(0, recent.length - 4096);
      if (target !== undefined) {
        if (now - lastCut < RECOVER_MS) return;
        rate = target;
        target = undefined;
        lastChange = now;
      }
      if (rate >= limit) return;
      // Until the service first throttles, nothing says where the edge is: the pace looks higher sooner.
      const step = slowStart ? SLOW_START_STEP_MS : lastCut === -Infinity ? PROBE_EVERY_MS / 4 : PROBE_EVERY_MS;
      if (now - lastChange < step) return;
      lastChange = now;
      rate = Math.min(limit, slowStart ? rate * SLOW_START_GROWTH : rate * PROBE_STEP);
    },
  };
}

/**
 * The pace, with its waiting: `acquire` resolves when the next request may
 * start, or at once when the run stops.
 */
export function createRateLimiter(
  maxRate: number | PaceOptions,
  clock: Clock = realClock,
  signal?: AbortSignal,
  adaptive = true,
): RateLimiter {
  const pace = createPace(typeof maxRate === "number" ? { maxRate, adaptive } : maxRate, clock.now());
  let rate = pace.rate;
  let tokens = Number.isFinite(rate) ? capacity(rate) : 0;
  let refilled = clock.now();
  let queue: Promise<void> = Promise.resolve();

  function capacity(r: number): number {
    return Math.max(1, Math.ceil(r / 10));
  }

  function refill(): void {
    const now = clock.now();
    if (Number.isFinite(rate)) tokens = Math.min(capacity(rate), tokens + ((now - refilled) / 1000) * rate);
    refilled = now;
  }

  /** Follows the pace's rate, once it has changed. */
  function follow(): void {
    if (pace.rate === rate) return;
    refill();
    rate = pace.rate;
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
      pace.throttled(clock.now());
      follow();
    },
    succeeded() {
      pace.succeeded(clock.now());
      follow();
    },
    get rate() {
      return rate;
    },
  };
}
