import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The SDK's retry backoff and adaptive pacing on a fake clock (test/support/sdk-clock.ts).
    setupFiles: ["test/support/sdk-clock.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Files share their workers' modules (the command's, the SDK's) instead of loading them again
    // each: nothing in src/ or the tests keeps state that one file could leave to the next.
    pool: "threads",
    isolate: false,
    // Most tests run the command in this process and wait on the network or timers, not the CPU: more
    // files side by side than there are cores, and more tests of a file at once.
    maxWorkers: "100%",
    maxConcurrency: 16,
  },
});
