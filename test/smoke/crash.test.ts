// A bulk run killed outright (SIGKILL: no handler runs, nothing more is
// written) with a --results journal, against the Cognito stand-in at the
// service's latency: the same command run again sends every user not yet sent
// exactly once, and no one twice. The users whose request was in flight at the
// kill are UNKNOWN (the service may have sent them a code; this stand-in did,
// on the request's arrival), and a third run without --retry-unknown sends
// nothing. Without the journal, a --resume of the killed run's stdout alone
// would send to those users again. Counted at the stand-in: `sentTo` is the
// codes that actually went out.
import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { CLIENT_WITHOUT_SECRET, type CognitoService, startCognitoService, users } from "../support/cognito-service";
import { at, folder, parse, type Result, users as usersFile } from "../support/fixtures";
import { cleanEnv, OUR_BIN, spawnCollect } from "../support/process";

const USERS = 60;
/** Codes sent before the kill. */
const KILL_AT = 20;
const OP = "ResendConfirmationCode";
const everyone = Array.from({ length: USERS }, (_, i) => `user-${i + 1}`);

/**
 * Polls `condition` every few milliseconds until it holds (true) or
 * `deadlineMs` has passed (false).
 */
async function until(condition: () => boolean, deadlineMs: number): Promise<boolean> {
  const end = performance.now() + deadlineMs;
  while (!condition()) {
    if (performance.now() > end) return false;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return true;
}

/** The lines of a file written by a killed run: a last line cut off by the kill is no line. */
function wholeLines(path: string): Result[] {
  const text = existsSync(path) ? readFileSync(path, "utf8") : "";
  return text.split("\n").flatMap((line) => {
    try {
      const value = JSON.parse(line) as Result;
      return typeof value?.Username === "string" ? [value] : [];
    } catch {
      return [];
    }
  });
}

/** What the journal says: the users recorded in flight, and those with a result line (SENT, FAILED, UNKNOWN). */
function readJournal(path: string): { inFlight: Set<string>; resulted: Set<string> } {
  const inFlight = new Set<string>();
  const resulted = new Set<string>();
  for (const value of wholeLines(path)) {
    if (value.Status === "IN_FLIGHT") inFlight.add(String(value.Username));
    // An UNKNOWN result (no answer came, in the killed run itself) leaves the user unknown, as in flight.
    else if (["SENT", "FAILED"].includes(value.Status)) resulted.add(String(value.Username));
  }
  return { inFlight, resulted };
}

/** Users recorded in flight whose answer the journal lacks (no line, or UNKNOWN). */
const pendingIn = (journal: ReturnType<typeof readJournal>): string[] =>
  [...journal.inFlight].filter((user) => !journal.resulted.has(user)).sort();

/** Usernames of the lines with this status (and, for SKIPPED, this prior status). */
const named = (lines: Result[], status: string, prior?: string): string[] =>
  lines
    .filter((line) => line.Status === status && (prior === undefined || (line as { Prior?: string }).Prior === prior))
    .map((line) => String(line.Username))
    .sort();

test("--results survives a SIGKILL: the same command again sends everyone not yet sent once, and the users in flight at the kill are UNKNOWN, never sent twice", {
  timeout: 30_000,
}, async () => {
  const cognito: CognitoService = await startCognitoService({
    users: users(USERS),
    emailSendingAccount: "DEVELOPER",
    latencyMs: 250,
  });
  try {
    const dir = folder({ "users.txt": usersFile(USERS) });
    const journalPath = join(dir, "journal.jsonl");
    const command = [
      OUR_BIN,
      "--client-id",
      CLIENT_WITHOUT_SECRET,
      "--usernames-file",
      "users.txt",
      // A pace to start at (0 would start at 10 a second and find its pace in real seconds): with the
      // stand-in's latency and 8 at a time, requests are still in flight at the kill.
      "--max-rate",
      "100",
      "--concurrency",
      "8",
      "--results",
      "journal.jsonl",
      ...at(cognito),
    ];
    const again = (...extra: string[]) =>
      spawnCollect(process.execPath, [...command, ...extra], { cwd: dir, env: cleanEnv(dir) });

    // 1. The run, stdout to a file as `> first.jsonl` would, killed once KILL_AT codes have gone out.
    const out = openSync(join(dir, "first.jsonl"), "w");
    let child: ChildProcess;
    try {
      child = spawn(process.execPath, command, { cwd: dir, env: cleanEnv(dir), stdio: ["ignore", out, "pipe"] });
    } finally {
      closeSync(out);
    }
    let stderr = "";
    child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
    let ended = false;
    const closed = new Promise<NodeJS.Signals | null>((resolve, reject) => {
      child.on("error", reject);
      child.on("close", (_code, signal) => {
        ended = true;
        resolve(signal);
      });
    });
    // The kill comes between two requests: every user the journal has in flight
    // has reached the stand-in. (A user recorded in flight in the moment between
    // this check and the kill is UNKNOWN with no code sent: never twice; the
    // account below allows for it.)
    const reached = await until(
      () =>
        ended ||
        (cognito.succeeded(OP) >= KILL_AT &&
          pendingIn(readJournal(journalPath)).every((user) => cognito.countFor(user, OP) > 0)),
      20_000,
    );
    expect(ended, `the run ended by itself before it was killed: ${stderr}`).toBe(false);
    expect(reached, `fewer than ${KILL_AT} codes sent in time: ${stderr}`).toBe(true);
    child.kill("SIGKILL");
    expect(await closed).toBe("SIGKILL");

    // What the killed run left: whatever it had written of a request reaches the
    // stand-in even after the kill, so wait (briefly) for every request in flight.
    const journal = readJournal(journalPath);
    const pending = pendingIn(journal);
    await until(() => pending.every((user) => cognito.countFor(user, OP) > 0), 2_000);
    const sentBefore = new Set(everyone.filter((user) => cognito.sentTo(user) > 0));
    expect(sentBefore.size).toBeGreaterThanOrEqual(KILL_AT);
    expect(sentBefore.size).toBeLessThan(USERS);
    // Every code that went out was recorded in flight first.
    expect([...sentBefore].filter((user) => !journal.inFlight.has(user))).toEqual([]);
    const firstOut = wholeLines(join(dir, "first.jsonl"));

    // 2. The same command again, to the end.
    const second = await again();
    expect(second.exitCode, second.stderr).toBe(0);
    const lines = parse(second.stdout);
    // Exactly one line per user.
    expect(lines.map((line) => String(line.Username)).sort()).toEqual([...everyone].sort());
    const unknown = named(lines, "SKIPPED", "UNKNOWN");
    // The users in flight at the kill: their request reached the service, and the journal has no result for them.
    expect(unknown.length).toBeGreaterThan(0);
    const linesOf = (users: string[]): string =>
      readFileSync(journalPath, "utf8")
        .split("\n")
        .filter((line) => users.some((user) => line.includes(`"${user}"`)))
        .join("\n");
    const odd = [...unknown, ...pending].filter((user) => !unknown.includes(user) || !pending.includes(user));
    expect(unknown, `the journal's lines of ${odd.join(", ")}:\n${linesOf(odd)}`).toEqual(pending);
    // Every code that went out with no answer recorded is UNKNOWN. A user recorded in flight as the kill
    // came, before its request was written, is UNKNOWN too, with no code: never sent, and not sent now
    // (at most one a request slot, --concurrency 8).
    const codeless = unknown.filter((user) => !sentBefore.has(user));
    expect(unknown.filter((user) => sentBefore.has(user))).toEqual(
      [...sentBefore].filter((user) => !journal.resulted.has(user)).sort(),
    );
    expect(codeless.length).toBeLessThanOrEqual(8);
    expect(named(lines, "SKIPPED", "SENT")).toEqual([...journal.resulted].sort());
    expect(named(lines, "SENT")).toEqual(
      everyone.filter((user) => !sentBefore.has(user) && !codeless.includes(user)).sort(),
    );
    // No one got two codes; everyone got one, or is UNKNOWN.
    for (const user of everyone) {
      expect(cognito.sentTo(user), user).toBeLessThanOrEqual(1);
      if (!unknown.includes(user)) expect(cognito.sentTo(user), user).toBe(1);
    }
    // With this stand-in the code goes out when the request arrives: every UNKNOWN user whose request was
    // written did get one, so --retry-unknown would send each of them a second (which voids the first).
    const written = unknown.filter((user) => !codeless.includes(user));
    expect(written.length).toBeGreaterThan(0);
    expect(written.map((user) => cognito.sentTo(user))).toEqual(written.map(() => 1));

    // 3. Once more, without --retry-unknown: nothing at all is sent.
    const requests = cognito.count();
    const third = await again();
    expect(third.exitCode, third.stderr).toBe(0);
    expect(cognito.count()).toBe(requests);
    const thirdLines = parse(third.stdout);
    expect(thirdLines.map((line) => line.Status)).toEqual(Array(USERS).fill("SKIPPED"));
    expect(named(thirdLines, "SKIPPED", "UNKNOWN")).toEqual(unknown);
    // A user recorded in flight whose request was never written has still had no request at all.
    expect(codeless.map((user) => cognito.countFor(user, OP))).toEqual(codeless.map(() => 0));

    // Why the journal matters: a resume from the killed run's stdout alone (a dry
    // run, so nothing goes out) would send to every user in flight at the kill again.
    const withoutJournal = await spawnCollect(
      process.execPath,
      [
        OUR_BIN,
        "--client-id",
        CLIENT_WITHOUT_SECRET,
        "--usernames-file",
        "users.txt",
        "--resume",
        "first.jsonl",
        "--dry-run",
        ...at(cognito),
      ],
      { cwd: dir, env: cleanEnv(dir) },
    );
    expect(withoutJournal.exitCode, withoutJournal.stderr).toBe(0);
    expect(cognito.count()).toBe(requests);
    const wouldSend = named(parse(withoutJournal.stdout), "WOULD_SEND");
    expect(wouldSend).toEqual(expect.arrayContaining(unknown));
    expect(wouldSend).toEqual(everyone.filter((user) => !firstOut.some((line) => line.Username === user)).sort());
  } finally {
    await cognito.close();
  }
});
