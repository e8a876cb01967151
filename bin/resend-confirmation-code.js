#!/usr/bin/env node
"use strict";
// The command: dist/node.js (built from src/node.ts) runs it on this process.
// The code V8 compiles for it is kept in the user's cache folder, so that every
// run after the first skips compiling: by Node's own compile cache from
// Node.js 22.8, by dist/startup.js (src/startup/) before that. Node's
// NODE_DISABLE_COMPILE_CACHE=1 turns either off.
const { join } = require("node:path");
const { enableCompileCache } = require("node:module");

const { env, platform } = process;
const home = env.HOME || require("node:os").homedir();
const caches =
  env.XDG_CACHE_HOME ||
  (platform === "darwin"
    ? join(home, "Library", "Caches")
    : platform === "win32"
      ? env.LOCALAPPDATA || home
      : join(home, ".cache"));
const cacheDir = join(caches, "resend-confirmation-code");
const debug = process.argv.includes("--debug");
// A --debug stack trace names the files and lines of src/.
if (debug) process.setSourceMapsEnabled(true);

if (enableCompileCache) enableCompileCache(cacheDir);
const plain = enableCompileCache || debug || env.NODE_DISABLE_COMPILE_CACHE;
const start = plain
  ? require("../dist/node.js")
  : require("../dist/startup.js").requireWithCache(join(__dirname, "..", "dist", "node.js"), cacheDir);
start.runOnNode();
