import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The SDK's retry backoff and adaptive pacing on a fake clock (test/support/sdk-clock.ts).
    setupFiles: ["test/support/sdk-clock.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Most tests run the command in this process and wait on the network or timers, not the CPU: more
    // files side by side than there are cores, and more tests of a file at once.
    maxWorkers: 4,
    maxConcurrency: 16,
  },
});
