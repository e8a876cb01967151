// The SDK's own waits on the fake clock of test/support/sdk-clock.ts (the
// setup file every test file runs with): they cost no real time, and they end.
import { createRequire } from "node:module";
import { expect, test } from "vitest";

interface Bucket {
  enabled: boolean;
  fillRate: number;
  maxCapacity: number;
  availableTokens: number;
  lastTimestamp: number;
  getCurrentTimeInSeconds(): number;
  getSendToken(): Promise<void>;
}
const { DefaultRateLimiter } = createRequire(import.meta.url)("@smithy/core/retry") as {
  DefaultRateLimiter: new () => Bucket;
};

/** Whether `promise` settles before a few turns of the event loop are over (a wait on the fake clock takes one). */
async function settlesSoon(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void promise.then(() => (settled = true));
  for (let i = 0; i < 20 && !settled; i += 1) await new Promise((resolve) => setImmediate(resolve));
  return settled;
}

test("adaptive mode's bucket, a whole token short after a throttle, waits on the fake clock and goes on", async () => {
  const bucket = new DefaultRateLimiter();
  Object.assign(bucket, { enabled: true, fillRate: 0.5, maxCapacity: 1, availableTokens: 0 });
  bucket.lastTimestamp = bucket.getCurrentTimeInSeconds();
  const before = bucket.getCurrentTimeInSeconds();
  expect(await settlesSoon(bucket.getSendToken())).toBe(true);
  // Two seconds of the fake clock (a token at half a token a second), none of the real one.
  expect(bucket.getCurrentTimeInSeconds() - before).toBeCloseTo(2, 3);
});

test("a wait for a sliver of a token ends too: the clock moves a millisecond at the least", async () => {
  // What the bucket lacks here is a wait of some nanoseconds, which a clock at the real time's size
  // cannot tell from none: it waited for that sliver for ever (the adaptive retry case of cli.test.ts
  // timed out, in runs where the clock had come to such a value).
  const bucket = new DefaultRateLimiter();
  Object.assign(bucket, { enabled: true, fillRate: 0.5, maxCapacity: 1, availableTokens: 1 - 3.4e-8 });
  bucket.lastTimestamp = bucket.getCurrentTimeInSeconds();
  expect(await settlesSoon(bucket.getSendToken())).toBe(true);
});
