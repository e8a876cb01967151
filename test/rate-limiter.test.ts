// The pace of a bulk run against a quota shaped like Cognito's (a token bucket
// of Q requests a second with a second's burst), on a clock that moves only
// when the limiter waits: thirty seconds of requests cost no time.
import { describe, expect, test } from "vitest";
import { type Clock, createPace, createRateLimiter, PROBE_EVERY_MS } from "../src/bulk/rate-limiter";

/** A clock that moves only when a sleeper is woken. */
function fakeClock(): Clock {
  let now = 0;
  return {
    now: () => now,
    sleep: async (ms) => {
      now += ms;
    },
  };
}

/** A number in [0, 1) from a seeded 32-bit xorshift generator: the same arrivals on every run. */
function seeded(seed: number): () => number {
  let x = seed;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 2 ** 32;
  };
}

/**
 * Sends requests as fast as the limiter lets them start, for `seconds`,
 * against a quota of `quota` a second (a bucket with a second's burst) that
 * the application's own requests draw from too, `live` a second at random
 * (a Poisson process); counts what got through and what was throttled, for
 * the run and for the application.
 */
async function against(
  quota: number,
  options: { maxRate?: number; live?: number; provisioned?: number; seconds?: number } = {},
) {
  const { maxRate = 0, live = 0, provisioned, seconds = 300 } = options;
  const clock = fakeClock();
  const limiter = createRateLimiter({ maxRate, provisioned }, clock);
  const random = seeded(7);
  let tokens = quota;
  let last = 0;
  let nextApp = 0;
  const take = (at: number): boolean => {
    tokens = Math.min(quota, tokens + ((at - last) / 1000) * quota);
    last = at;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };
  const count = { ok: 0, throttled: 0, throttledAfterFirstSecond: 0, app: 0, appThrottled: 0, firstSecond: 0 };
  const appTo = (now: number): void => {
    for (; live > 0 && nextApp <= now; nextApp += (-Math.log(1 - random()) * 1000) / live) {
      count.app += 1;
      if (!take(nextApp)) count.appThrottled += 1;
    }
  };
  while (clock.now() < seconds * 1000) {
    await limiter.acquire();
    const now = clock.now();
    appTo(now);
    if (now < 1000) count.firstSecond += 1;
    if (take(now)) {
      count.ok += 1;
      limiter.succeeded();
    } else {
      count.throttled += 1;
      if (now > 1000) count.throttledAfterFirstSecond += 1;
      limiter.throttled();
    }
    // A request takes a moment to come back.
    await clock.sleep(0.2);
  }
  appTo(clock.now());
  return {
    ...count,
    goodput: count.ok / seconds,
    share: count.throttled / (count.ok + count.throttled),
    appShare: count.app === 0 ? 0 : count.appThrottled / count.app,
  };
}

describe("with no limit (--max-rate 0), the quota left by the application sets the pace", () => {
  test.each([
    [10, 0],
    [30, 0],
    [30, 10],
    [40, 20],
    [100, 0],
    [100, 50],
  ])(
    "quota %d a second, the application's %d: at most 0.5% of its requests throttled, at most 2% of the run's, and at least 75% of the rest got through",
    async (quota, live) => {
      const run = await against(quota, { live });
      expect(run.appShare).toBeLessThanOrEqual(0.005);
      expect(run.share).toBeLessThanOrEqual(0.02);
      expect(run.goodput).toBeGreaterThanOrEqual(0.75 * (quota - live));
    },
  );

  test("with the account's provisioned limit known, the run starts at half of it and never goes past it", async () => {
    const run = await against(40, { live: 20, provisioned: 40, seconds: 300 });
    expect(run.firstSecond).toBeGreaterThanOrEqual(19);
    expect(run.firstSecond).toBeLessThanOrEqual(22);
    expect(run.appShare).toBeLessThanOrEqual(0.005);
    expect(run.goodput).toBeGreaterThanOrEqual(0.75 * 20);
    const alone = await against(40, { provisioned: 40, seconds: 300 });
    expect(alone.goodput).toBeGreaterThanOrEqual(0.75 * 40);
    expect(alone.goodput).toBeLessThanOrEqual(40);
  });
});

describe("with a limit at or under the quota, nothing is throttled after the first second", () => {
  test.each([
    [30, 30],
    [30, 10],
    [100, 100],
    [100, 50],
  ])("quota %d, --max-rate %d", async (quota, maxRate) => {
    const run = await against(quota, { maxRate, seconds: 30 });
    expect(run.throttledAfterFirstSecond).toBe(0);
    expect(run.goodput).toBeGreaterThanOrEqual(0.98 * maxRate);
    expect(run.goodput).toBeLessThanOrEqual(1.02 * maxRate);
  });
});

test("a limit above the quota comes down under it: at most 2% throttled", async () => {
  const run = await against(30, { maxRate: 200 });
  expect(run.share).toBeLessThanOrEqual(0.02);
  expect(run.goodput).toBeGreaterThanOrEqual(0.75 * 30);
});

test("a fixed pace (a dry run) never waits and ignores throttling", async () => {
  const clock = fakeClock();
  const limiter = createRateLimiter(0, clock, undefined, false);
  for (let i = 0; i < 1000; i += 1) await limiter.acquire();
  limiter.throttled();
  expect([clock.now(), limiter.rate]).toEqual([0, Infinity]);
});

test("a stopped run's wait ends at once", async () => {
  const stop = new AbortController();
  let sleeps = 0;
  const clock: Clock = {
    now: () => 0,
    sleep: async () => {
      sleeps += 1;
    },
  };
  const limiter = createRateLimiter(0.001, clock, stop.signal);
  await limiter.acquire();
  stop.abort();
  // The next start is 1000 s away: a run that stops does not wait for it.
  await limiter.acquire();
  expect(sleeps).toBe(0);
});

describe("the pace, step by step (what the service said, and when)", () => {
  /** Replays events on a pace: [ms, "ok" | "throttled"], and gives its rate after each. */
  const replay = (options: Parameters<typeof createPace>[0], events: Array<[number, "ok" | "throttled"]>): number[] => {
    const pace = createPace(options, 0);
    return events.map(([at, what]) => {
      if (what === "ok") pace.succeeded(at);
      else pace.throttled(at);
      return Math.round(pace.rate * 100) / 100;
    });
  };
  test.each([
    [
      "no limit: starts at 10, grows by half each second until throttled",
      { maxRate: 0 },
      [
        [999, "ok"],
        [1000, "ok"],
        [2000, "ok"],
        [2500, "ok"],
      ],
      [10, 15, 22.5, 22.5],
    ],
    // 22.5 was one step past the edge: 80% of 15 to settle, half of that while the bucket fills.
    [
      "the first throttle: 80% of the step before, half that for 2 s",
      { maxRate: 0 },
      [
        [1000, "ok"],
        [2000, "ok"],
        [2100, "throttled"],
        [3000, "ok"],
        [4100, "ok"],
      ],
      [15, 22.5, 6, 6, 12],
    ],
    [
      "one cut a second, however many throttles; the next from what got through in the last second (nothing: the slowest pace)",
      { maxRate: 0 },
      [
        [1000, "ok"],
        [1100, "throttled"],
        [1200, "throttled"],
        [1900, "throttled"],
        [2200, "throttled"],
      ],
      [15, 4, 4, 4, 1],
    ],
    [
      "a settled pace looks 5% higher only after 20 s without throttling",
      { maxRate: 0 },
      [
        [1000, "ok"],
        [1100, "throttled"],
        [3200, "ok"],
        [3200 + PROBE_EVERY_MS - 1, "ok"],
        [3200 + PROBE_EVERY_MS, "ok"],
      ],
      [15, 4, 8, 8, 8.4],
    ],
    [
      "a provisioned limit of 40: starts at 20, never past 40",
      { maxRate: 0, provisioned: 40 },
      [
        [5000, "ok"],
        [10_000, "ok"],
        [500_000, "ok"],
      ],
      [21, 22.05, 23.15],
    ],
    [
      "--max-rate: starts there, never past it",
      { maxRate: 25 },
      [
        [0, "ok"],
        [100_000, "ok"],
      ],
      [25, 25],
    ],
    ["--max-rate and a lower provisioned limit: the lower", { maxRate: 100, provisioned: 30 }, [[0, "ok"]], [30]],
    [
      "a fixed pace (a dry run): throttling changes nothing",
      { maxRate: 0, adaptive: false },
      [[0, "throttled"]],
      [Infinity],
    ],
  ] as const)("%s", (_name, options, events, rates) => {
    expect(replay(options, events as unknown as Array<[number, "ok" | "throttled"]>)).toEqual(rates);
  });
});
