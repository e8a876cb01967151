// The command on a Node.js process: an Io made from the process (its
// environment, file descriptors 0-2, the terminal, SIGINT and SIGTERM), handed
// to main. Output is written straight to the file descriptors, so that a run
// that prints a few lines never sets up Node's stream machinery.
//
// The bundle bin/ loads (dist/node.js), holding this file, the pipeline
// (cli.ts) and the stages every call runs through (scripts/build.mjs, CORE).
import { fstatSync, readFileSync, writeSync } from "node:fs";
import { main } from "./cli";
import type { Io } from "./io";
import { argvFromCommandLine, mayHoldRawBytes, stderrBytes, stdoutBytes } from "./text-bytes";
import type { Keyboard } from "./terminal";

/**
 * Whether fd is a terminal. node:tty brings the stream machinery with it, so
 * it is asked only about a character device that is not a memory device such
 * as /dev/null (Linux major number 1); pipes and files are never terminals.
 */
function isatty(fd: number): boolean {
  try {
    const stat = fstatSync(fd);
    if (!stat.isCharacterDevice() || (process.platform === "linux" && stat.rdev >> 8 === 1)) return false;
  } catch {
    return false;
  }
  return (require("node:tty") as typeof import("node:tty")).isatty(fd);
}

/**
 * The file stdout writes to, if it is one, and whether it was opened to
 * append (`>>`): Linux says so in /proc; elsewhere it counts as not.
 */
function stdoutFile(): { dev: number; ino: number; append: boolean } | undefined {
  try {
    const stat = fstatSync(1);
    if (!stat.isFile()) return undefined;
    let append = false;
    try {
      const flags = /^flags:\s*([0-7]+)/m.exec(readFileSync("/proc/self/fdinfo/1", "utf8"));
      // O_APPEND
      append = flags !== null && (Number.parseInt(flags[1], 8) & 0o2000) !== 0;
    } catch {
      // No /proc: not known to append.
    }
    return { dev: stat.dev, ino: stat.ino, append };
  } catch {
    return undefined;
  }
}

/**
 * The arguments after the script. Node reads each as UTF-8 and puts U+FFFD
 * for bytes that are not; the AWS CLI keeps those bytes (as lone surrogates),
 * so an argument with U+FFFD is read again from its bytes, where the platform
 * gives them (Linux: /proc/self/cmdline). Elsewhere, or when they do not line
 * up with process.argv, process.argv is taken as it is.
 */
function commandLineArguments(): string[] {
  const argv = process.argv.slice(2);
  if (!mayHoldRawBytes(argv)) return argv;
  try {
    return argvFromCommandLine(argv, readFileSync("/proc/self/cmdline"));
  } catch {
    return argv;
  }
}

/**
 * Writes all of `text` to fd 1 or 2, encoded as each encodes text
 * (src/text-bytes.ts). A failure (a full disk, a reader that has gone away)
 * is thrown to the caller, which decides what it means: a bulk run stops
 * sending, a call that was answered still exits 0.
 */
function write(fd: 1 | 2, text: string): void {
  let data = fd === 1 ? stdoutBytes(text) : stderrBytes(text);
  while (data.length > 0) {
    try {
      data = data.subarray(writeSync(fd, data));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EAGAIN") continue;
      throw error;
    }
  }
}

function writeQuietly(fd: 1 | 2, text: string): void {
  try {
    write(fd, text);
  } catch {
    // Nowhere left to say it.
  }
}

/** The terminal's keys, as they are typed, for --cli-auto-prompt; echo goes to stderr. */
function keyboard(): Keyboard {
  const input = process.stdin;
  input.setRawMode(true);
  input.setEncoding("utf8");
  input.resume();
  const typed: string[] = [];
  let waiting: ((keys: string) => void) | undefined;
  const onData = (keys: string): void => {
    if (waiting) {
      const resolve = waiting;
      waiting = undefined;
      resolve(keys);
    } else typed.push(keys);
  };
  input.on("data", onData);
  return {
    next: () =>
      typed.length > 0 ? Promise.resolve(typed.shift() as string) : new Promise((resolve) => (waiting = resolve)),
    write: (text) => write(2, text),
    close() {
      input.off("data", onData);
      input.setRawMode(false);
      input.pause();
    },
  };
}

/** Runs the command with this process's arguments; the exit code is set when it ends. */
export function runOnNode(): void {
  const argv = commandLineArguments();
  // Node's own warnings (a timer too long, say) are not the user's concern; --debug shows them.
  process.removeAllListeners("warning");
  if (argv.includes("--debug"))
    process.on("warning", (warning) => writeQuietly(2, `${warning.name}: ${warning.message}\n`));

  // Ctrl-C ends a run at once with exit code 130, unless the run has asked to
  // finish what it is doing first (a bulk run); a second Ctrl-C ends it at once.
  let interruptHandler: (() => void) | undefined;
  let interrupts = 0;
  const interrupt = (): void => {
    interrupts += 1;
    if (interruptHandler && interrupts === 1) {
      interruptHandler();
      return;
    }
    writeQuietly(2, "\n");
    process.exit(130);
  };
  process.on("SIGINT", interrupt);

  const io: Io = {
    env: process.env,
    cwd: process.cwd(),
    stdout: (text) => write(1, text),
    stderr: (text) => write(2, text),
    page: async (text, pager) => (await import("./output")).pageThrough(text, pager, process.env, (t) => write(1, t)),
    get stdinIsTTY() {
      return isatty(0);
    },
    get stdoutIsTTY() {
      return isatty(1);
    },
    get stderrIsTTY() {
      return isatty(2);
    },
    get stdoutFile() {
      return stdoutFile();
    },
    get columns() {
      return (isatty(1) && process.stdout.columns) || undefined;
    },
    get stdin() {
      return process.stdin;
    },
    keyboard,
    onInterrupt(handler) {
      interruptHandler = handler;
      process.on("SIGTERM", interrupt);
    },
    version: (require("../package.json") as { version: string }).version,
  };
  void main(argv, io).then((code) => {
    process.exitCode = code;
  });
}
