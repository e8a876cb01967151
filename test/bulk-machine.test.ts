// The machine that carries out a bulk run's policy, with a fake caller (no
// HTTP, no SDK) and a fake clock: how many requests are in flight, what a
// stop lets finish, what the --results journal holds before each request is
// made, and what a resume reads back.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { runBulk } from "../src/bulk";
import { readResults } from "../src/bulk/results";
import { createSink } from "../src/bulk/sink";
import type { BulkSettings } from "../src/bulk/settings";
import { secretHash } from "../src/call";
import { validateRequest } from "../src/input";
import { fakeClock } from "./support/clock";
import { type Scripted, fakeCaller } from "./support/fake-caller";
import { folder, parse, RESUME_TAIL, withoutSummary } from "./support/fixtures";
import { recordingIo } from "./support/io";

const settings = (over: Partial<BulkSettings> = {}): BulkSettings => ({
  usernamesFile: "users.txt",
  inputFormat: "auto",
  maxRate: 0,
  concurrency: 4,
  resume: [],
  retryFailed: false,
  retryUnknown: false,
  caseSensitiveUsernames: false,
  dryRun: false,
  maxAttempts: 3,
  ...over,
});

const names = (n: number): string[] => Array.from({ length: n }, (_, i) => `user-${i + 1}`);

/** A run over `users` with the caller `script` gives, in `dir`. */
async function run(
  users: string[],
  script: (username: string, attempt: number) => Scripted,
  over: Partial<BulkSettings> = {},
  dir = folder(),
  delay?: () => Promise<void>,
) {
  writeFileSync(join(dir, "users.txt"), users.map((u) => `${u}\n`).join(""));
  const io = recordingIo({ cwd: dir });
  const caller = fakeCaller(script, delay);
  const clock = fakeClock();
  const exitCode = await runBulk({
    base: { ClientId: "client1" },
    settings: settings(over),
    caller,
    io,
    validate: validateRequest,
    secretHash,
    clock,
    random: () => 0.5,
  });
  return { exitCode, lines: parse(io.out), stderr: io.err, caller, dir, io };
}

describe("the machine, with a fake caller", () => {
  test("never more than --concurrency requests at once", async () => {
    // Each request is answered a turn of the event loop after it is made: the run fills every slot first.
    const result = await run(
      names(20),
      () => "sent",
      { concurrency: 3 },
      folder(),
      () => new Promise((r) => setImmediate(r)),
    );
    expect(result.caller.mostInFlight).toBe(3);
    expect(result.lines.map((l) => l.Status)).toEqual(Array(20).fill("SENT"));
  });

  test("a stop: nothing new is sent, what is in flight finishes with its line, the user that stopped it has none", async () => {
    const result = await run(
      names(10),
      (u) =>
        u === "user-4"
          ? { error: "ResourceNotFoundException", message: "User pool client client1 does not exist." }
          : "sent",
      { concurrency: 1 },
    );
    expect(result.exitCode).toBe(254);
    expect(result.lines.map((l) => [l.Username, l.Status])).toEqual([
      ["user-1", "SENT"],
      ["user-2", "SENT"],
      ["user-3", "SENT"],
    ]);
    expect([...result.caller.calls.keys()]).toEqual(["user-1", "user-2", "user-3", "user-4"]);
    expect(result.stderr).toMatch(/^stopped: 3 sent, 0 failed, 0 skipped; 3 users in/m);
    expect(withoutSummary(result.stderr)).toBe(
      `Stopped sending: ResourceNotFoundException (User pool client client1 does not exist.): the app client (or the user pool) does not exist. Check --client-id, --region and --endpoint-url; ${RESUME_TAIL}\n`,
    );
  });

  test("no answer: an UNKNOWN line, never sent again; exit 255", async () => {
    const result = await run(["a", "b"], (u) => (u === "a" ? "unknown" : "sent"));
    expect(result.exitCode).toBe(255);
    expect(result.caller.calls.get("a")).toBe(1);
    const a = result.lines.find((l) => l.Username === "a");
    expect(a).toMatchObject({ Status: "UNKNOWN", Error: { Code: "ReadTimeoutError" } });
    expect(result.stderr).toContain(
      "1 user's request got no answer (UNKNOWN): the service may have sent it a code, so it was not sent again.",
    );
  });

  test("an endpoint that answers no one: ten UNKNOWN lines, then the run stops", async () => {
    const result = await run(names(30), () => "unknown", { concurrency: 1 });
    expect(result.lines.map((l) => l.Status)).toEqual(Array(10).fill("UNKNOWN"));
    expect(result.caller.calls.size).toBe(10);
    expect(result.exitCode).toBe(254);
    expect(result.stderr).toMatch(/^stopped: 0 sent, 0 failed, 10 unknown, 0 skipped; 10 users in/);
    expect(withoutSummary(result.stderr)).toBe(
      `10 users' requests got no answer (UNKNOWN): the service may have sent them a code, so they were not sent again. Check before sending more: each new code voids the last. --resume RESULTS --retry-unknown sends to them again.\nStopped sending: ReadTimeoutError (Read timeout on endpoint URL: "x"): the last 10 users in a row failed with it, so every user fails the same way. Find what the error means for the user pool, and put it right; ${RESUME_TAIL}\n`,
    );
  });

  test("no connection is tried again (it never reached the service), then stops the run", async () => {
    const result = await run(["a", "b", "c"], () => "refused", { concurrency: 1 });
    expect(result.caller.calls.get("a")).toBe(3);
    expect(result.caller.calls.has("b")).toBe(false);
    expect(result.lines).toEqual([]);
    expect(result.exitCode).toBe(254);
  });

  test("throttled, then sent: tried again after a wait, one line", async () => {
    const result = await run(["a"], (_u, attempt) =>
      attempt < 3 ? { error: "TooManyRequestsException", message: "Rate exceeded", throttled: true } : "sent",
    );
    expect(result.caller.calls.get("a")).toBe(3);
    expect(result.lines.map((l) => l.Status)).toEqual(["SENT"]);
  });
});

describe("the --results journal", () => {
  test("each user is on record, in flight, before its request is made; then its result line", async () => {
    const dir = folder();
    const journal = join(dir, "journal.jsonl");
    const seenBefore: string[] = [];
    writeFileSync(join(dir, "users.txt"), "a\nb\n");
    const io = recordingIo({ cwd: dir });
    const caller = fakeCaller(() => "sent");
    caller.onCall = (username) => {
      const last = readFileSync(journal, "utf8").trim().split("\n").at(-1) ?? "";
      seenBefore.push(`${username}: ${JSON.parse(last).Status}`);
    };
    const exitCode = await runBulk({
      base: { ClientId: "c1" },
      settings: settings({ results: "journal.jsonl", concurrency: 1 }),
      caller,
      io,
      validate: validateRequest,
      secretHash,
      clock: fakeClock(),
    });
    expect(exitCode).toBe(0);
    expect(seenBefore).toEqual(["a: IN_FLIGHT", "b: IN_FLIGHT"]);
    expect(parse(readFileSync(journal, "utf8")).map((l) => `${l.Username} ${l.Status}`)).toEqual([
      "a IN_FLIGHT",
      "a SENT",
      "b IN_FLIGHT",
      "b SENT",
    ]);
    // stdout has one line per user, never the journal's in-flight lines.
    expect(parse(io.out).map((l) => l.Status)).toEqual(["SENT", "SENT"]);
  });

  test("the same command again carries on: a user left in flight is UNKNOWN, one with a result is skipped, the rest are sent", async () => {
    const dir = folder({
      "journal.jsonl": [
        '{"Username":"a","ClientId":"client1","Status":"IN_FLIGHT","Action":"ResendConfirmationCode"}',
        '{"Username":"a","ClientId":"client1","Status":"SENT"}',
        '{"Username":"b","ClientId":"client1","Status":"IN_FLIGHT","Action":"ResendConfirmationCode"}',
        "",
      ].join("\n"),
    });
    const result = await run(["a", "b", "c"], () => "sent", { results: "journal.jsonl" }, dir);
    expect(result.lines.map((l) => [l.Username, l.Status, (l as { Prior?: string }).Prior])).toEqual([
      ["a", "SKIPPED", "SENT"],
      ["b", "SKIPPED", "UNKNOWN"],
      ["c", "SENT", undefined],
    ]);
    expect([...result.caller.calls.keys()]).toEqual(["c"]);
    expect(result.stderr).toContain(
      "1 user was left UNKNOWN by an earlier run (no answer came, or the run was killed with its request in flight): the service may have sent it a code, so it was not sent again.",
    );
  });

  test("a stop on the pool's failure leaves the user that met it free for a resume: its in-flight record is answered", async () => {
    const dir = folder();
    const first = await run(
      ["a", "b"],
      (u) => (u === "a" ? { error: "ResourceNotFoundException" } : "sent"),
      { results: "journal.jsonl", concurrency: 1 },
      dir,
    );
    expect(first.exitCode).toBe(254);
    const again = await run(["a", "b"], () => "sent", { results: "journal.jsonl", concurrency: 1 }, dir);
    expect(again.lines.map((l) => l.Status)).toEqual(["SENT", "SENT"]);
    expect(again.caller.calls.get("a")).toBe(1);
  });

  test("a journal that is not a regular file is refused before anything is sent", async () => {
    await expect(run(["a"], () => "sent", { results: "/dev/full" })).rejects.toThrow(
      'Bad value for --results "/dev/full": not a regular file',
    );
  });

  test("a journal that cannot be written: the user is not sent, and the run stops", () => {
    const io = recordingIo({ cwd: folder() });
    let stopped = false;
    const sink = createSink({
      io,
      clientId: "c1",
      poolId: undefined,
      journal: {
        inFlight: () => {
          throw Object.assign(new Error("ENOSPC"), { code: "ENOSPC", syscall: "write" });
        },
        result: () => undefined,
        close: () => undefined,
      },
      clock: fakeClock(),
      dryRun: false,
      onFailure: () => {
        stopped = true;
      },
    });
    expect(sink.inFlight("a", "ResendConfirmationCode")).toBe(false);
    expect(stopped).toBe(true);
    sink.finish("stopped");
    expect(io.err).toContain("Stopped sending: the --results file could not be written (No space left on device).");
  });
});

describe("a resume reads every results file together", () => {
  test("SENT, FAILED and UNKNOWN from two files, and the SKIPPED lines of a resumed run", async () => {
    const dir = folder({
      "run1.jsonl":
        '{"Username":"a","ClientId":"client1","Status":"SENT"}\n{"Username":"b","ClientId":"client1","Status":"FAILED","Error":{"Code":"X"}}\n',
      "run2.jsonl":
        '{"Username":"c","ClientId":"client1","Status":"UNKNOWN"}\n{"Username":"A","ClientId":"client1","Status":"SKIPPED","Reason":"already sent (in the --resume file)"}\n{"Username":"d","ClientId":"client1","Status":"SKIPPED","Prior":"SENT","Reason":"already sent"}\n',
    });
    const result = await run(["a", "b", "c", "d", "e"], () => "sent", { resume: ["run1.jsonl", "run2.jsonl"] }, dir);
    expect(result.lines.map((l) => [l.Username, l.Status])).toEqual([
      ["a", "SKIPPED"],
      ["b", "SKIPPED"],
      ["c", "SKIPPED"],
      ["d", "SKIPPED"],
      ["e", "SENT"],
    ]);
    const retried = await run(
      ["a", "b", "c", "d", "e"],
      () => "sent",
      { resume: ["run1.jsonl", "run2.jsonl"], retryFailed: true, retryUnknown: true },
      dir,
    );
    expect([...retried.caller.calls.keys()]).toEqual(["b", "c", "e"]);
  });
});

describe("what a person's lines in earlier results come to", () => {
  const line = (Status: string, extra: Record<string, unknown> = {}) =>
    JSON.stringify({ Username: "jane", ClientId: "c1", Status, ...extra });
  const failed = (code: string) => line("FAILED", { Error: { Code: code } });
  test.each([
    ["SENT, whatever comes after", [line("SENT"), failed("X"), line("UNKNOWN")], { status: "SENT" }],
    ["UNKNOWN over a later FAILED", [line("UNKNOWN"), failed("X")], { status: "UNKNOWN" }],
    ["left in flight: UNKNOWN", [line("IN_FLIGHT")], { status: "UNKNOWN" }],
    ["in flight, then answered", [line("IN_FLIGHT"), failed("X")], { status: "FAILED", code: "X" }],
    ["in flight, then nothing went out: as if never sent", [line("IN_FLIGHT"), line("NOT_SENT")], undefined],
    ["FAILED, a retry in flight: UNKNOWN", [failed("X"), line("IN_FLIGHT")], { status: "UNKNOWN" }],
    [
      "FAILED, a retry that sent nothing: still FAILED",
      [failed("X"), line("IN_FLIGHT"), line("NOT_SENT")],
      { status: "FAILED", code: "X" },
    ],
    [
      "FAILED, a retry answered otherwise: the new answer",
      [failed("X"), line("IN_FLIGHT"), failed("Y")],
      { status: "FAILED", code: "Y" },
    ],
    [
      "a SKIPPED line that says what it skipped",
      [line("SKIPPED", { Prior: "FAILED", PriorError: "Z" })],
      { status: "FAILED", code: "Z" },
    ],
    [
      "a SKIPPED line of an older run, by its reason",
      [line("SKIPPED", { Reason: "already sent (in the --resume file)" })],
      { status: "SENT" },
    ],
    ["a line cut off by a kill", ['{"Username":"jane","Cli'], undefined],
    [
      "an old FAILED after another file left the person in flight: UNKNOWN still",
      ["@2", failed("X")],
      { status: "UNKNOWN" },
    ],
  ])("%s", async (_name, lines, expected) => {
    // "@2": the lines after it are a second file, read after the first (a journal left in flight, then an older run).
    const split = lines.indexOf("@2");
    const first = split === -1 ? lines : [line("IN_FLIGHT")];
    const second = split === -1 ? [] : lines.slice(split + 1);
    const dir = folder({ "r.jsonl": `${first.join("\n")}\n`, "s.jsonl": `${second.join("\n")}\n` });
    const files = [
      { path: "r.jsonl", flag: "--resume" },
      ...(split === -1 ? [] : [{ path: "s.jsonl", flag: "--resume" }]),
    ];
    const results = await readResults(files, (name) => name, { cwd: dir, env: {} });
    expect(results.get("jane")).toEqual(expected);
  });
});
