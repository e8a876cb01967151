// What a bulk run says on stderr: on a terminal, a progress bar redrawn a few
// times a second (done of total, rate, time left, failures by error code);
// at the end, on a terminal or not, one line of summary.

export interface Tally {
  sent: number;
  failed: number;
  /** Of the failed, those whose hourly allowance of codes was used up. */
  limited: number;
  /** Written, and no answer came: the service may have sent the code. */
  unknown: number;
  /** Of the skipped, those earlier results left UNKNOWN (not sent again without --retry-unknown). */
  priorUnknown: number;
  skipped: number;
  failedBy: Map<string, number>;
  /** Lines of the input read so far. */
  lines: number;
}

export const newTally = (): Tally => ({
  sent: 0,
  failed: 0,
  limited: 0,
  unknown: 0,
  priorUnknown: 0,
  skipped: 0,
  failedBy: new Map(),
  lines: 0,
});

const byCode = (tally: Tally): string =>
  [...tally.failedBy]
    .sort((a, b) => b[1] - a[1])
    .map(([code, n]) => `${code} ${n}`)
    .join(", ");

const seconds = (ms: number): string =>
  ms >= 60_000 ? `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s` : `${(ms / 1000).toFixed(1)} s`;

/** How a run ended: through the whole file, on a signal, or because its output could not be written. */
export type Ending = "done" | "interrupted" | "stopped";

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

/** The one-line summary at the end; a dry run sends nothing, so it has no rate. */
export function summaryLine(tally: Tally, elapsedMs: number, ending: Ending, dryRun = false): string {
  const users = tally.sent + tally.failed + tally.unknown + tally.skipped;
  const failed = tally.failed === 0 ? "0 failed" : `${tally.failed} failed (${byCode(tally)})`;
  const done = dryRun ? `${tally.sent} would be sent` : `${tally.sent} sent`;
  const rate = elapsedMs > 0 ? Math.round((tally.sent + tally.failed + tally.unknown) / (elapsedMs / 1000)) : 0;
  const head = ending === "done" ? "" : `${ending}: `;
  const unknown = tally.unknown === 0 ? "" : `${tally.unknown} unknown, `;
  return `${head}${done}, ${failed}, ${unknown}${tally.skipped} skipped; ${plural(users, "user")} in ${seconds(elapsedMs)}${dryRun ? "" : ` (${plural(rate, "request")}/s)`}`;
}

export interface Progress {
  update(tally: Tally): void;
  finish(tally: Tally, ending: Ending): void;
}

export function createProgress(options: {
  isTTY: boolean;
  totalLines?: number;
  write: (text: string) => void;
  now?: () => number;
  dryRun?: boolean;
}): Progress {
  const now = options.now ?? (() => performance.now());
  const started = now();
  let drawn = 0;
  let shown = false;
  const bar = (tally: Tally): string => {
    const elapsed = now() - started;
    const rate = elapsed > 0 ? (tally.sent + tally.failed) / (elapsed / 1000) : 0;
    const total = options.totalLines;
    const part = total ? Math.min(1, tally.lines / total) : undefined;
    const width = 24;
    const filled = part === undefined ? 0 : Math.round(part * width);
    const eta = part && part > 0 && part < 1 ? ` ETA ${seconds((elapsed / part) * (1 - part))}` : "";
    const count = total ? `${tally.lines}/${total} lines` : `${tally.lines} lines`;
    const failures = tally.failed > 0 ? `  failed: ${byCode(tally)}` : "";
    const gauge = part === undefined ? "" : `[${"#".repeat(filled)}${".".repeat(width - filled)}] `;
    return `${gauge}${count}  ${tally.sent} sent  ${tally.skipped} skipped  ${Math.round(rate)}/s${eta}${failures}`;
  };
  return {
    update(tally) {
      if (!options.isTTY) return;
      const t = now();
      if (t - drawn < 100) return;
      drawn = t;
      shown = true;
      options.write(`\r\x1b[2K${bar(tally)}`);
    },
    finish(tally, ending) {
      if (shown) options.write("\r\x1b[2K");
      options.write(`${summaryLine(tally, now() - started, ending, options.dryRun)}\n`);
    },
  };
}
