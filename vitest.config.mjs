import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The SDK's retry backoff and adaptive pacing on a fake clock (test/support/sdk-clock.ts).
    setupFiles: ["test/support/sdk-clock.ts"],
    // As the command does when it loads the SDK (src/call/client.ts): no warning about the Node.js
    // versions the SDK will drop, from the clients tests make themselves (cognito-service.test.ts).
    // A child process gets its own environment (test/support/process.ts), so the smoke tests still
    // see whether the command itself keeps quiet.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Files share their workers' modules (the command's, the SDK's) instead of loading them again
    // each: nothing in src/ or the tests keeps state that one file could leave to the next.
    pool: "threads",
    isolate: false,
    // Many tests wait on child processes, the network or timers, not the CPU: one file more than
    // there are cores (on the 2-core machine the suite is timed on, vitest took 43 and 46 s with 3
    // workers, 48 and 55 s with 2, 49 and 50 s with 4), and more tests of a file at once. A number:
    // vitest caps a percentage at the number of cores.
    maxWorkers: availableParallelism() + 1,
    maxConcurrency: 16,
    // The sources as vite transformed them, kept from one run to the next (keyed by each file's
    // content): a run after the first transforms only what changed. Measured here, npm test took
    // 40.2 s on a cold cache, then 32.8 s (transform 5.4 -> 0.9 s, import 8.3 -> 4.3 s, summed over
    // the workers).
    experimental: { fsModuleCache: true, fsModuleCachePath: "node_modules/.cache/vitest-modules" },
  },
});
