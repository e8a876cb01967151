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
    // Most tests run the command in this process and wait on the network or timers, not the CPU: more
    // files side by side than there are cores, and more tests of a file at once.
    maxWorkers: "100%",
    maxConcurrency: 16,
  },
});
