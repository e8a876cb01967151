// A clock that moves only when a sleeper is woken: a bulk run's waits (for its
// rate, for a retry) cost no time, and what they would have cost is counted.
import type { Clock } from "../../src/bulk";

export function fakeClock(): Clock & { elapsed: () => number } {
  let now = 0;
  return {
    now: () => now,
    sleep: async (ms) => {
      now += ms;
    },
    elapsed: () => now,
  };
}

/** Resolves after `count` turns of the event loop, each with its poll phase (connections accepted, sockets read). */
export async function turns(count = 2): Promise<void> {
  for (let i = 0; i < count; i += 1) await new Promise((resolve) => setImmediate(resolve));
}
