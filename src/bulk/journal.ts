// --results FILE: the run's own journal, appended to. Before each request the
// user is recorded as in flight, and that line is flushed to the disk
// (fdatasync) before the request is written; after the answer, the same line
// that stdout gets is recorded. A run killed at any moment (SIGKILL, a crash,
// the machine going down) leaves every user it may have sent a code to on
// record: the same command run again reads the journal back, and a user left
// in flight counts as UNKNOWN, never sent again unless --retry-unknown says so.
import { closeSync, fdatasyncSync, openSync, writeSync } from "node:fs";
import { type Place, pathIn, paramValidation } from "../common";
import { osError } from "../input";

export interface Journal {
  /** A user about to be sent a request: recorded and on the disk before this returns. */
  inFlight(line: string): void;
  /** A user's result line, as stdout gets it. */
  result(line: string): void;
  close(): void;
}

/** Opens (creating it if need be) the journal for appending; a file that cannot be written is a usage error (252). */
export function openJournal(path: string, place: Place): Journal {
  let fd: number;
  try {
    fd = openSync(pathIn(place, path), "a");
  } catch (error) {
    const known = osError(error as NodeJS.ErrnoException);
    const reason = known ? known[1][0].toLowerCase() + known[1].slice(1) : (error as Error).message;
    throw paramValidation(`Bad value for --results "${path}": ${reason}`);
  }
  const write = (text: string): void => {
    const bytes = Buffer.from(text, "utf8");
    for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done);
  };
  return {
    inFlight(line) {
      write(line);
      fdatasyncSync(fd);
    },
    result(line) {
      write(line);
    },
    close() {
      try {
        fdatasyncSync(fd);
      } finally {
        closeSync(fd);
      }
    },
  };
}
