import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Most tests run the command in this process and wait on the network or timers, not the CPU: more
    // files side by side than there are cores, and more tests of a file at once.
    maxWorkers: 4,
    maxConcurrency: 16,
  },
});
