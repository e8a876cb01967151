#!/usr/bin/env node
"use strict";
// The command: dist/node.js (built from src/node.ts) runs it on this process.
// From Node.js 22.8 on, Node's compile cache keeps the code it compiles in the
// user's cache folder, so that every run after the first skips compiling.
const { join } = require("node:path");
const { enableCompileCache } = require("node:module");

if (enableCompileCache) {
  const { env, platform } = process;
  const home = env.HOME || require("node:os").homedir();
  const cache = env.XDG_CACHE_HOME || (platform === "darwin" ? join(home, "Library", "Caches") : platform === "win32" ? env.LOCALAPPDATA || home : join(home, ".cache"));
  enableCompileCache(join(cache, "resend-confirmation-code"));
}
// A --debug stack trace names the files and lines of src/.
if (process.argv.includes("--debug")) process.setSourceMapsEnabled(true);
require("../dist/node.js").runOnNode();
