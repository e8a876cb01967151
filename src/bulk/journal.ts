// --results FILE: the run's own journal, appended to. Before each request the
// user is recorded as in flight, and that line is flushed to the disk
// (fdatasync) before the request is written; after the answer, the same line
// that stdout gets is recorded. A run killed at any moment (SIGKILL, a crash,
// the machine going down) leaves every user it may have sent a code to on
// record: the same command run again reads the journal back, and a user left
// in flight counts as UNKNOWN, never sent again unless --retry-unknown says so.
import { closeSync, existsSync, fdatasyncSync, fsyncSync, fstatSync, openSync, readSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import { type Place, pathIn } from "../common";
import { badValue, fileProblem } from "./input";

export interface Journal {
  /** A user about to be sent a request: recorded and on the disk before this returns. */
  inFlight(line: string): void;
  /** A user's result line, as stdout gets it. */
  result(line: string): void;
  close(): void;
}

function syncFolder(folder: string): void {
  const fd = openSync(folder, "r");
  try {
    fsyncSync(fd);
  } catch {
    // Some file systems cannot sync a folder; the file's own flushes still hold.
  } finally {
    closeSync(fd);
  }
}

/** Whether the file's last byte is not a newline (and it has one). */
function endsMidLine(path: string, fd: number): boolean {
  const size = fstatSync(fd).size;
  if (size === 0) return false;
  const last = Buffer.alloc(1);
  const reader = openSync(path, "r");
  try {
    readSync(reader, last, 0, 1, size - 1);
  } finally {
    closeSync(reader);
  }
  return last[0] !== 10;
}

/** Opens (creating it if need be) the journal for appending; a file that cannot be written is a usage error (252). */
export function openJournal(path: string, place: Place): Journal {
  let fd: number;
  const full = pathIn(place, path);
  const created = !existsSync(full);
  try {
    fd = openSync(full, "a");
    // A new journal's name is on the disk too, or a power loss could take the whole file.
    if (created) syncFolder(dirname(full));
  } catch (error) {
    throw badValue("--results", path, fileProblem(error));
  }
  const write = (text: string): void => {
    const bytes = Buffer.from(text, "utf8");
    for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done);
  };
  // A journal whose last line was cut off (a full disk, a kill mid-write) ends it first, so that the next line reads back.
  if (endsMidLine(pathIn(place, path), fd)) write("\n");
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
