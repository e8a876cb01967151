// Everything a run does to the world goes through one Io: the process's
// environment and working directory, stdout and stderr, the terminal, signals,
// and the service.
// src/node.ts makes one from the running Node.js process; the tests make one
// that records.
import type { Place } from "./common";
import type { Clock } from "./bulk";
import type { Keyboard } from "./terminal";
import type { ServiceFactory } from "./call";

/** The environment and the working directory (Place), and the rest of the world. */
export interface Io extends Place {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Shows text through a pager command (on a terminal); resolves when the pager exits. */
  page: (text: string, pager: string) => Promise<void>;
  stdinIsTTY: boolean;
  stdoutIsTTY: boolean;
  /** The terminal's width in columns, when stdout is a terminal. */
  columns?: number;
  /** For --usernames-file -. */
  readonly stdin: NodeJS.ReadableStream;
  readonly stderrIsTTY: boolean;
  /** The file stdout writes to, when it is one, and whether it appends (`>>`). */
  readonly stdoutFile?: { dev: number; ino: number; append: boolean };
  /** Registers what SIGINT and SIGTERM do from now on (a bulk run finishes what is in flight). */
  onInterrupt: (handler: () => void) => void;
  /** The terminal's keyboard, key by key (for --cli-auto-prompt); only asked when stdin is a terminal. */
  keyboard: () => Keyboard;
  version: string;
  /** What a bulk run paces itself and waits by; the real clock when not given (tests give one that only moves when told). */
  clock?: Clock;
  /** The service the run calls; the real one (the AWS SDK over HTTP) when not given (tests give a fake). */
  service?: ServiceFactory;
}
