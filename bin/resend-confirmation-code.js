#!/usr/bin/env node
"use strict";
// The command's entry point: loads the built bundle and connects it to the
// process. Output is written straight to the file descriptors, so that a run
// that prints a few lines never sets up Node's stream machinery.
const { fstatSync, writeSync } = require("node:fs");
const { loadBundle } = require("./load-bundle.js");

/**
 * Whether fd is a terminal. node:tty brings the stream machinery with it, so
 * it is asked only about a character device that is not a memory device such
 * as /dev/null (Linux major number 1); pipes and files are never terminals.
 */
function isatty(fd) {
  try {
    const stat = fstatSync(fd);
    if (!stat.isCharacterDevice() || (process.platform === "linux" && stat.rdev >> 8 === 1)) return false;
  } catch {
    return false;
  }
  return require("node:tty").isatty(fd);
}

const { main } = loadBundle("cli.js");

/**
 * Writes all of `text` to fd 1 or 2. A failure (a full disk, a reader that
 * has gone away) is thrown to the caller, which decides what it means: a bulk
 * run stops sending, a call that was answered still exits 0.
 */
function write(fd, text) {
  let data = Buffer.from(text, "utf8");
  while (data.length > 0) {
    try {
      data = data.subarray(writeSync(fd, data));
    } catch (error) {
      if (error.code === "EAGAIN") continue;
      throw error;
    }
  }
}

// Node's own warnings (a timer too long, say) are not the user's concern;
// --debug shows them.
process.removeAllListeners("warning");
if (process.argv.includes("--debug")) process.on("warning", (warning) => writeQuietly(2, `${warning.name}: ${warning.message}\n`));

function writeQuietly(fd, text) {
  try {
    write(fd, text);
  } catch {
    // Nowhere left to say it.
  }
}

// Ctrl-C ends a run at once with exit code 130, unless the run has asked to
// finish what it is doing first (a bulk run); a second Ctrl-C ends it at once.
let interruptHandler;
let interrupts = 0;
function interrupt() {
  interrupts += 1;
  if (interruptHandler && interrupts === 1) return interruptHandler();
  writeQuietly(2, "\n");
  process.exit(130);
}
process.on("SIGINT", interrupt);

main(process.argv.slice(2), {
  env: process.env,
  stdout: (text) => write(1, text),
  stderr: (text) => write(2, text),
  page: (text, pager) => loadBundle("pager.js").pageThrough(text, pager, process.env, (t) => write(1, t)),
  get stdinIsTTY() {
    return isatty(0);
  },
  get stdoutIsTTY() {
    return isatty(1);
  },
  get columns() {
    return (isatty(1) && process.stdout.columns) || undefined;
  },
  get stdin() {
    return process.stdin;
  },
  get stderrIsTTY() {
    return isatty(2);
  },
  keyboard() {
    const input = process.stdin;
    input.setRawMode(true);
    input.setEncoding("utf8");
    input.resume();
    const typed = [];
    let waiting;
    const onData = (keys) => {
      if (waiting) {
        const resolve = waiting;
        waiting = undefined;
        resolve(keys);
      } else typed.push(keys);
    };
    input.on("data", onData);
    return {
      next: () => (typed.length > 0 ? Promise.resolve(typed.shift()) : new Promise((resolve) => (waiting = resolve))),
      write: (text) => write(2, text),
      close() {
        input.off("data", onData);
        input.setRawMode(false);
        input.pause();
      },
    };
  },
  onInterrupt(handler) {
    interruptHandler = handler;
    process.on("SIGTERM", interrupt);
  },
  version: require("../package.json").version,
}).then((code) => {
  process.exitCode = code;
});
