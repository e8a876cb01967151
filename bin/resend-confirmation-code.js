#!/usr/bin/env node
"use strict";
// The command: dist/node.js (built from src/node.ts) runs it on this process,
// loaded by dist/startup.js (src/startup/), which keeps the code V8 compiles
// for the bundles in the user's cache folder, so that every run after the
// first skips compiling. NODE_DISABLE_COMPILE_CACHE=1 turns that off.
const { join } = require("node:path");

const { env, platform } = process;
const home = env.HOME || require("node:os").homedir();
const caches =
  env.XDG_CACHE_HOME ||
  (platform === "darwin"
    ? join(home, "Library", "Caches")
    : platform === "win32"
      ? env.LOCALAPPDATA || home
      : join(home, ".cache"));
const bundle = join(__dirname, "..", "dist", "node.js");
// A --debug stack trace names the files and lines of src/ (source maps apply to modules Node loads itself).
const debug = process.argv.includes("--debug");
if (debug) process.setSourceMapsEnabled(true);
const start =
  debug || env.NODE_DISABLE_COMPILE_CACHE
    ? require(bundle)
    : require("../dist/startup.js").requireWithCache(bundle, join(caches, "resend-confirmation-code"));
start.runOnNode();
