// The command in this process: main(argv, io) with an Io that records what a
// run prints, reads its files from its own folder and environment (so that
// runs may go on side by side), and lets a test interrupt it as Ctrl-C would.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { main } from "../../src/cli";
import type { Io } from "../../src/io";
import { fakeClock } from "./clock";
import { ROOT, cleanEnv } from "./process";

const VERSION = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;

export interface RunOptions {
  /** The run's folder, and HOME (see cleanEnv). */
  cwd: string;
  /** Environment variables beside cleanEnv's (or instead of it, with `bareEnv`). */
  env?: Record<string, string | undefined>;
  bareEnv?: boolean;
  /** What --usernames-file - reads. */
  stdin?: string | NodeJS.ReadableStream;
  /** Instead of recording: a writer that may throw, as a full disk or a closed pipe does. */
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
  /**
   * The clock a bulk run paces itself and waits by: by default a fake one of
   * its own (clock.ts), so that no run waits in real time; a test that looks
   * at the time a run took, or shares a clock with a stand-in, gives its own.
   */
  clock?: Io["clock"];
  /** The service the run calls (a fake: see fake-caller.ts); the real one, over HTTP, when not given. */
  service?: Io["service"];
  /** Called after each write to stdout (recorded or not), with the run's Io. */
  onStdout?: (text: string, io: RecordingIo) => void;
}

export interface RecordingIo extends Io {
  readonly out: string;
  readonly err: string;
  /** Whether the run registered what an interrupt does. */
  readonly interruptible: boolean;
  /** Ctrl-C, as node.ts delivers it: the run's handler (a bulk run's); false if it has none. */
  interrupt(): boolean;
}

export function recordingIo(options: RunOptions): RecordingIo {
  let out = "";
  let err = "";
  let handler: (() => void) | undefined;
  const env = options.bareEnv ? { ...options.env } : cleanEnv(options.cwd, options.env);
  const stdin =
    options.stdin === undefined || typeof options.stdin === "string"
      ? Readable.from([Buffer.from(options.stdin ?? "")])
      : options.stdin;
  const io: RecordingIo = {
    env,
    cwd: options.cwd,
    get out() {
      return out;
    },
    get err() {
      return err;
    },
    stdout(text) {
      if (options.stdout) options.stdout(text);
      else out += text;
      options.onStdout?.(text, io);
    },
    stderr(text) {
      if (options.stderr) options.stderr(text);
      else err += text;
    },
    page: () => Promise.reject(new Error("no pager: stdout is not a terminal")),
    stdinIsTTY: false,
    stdoutIsTTY: false,
    stderrIsTTY: false,
    stdin,
    onInterrupt(next) {
      handler = next;
    },
    get interruptible() {
      return handler !== undefined;
    },
    interrupt() {
      if (!handler) return false;
      handler();
      return true;
    },
    keyboard() {
      throw new Error("no keyboard: stdin is not a terminal");
    },
    version: VERSION,
    clock: options.clock ?? fakeClock(),
    service: options.service,
  };
  return io;
}

export interface Outcome {
  exitCode: number;
  stdout: string;
  stderr: string;
  io: RecordingIo;
}

/** Runs the command in this process and returns what it printed and its exit code. */
export async function runMain(argv: readonly string[], options: RunOptions): Promise<Outcome> {
  const io = recordingIo(options);
  const exitCode = await main(argv, io);
  return { exitCode, stdout: io.out, stderr: io.err, io };
}
