// The pace of a bulk run against a quota shaped like Cognito's (a token bucket
// of Q requests a second with a second's burst), on a clock that moves only
// when the limiter waits: thirty seconds of requests cost no time.
import { describe, expect, test } from "vitest";
import { createRateLimiter, type Clock } from "../src/bulk/rate-limiter";

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

/**
 * Sends requests as fast as the limiter lets them start, for `seconds`,
 * against a quota of `quota` a second; counts what got through and what was
 * throttled, and what was throttled after the first second.
 */
async function against(quota: number, maxRate: number, seconds = 30) {
  const clock = fakeClock();
  const limiter = createRateLimiter(maxRate, clock);
  let tokens = quota;
  let last = 0;
  const count = { ok: 0, throttled: 0, throttledAfterFirstSecond: 0 };
  while (clock.now() < seconds * 1000) {
    await limiter.acquire();
    const now = clock.now();
    tokens = Math.min(quota, tokens + ((now - last) / 1000) * quota);
    last = now;
    if (tokens >= 1) {
      tokens -= 1;
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
  return { ...count, goodput: count.ok / seconds, share: count.throttled / (count.ok + count.throttled) };
}

describe("with no limit (--max-rate 0), the quota sets the pace", () => {
  test.each([10, 20, 30, 50, 75, 100])(
    "quota %d a second: at most 5% throttled, at least 90% of the quota got through",
    async (quota) => {
      const run = await against(quota, 0);
      expect(run.share).toBeLessThanOrEqual(0.05);
      expect(run.goodput).toBeGreaterThanOrEqual(0.9 * quota);
    },
  );
});

describe("with a limit at or under the quota, nothing is throttled after the first second", () => {
  test.each([
    [30, 30],
    [30, 10],
    [100, 100],
    [100, 50],
  ])("quota %d, --max-rate %d", async (quota, maxRate) => {
    const run = await against(quota, maxRate);
    expect(run.throttledAfterFirstSecond).toBe(0);
    expect(run.goodput).toBeGreaterThanOrEqual(0.98 * maxRate);
    expect(run.goodput).toBeLessThanOrEqual(1.02 * maxRate);
  });
});

test("a limit above the quota comes down to it: at most 5% throttled", async () => {
  const run = await against(30, 200);
  expect(run.share).toBeLessThanOrEqual(0.05);
  expect(run.goodput).toBeGreaterThanOrEqual(27);
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
