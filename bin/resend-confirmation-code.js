#!/usr/bin/env node
"use strict";
const { main } = require("../dist/cli.js");
const { pageThrough } = require("../dist/pager.js");
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
  page: (text, pager) => pageThrough(text, pager, process.env, (t) => process.stdout.write(t)),
  stdinIsTTY: Boolean(process.stdin.isTTY),
  stdoutIsTTY: Boolean(process.stdout.isTTY),
  columns: process.stdout.isTTY ? process.stdout.columns : undefined,
  version,
}).then((code) => {
  process.exitCode = code;
});
