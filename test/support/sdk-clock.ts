// The AWS SDK's own waits on a clock that moves only when the SDK waits (a
// vitest setup file: see vitest.config.mjs). A single call (not a bulk run,
// which retries on io.clock) is retried by the SDK's retry strategy, which
// sleeps its backoff on a real timer (up to 1 s, 2 s, 4 s ... after
// throttling, at random), and in adaptive mode paces itself by a token bucket
// on the real clock. The command has no seam for that clock yet, so here the
// strategy's backoff is slept on this fake clock (the delay it computes is
// added to the clock, and it goes on at the next turn of the event loop), and
// the adaptive bucket reads and sleeps on it too. What is sent, and when it
// is retried, is the SDK's own doing as before; only the waiting is gone.
// The SDK module patched is the one the command loads (Node's require cache
// is shared).
import { createRequire } from "node:module";

interface Backoff {
  computeNextBackoffDelay(attempts: number): number;
  setDelayBase(ms: number): void;
}

interface RetryModule {
  StandardRetryStrategy: { prototype: { refreshRetryTokenForRetry: (...args: unknown[]) => Promise<unknown> } };
  DefaultRateLimiter: {
    setTimeoutFn: (callback: () => void, ms: number) => unknown;
    prototype: { getCurrentTimeInSeconds: () => number };
  };
}

const retry = createRequire(import.meta.url)("@smithy/core/retry") as RetryModule;

/**
 * The SDK's clock, in milliseconds: it starts at the real time and moves only
 * by what the SDK waits. (Patched once per worker: a setup file run again for
 * the next test file finds the patch in place and leaves it.)
 */
let now = Date.now();

const PATCHED = Symbol.for("resend-confirmation-code.sdk-clock");

/** Fails loudly when the SDK no longer has what is patched here, rather than letting tests wait in real time again. */
function expectShape(ok: boolean, what: string): void {
  if (!ok) throw new Error(`test/support/sdk-clock.ts: the SDK's retry module changed (${what}); fit the patch to it`);
}

function patch(): void {
  const strategy = retry.StandardRetryStrategy?.prototype;
  const limiter = retry.DefaultRateLimiter;
  expectShape(typeof strategy?.refreshRetryTokenForRetry === "function", "StandardRetryStrategy");
  expectShape(typeof limiter?.setTimeoutFn === "function", "DefaultRateLimiter.setTimeoutFn");
  expectShape(typeof limiter?.prototype?.getCurrentTimeInSeconds === "function", "DefaultRateLimiter's clock");
  if ((strategy as Record<symbol, unknown>)[PATCHED]) return;
  (strategy as Record<symbol, unknown>)[PATCHED] = true;

  const refresh = strategy.refreshRetryTokenForRetry;
  strategy.refreshRetryTokenForRetry = function (this: { retryBackoffStrategy?: Backoff }, ...args: unknown[]) {
    const inner = this.retryBackoffStrategy;
    expectShape(typeof inner?.computeNextBackoffDelay === "function", "retryBackoffStrategy");
    if (inner && !(inner as unknown as Record<symbol, unknown>)[PATCHED]) {
      const onClock: Backoff & Record<symbol, unknown> = {
        [PATCHED]: true,
        setDelayBase: (ms) => inner.setDelayBase(ms),
        computeNextBackoffDelay: (attempts) => {
          now += inner.computeNextBackoffDelay(attempts);
          return 0;
        },
      };
      this.retryBackoffStrategy = onClock;
    }
    return refresh.apply(this, args);
  };

  limiter.prototype.getCurrentTimeInSeconds = () => now / 1000;
  // A millisecond at the least, as a real timer: the bucket waits for what it lacks of a token, and a
  // wait of a few nanoseconds added to a clock at the real time's size is lost to its precision: the
  // bucket would wait for the same fraction of a token, at once, for ever.
  limiter.setTimeoutFn = (callback, ms) => {
    now += Number.isFinite(ms) ? Math.max(1, ms) : 1;
    return setImmediate(callback);
  };
}

patch();
