// The forms of the usernames file (src/bulk/forms.ts): lines, CSV with a
// header row, and the JSON aws cognito-idp list-users prints; found from the
// content or named by --input-format; standard input on a terminal. Run in
// this process through main, with a fake service and no HTTP.
import { execFileSync } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { describe, expect, test } from "vitest";
import { USAGE } from "../src/common";
import { formOf, usernameColumn } from "../src/bulk/forms";
import type { ServiceFactory } from "../src/call";
import { main } from "../src/cli";
import { turns } from "./support/clock";
import { fakeCaller } from "./support/fake-caller";
import { folder, parse, type Result } from "./support/fixtures";
import { type RunOptions, recordingIo, runMain } from "./support/io";

const BASE = ["--client-id", "1example23456789", "--region", "us-east-1"];
/** How each refused input's one line of error begins. */
const PV = "resend-confirmation-code: [ERROR]: An error occurred (ParamValidation): ";
/** The whole of stderr for a file refused. */
const refusal = (message: string): string => `\n${PV}${message}\n`;

/** A service that sends every code, and what it was asked. */
function service() {
  const fake = fakeCaller(() => "sent");
  const factory: ServiceFactory = () => fake;
  return { factory, calls: fake.calls };
}

/** A run over `text` as users.FILE (or standard input, for `-`), sending through a fake service. */
async function run(text: string, args: string[] = [], options: Partial<RunOptions> & { file?: string } = {}) {
  const fake = service();
  const file = options.file ?? "users.in";
  const dir = options.cwd ?? folder(file === "-" ? {} : { [file]: text });
  const outcome = await runMain([...BASE, "--usernames-file", file, "--max-rate", "0", ...args], {
    cwd: dir,
    service: fake.factory,
    stdin: file === "-" ? text : undefined,
    ...options,
  });
  const lines = parse(outcome.stdout);
  return { ...outcome, lines, sent: [...fake.calls.keys()] };
}

/** What each result line says: [Username, Status, Line, Reason]. */
const rows = (lines: Result[]) =>
  lines.map((l) => [l.Username, l.Status, ...(l.Line === undefined ? [] : [l.Line]), ...(l.Reason ? [l.Reason] : [])]);

describe("the form, found from the first bytes", () => {
  const how = { format: "auto" as const, path: "f" };
  test.each([
    ["alice\nbob\n", "lines"],
    ["# users, to resend\nalice\n", "lines"],
    ['{"Username": "a", "ClientMetadata": {"k": "v"}}\n', "lines"],
    ["username\nalice\n", "csv"],
    ["\n\nEmail\na@example.com\n", "csv"],
    ["id,Cognito:Username,name\n1,alice,A\n", "csv"],
    ['"user name",email\n', "csv"],
    ['{"Users": []}', "list-users"],
    ['{\n  "Users": [\n', "list-users"],
    ['{ "PaginationToken": "x", "Users": [] }', "list-users"],
    ['{\n  "UserPool": {}\n}', "list-users"],
    ["", "lines"],
  ])("%j is %s", (head, form) => {
    expect(formOf(head, how)).toBe(form);
  });

  test("a first line with a comma that names no username column is refused, naming the way to read it as lines", () => {
    expect(() => formOf("user,mail\n", how)).toThrow(
      'Bad value for --usernames-file "f": the first line has a comma but is no CSV header naming a username column (cognito:username, username, email, in any case); --input-format lines reads each line as a username',
    );
  });

  test.each([
    [["username"], 0],
    [["EMAIL", "USERNAME"], 1],
    [["email", "Username", "cognito:username"], 2],
    [[" Email "], 0],
    [["name", "mail"], undefined],
  ])("the username column of %j is %s: a username over an email, cognito:username first", (cells, index) => {
    expect(usernameColumn(cells)?.index).toBe(index);
  });
});

describe("CSV", () => {
  test.each([
    ["username", "alice"],
    ["USERNAME", "alice"],
    ["Username", "alice"],
    ["cognito:username", "alice"],
    ["COGNITO:USERNAME", "alice"],
    ["email", "alice"],
    ["Email,Name", "alice"],
    ["name,email,username", "carol"],
    ["username,cognito:username", "bob"],
  ])("header %j: the user is %j", async (header, expected) => {
    const outcome = await run(`${header}\nalice,bob,carol\n`, ["--dry-run"]);
    expect(outcome.exitCode, outcome.stderr).toBe(0);
    expect(rows(outcome.lines)).toEqual([[expected, "WOULD_SEND"]]);
  });

  test("quoted fields as RFC 4180 says: a comma, a doubled quote, a newline inside quotes, CRLF; each record's line is where it starts", async () => {
    const text = ["email,username", 'x,"smith, john"', 'x,"say ""hi"""', 'x,"two', 'lines"', "x,last", ""].join("\r\n");
    const outcome = await run(text, [], { file: "users.csv" });
    expect(outcome.exitCode, outcome.stderr).toBe(0);
    expect(outcome.sent).toEqual(["smith, john", 'say "hi"', "two\r\nlines", "last"]);
    const skipped = await run(`${text}x,\r\n`, ["--dry-run"]);
    expect(rows(skipped.lines).at(-1)).toEqual([null, "SKIPPED", 7, "line 7: the username cell is empty"]);
  });

  test("empty and missing cells, and a record that is not CSV, are SKIPPED lines naming the record; the rest are sent", async () => {
    const text = ["id,Username", "1,alice", "2,", "3", "", "4,  ", '5,bad"quote', "6,bob", ""].join("\n");
    const outcome = await run(text);
    expect(outcome.exitCode, outcome.stderr).toBe(0);
    expect(outcome.sent).toEqual(["alice", "bob"]);
    expect(rows(outcome.lines)).toEqual([
      ["alice", "SENT"],
      [null, "SKIPPED", 3, "line 3: the Username cell is empty"],
      [null, "SKIPPED", 4, "line 4: no Username cell (the record has 1 cells)"],
      [null, "SKIPPED", 6, "line 6: the Username cell is empty"],
      [
        null,
        "SKIPPED",
        7,
        expect.stringMatching(
          /^line 7: not valid CSV \(Invalid Opening Quote: a quote is found on field 1, value is "bad"\)$/,
        ),
      ],
      ["bob", "SENT"],
    ]);
  });

  test("a byte-order mark and blank lines or # comments before the header are passed over; lines are counted from the file's start", async () => {
    const outcome = await run("\uFEFF# exported\n\nEmail\na@example.com\n", ["--dry-run"]);
    expect(outcome.exitCode, outcome.stderr).toBe(0);
    expect(rows(outcome.lines)).toEqual([["a@example.com", "WOULD_SEND"]]);
    const skipped = await run("\uFEFF# exported\n\nEmail\n\n\n", ["--dry-run", "--input-format", "csv"]);
    expect(rows(skipped.lines)).toEqual([]);
  });

  test("--input-format csv on a file whose header names no username column: one line naming the columns looked for and found, exit 252, nothing sent", async () => {
    const outcome = await run("user,mail\nalice,a@x\n", ["--input-format", "csv"]);
    expect(outcome.exitCode).toBe(252);
    expect(outcome.stdout).toBe("");
    expect(outcome.sent).toEqual([]);
    expect(outcome.stderr.trim()).toBe(
      'resend-confirmation-code: [ERROR]: An error occurred (ParamValidation): Bad value for --usernames-file "users.in": the CSV header names no username column (looked for cognito:username, username, email, in any case; found "user", "mail")',
    );
    const empty = await run("", ["--input-format", "csv"]);
    expect(empty.exitCode).toBe(252);
    expect(empty.stderr.trim()).toBe(
      `${PV}Bad value for --usernames-file "users.in": no CSV header (the file is empty)`,
    );
  });
});

const LISTING = `{
    "Users": [
        {
            "Username": "alice",
            "Attributes": [
                {
                    "Name": "email",
                    "Value": "alice@example.com"
                }
            ],
            "UserCreateDate": "2026-11-20T08:00:00.000000+00:00",
            "UserLastModifiedDate": "2026-11-20T08:00:00.000000+00:00",
            "Enabled": true,
            "UserStatus": "UNCONFIRMED"
        },
        {
            "Username": "bob",
            "Attributes": [],
            "Enabled": true,
            "UserStatus": "CONFIRMED"
        },
        {
            "Attributes": []
        },
        {
            "Username": "carol",
            "Enabled": false,
            "UserStatus": "UNCONFIRMED"
        },
        {
            "Username": "dave"
        }
    ],
    "PaginationToken": "CAISlAIIARKNAggDEocC"
}
`;

describe("the JSON aws cognito-idp list-users prints", () => {
  test("each user is read where its object starts; its status as listed skips whom the pool policy skips; a user without a Username is a SKIPPED line", async () => {
    const outcome = await run(LISTING, [], { file: "users.json" });
    expect(outcome.exitCode, outcome.stderr).toBe(0);
    expect(outcome.sent).toEqual(["alice", "dave"]);
    expect(rows(outcome.lines)).toEqual([
      ["alice", "SENT"],
      ["bob", "SKIPPED", 16, "already confirmed"],
      [null, "SKIPPED", 22, "line 22: a user with no Username (a string)"],
      ["carol", "SKIPPED", 25, "the user is disabled"],
      ["dave", "SENT"],
    ]);
  });

  test("one line, PaginationToken first, list-users-in-group's NextToken: all list-users JSON", async () => {
    const outcome = await run(
      '{"PaginationToken": "x", "Users": [{"Username": "a", "UserStatus": "UNCONFIRMED"}, {"Username": "b"}], "NextToken": "y"}',
      ["--dry-run"],
    );
    expect(outcome.exitCode, outcome.stderr).toBe(0);
    expect(rows(outcome.lines)).toEqual([
      ["a", "WOULD_SEND"],
      ["b", "WOULD_SEND"],
    ]);
  });

  test.each([
    ['{\n  "UserPool": {"Id": "x"}\n}\n', 'it has the key "UserPool" (list-users prints Users and PaginationToken)'],
    ['{"Users": {"Username": "a"}}', "its Users is not a list"],
    ['{"PaginationToken": "x"}', "it has no Users"],
    ["[1, 2]\n", "it is not an object"],
    ["alice\n", 'not valid JSON (Unexpected "a" at chunk position "0" (absolute position "0") in state BOM_OR_START)'],
    ['{"Users": [], "Users": [{"Username": "a"}]}', "it has Users twice"],
  ])("%j with --input-format list-users is refused before anything is sent: %s", async (text, why) => {
    const outcome = await run(text, ["--input-format", "list-users"]);
    expect(outcome.exitCode).toBe(252);
    expect(outcome.stdout).toBe("");
    expect(outcome.sent).toEqual([]);
    expect(outcome.stderr).toBe(
      refusal(`Bad value for --usernames-file "users.in": not the JSON aws cognito-idp list-users prints: ${why}`),
    );
  });

  test("JSON not list-users is found so from its content too: refused, exit 252", async () => {
    const outcome = await run('{\n  "UserPool": {"Id": "x"}\n}\n');
    expect(outcome.exitCode).toBe(252);
    expect(outcome.stderr).toBe(
      refusal(
        `Bad value for --usernames-file "users.in": not the JSON aws cognito-idp list-users prints: it has the key "UserPool" (list-users prints Users and PaginationToken)`,
      ),
    );
  });

  test("an export cut off part way: the users before the cut are sent, then the run stops naming where (exit 252)", async () => {
    const cut = LISTING.slice(0, LISTING.indexOf('"Attributes": []\n        },'));
    const outcome = await run(cut);
    expect(outcome.sent).toEqual(["alice"]);
    expect(outcome.exitCode).toBe(252);
    expect(outcome.stderr).toBe(
      `1 sent, 0 failed, 1 skipped; 2 users in 0.0 s (0 requests/s)\n${refusal(
        'Bad value for --usernames-file "users.in": after line 22: not valid JSON (Parser ended in mid-parsing (state: KEY). Either not all the data was received or the data was invalid.); nothing after it was read',
      )}`,
    );
  });
});

describe("--input-format", () => {
  test("lines reads a CSV file's lines as usernames; csv and list-users refuse a file of usernames", async () => {
    const lines = await run("user,mail\nalice,a@x\n", ["--input-format", "lines", "--dry-run"]);
    expect(rows(lines.lines)).toEqual([
      ["user,mail", "WOULD_SEND"],
      ["alice,a@x", "WOULD_SEND"],
    ]);
    const csv = await run("alice\nbob\n", ["--input-format", "csv"]);
    expect(csv.exitCode).toBe(252);
    expect(csv.stderr).toBe(
      refusal(
        `Bad value for --usernames-file "users.in": the CSV header names no username column (looked for cognito:username, username, email, in any case; found "alice")`,
      ),
    );
    const listing = await run("alice\nbob\n", ["--input-format", "list-users"]);
    expect(listing.exitCode).toBe(252);
    expect(listing.sent).toEqual([]);
  });

  test("auto: a first line with a comma that names no username column is refused, exit 252, nothing sent", async () => {
    const outcome = await run("user,mail\nalice,a@x\n");
    expect(outcome.exitCode).toBe(252);
    expect(outcome.sent).toEqual([]);
    expect(outcome.stderr).toBe(
      refusal(
        `Bad value for --usernames-file "users.in": the first line has a comma but is no CSV header naming a username column (cognito:username, username, email, in any case); --input-format lines reads each line as a username`,
      ),
    );
  });

  test("a choice it has not, and the option without --usernames-file, are usage errors", async () => {
    const bad = await run("alice\n", ["--input-format", "xml"]);
    expect(bad.exitCode).toBe(252);
    expect(bad.stderr).toBe(`\n${PV}argument --input-format: Found invalid choice 'xml'\n\n\n${USAGE}`);
    const single = await runMain([...BASE, "--username", "a", "--input-format", "csv"], { cwd: folder() });
    expect(single.exitCode).toBe(252);
    expect(single.stderr).toBe(`\n${PV}--input-format needs --usernames-file\n\n${USAGE}`);
  });

  test("standard input is read in every form: CSV and list-users from a pipe, with no word on stderr before", async () => {
    const csv = await run("Email\na@x\n", ["--dry-run"], { file: "-" });
    expect(rows(csv.lines)).toEqual([["a@x", "WOULD_SEND"]]);
    expect(csv.stderr).not.toContain("standard input");
    const listing = await run(LISTING, [], { file: "-" });
    expect(listing.sent).toEqual(["alice", "dave"]);
    const refused = await run("user,mail\n", [], { file: "-" });
    expect(refused.exitCode).toBe(252);
    expect(refused.stderr).toBe(
      refusal(
        'Bad value for --usernames-file "-": the first line has a comma but is no CSV header naming a username column (cognito:username, username, email, in any case); --input-format lines reads each line as a username',
      ),
    );
  });
});

describe("a pipe as the usernames file (<(command))", () => {
  test("it is read once, its form found as it is read: CSV sent whole; no form refused with no summary", async () => {
    const dir = folder();
    execFileSync("mkfifo", [join(dir, "users.pipe")]);
    const writer = writeFile(join(dir, "users.pipe"), "Email\na@x\nb@x\n");
    const outcome = await run("", [], { file: "users.pipe", cwd: dir });
    await writer;
    expect(outcome.exitCode, outcome.stderr).toBe(0);
    expect(outcome.sent).toEqual(["a@x", "b@x"]);
    execFileSync("mkfifo", [join(dir, "bad.pipe")]);
    const bad = writeFile(join(dir, "bad.pipe"), "user,mail\n");
    const refused = await run("", [], { file: "bad.pipe", cwd: dir });
    await bad;
    expect(refused.exitCode).toBe(252);
    expect(refused.stderr).toBe(
      refusal(
        'Bad value for --usernames-file "bad.pipe": the first line has a comma but is no CSV header naming a username column (cognito:username, username, email, in any case); --input-format lines reads each line as a username',
      ),
    );
  });
});

describe("standard input on a terminal", () => {
  /** A run reading a terminal that is never ended, with what it printed so far. */
  function onTerminal(args: string[] = []) {
    const stdin = new Readable({ read: () => undefined });
    const io = recordingIo({ cwd: folder(), stdin, service: service().factory });
    (io as { stdinIsTTY: boolean }).stdinIsTTY = true;
    const exit = main([...BASE, "--usernames-file", "-", ...args], io);
    return { io, stdin, exit };
  }

  test("one line says how to end it, then the first Ctrl-C while it waits stops the run as an interrupted run: summary, exit 130", async () => {
    const { io, stdin, exit } = onTerminal();
    await turns(20);
    expect(io.err).toBe("reading usernames from standard input; end with Ctrl-D\n");
    expect(io.interrupt()).toBe(true);
    expect(await exit).toBe(130);
    expect(io.err).toBe(
      "reading usernames from standard input; end with Ctrl-D\ninterrupted: 0 sent, 0 failed, 0 skipped; 0 users in 0.0 s (0 requests/s)\n",
    );
    expect(io.out).toBe("");
    expect(stdin.destroyed).toBe(true);
  });

  test("users typed are sent as they come; a Ctrl-C waiting for the next stops the run with their lines and the summary", async () => {
    const { io, stdin, exit } = onTerminal();
    stdin.push("alice\n");
    await turns(20);
    stdin.push("bob\n");
    await turns(20);
    expect(parse(io.out).map((line) => [line.Username, line.Status])).toEqual([
      ["alice", "SENT"],
      ["bob", "SENT"],
    ]);
    io.interrupt();
    expect(await exit).toBe(130);
    expect(io.err).toBe(
      "reading usernames from standard input; end with Ctrl-D\ninterrupted: 2 sent, 0 failed, 0 skipped; 2 users in 0.1 s (20 requests/s)\n",
    );
  });

  test("a CSV header typed, then a Ctrl-C waiting for the first record; Ctrl-D (the end) finishes the run", async () => {
    const waiting = onTerminal(["--input-format", "csv"]);
    waiting.stdin.push("username\n");
    await turns(20);
    waiting.io.interrupt();
    expect(await waiting.exit).toBe(130);
    const ended = onTerminal();
    ended.stdin.push("alice\n");
    ended.stdin.push(null);
    expect(await ended.exit).toBe(0);
    expect(parse(ended.io.out).map((line) => line.Username)).toEqual(["alice"]);
  });
});
