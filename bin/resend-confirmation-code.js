#!/usr/bin/env node
"use strict";
const { main } = require("../dist/cli.js");
const { version } = require("../package.json");

// A reader that stops early (`| head`) is no error.
process.stdout.on("error", (error) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});

process.on("SIGINT", () => {
  process.stderr.write("\n");
  process.exit(130);
});

main(process.argv.slice(2), {
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stdinIsTTY: Boolean(process.stdin.isTTY),
  version,
}).then((code) => {
  process.exitCode = code;
});
