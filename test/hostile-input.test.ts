// Hostile input costs no more than its size: the command, in this process, on
// inputs made here (many unknown keys, a YAML alias bomb, a 50 MB line, a
// 10 MB value, deep nesting, files that cannot be read, numbers and secrets
// the AWS CLI would refuse). Each run is checked for its message and exit
// code, and against a generous bound of time. (Peak memory, which needs a
// process of its own: test/smoke/memory.test.ts.)
import { existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { aliasBomb } from "./support/fixtures";
import { runMain } from "./support/io";

const dir = mkdtempSync(join(tmpdir(), "rcc-hostile-"));
const file = (name: string, content: string | Buffer): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
// Nothing is sent: every case stops before the call (a closed port if not).
const BASE = ["--region", "us-east-1", "--endpoint-url", "http://127.0.0.1:9"];

interface Measured {
  exitCode: number;
  stdout: string;
  stderr: string;
  seconds: number;
}

/** Runs the command and times it. */
async function measure(args: string[], extraEnv: Record<string, string> = {}): Promise<Measured> {
  const started = process.hrtime.bigint();
  const run = await runMain([...BASE, ...args], { cwd: dir, env: extraEnv });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { exitCode: run.exitCode, stdout: run.stdout, stderr: run.stderr, seconds };
}

const PREFIX = "resend-confirmation-code: [ERROR]: ";

/**
 * The message of the error a run ended with, checked to be in the AWS CLI's
 * form: the program's name, and for a usage or parameter error (252) its code.
 */
function errorMessage(run: Measured): string {
  const text = run.stderr.trim();
  const head = PREFIX + (run.exitCode === 252 ? "An error occurred (ParamValidation): " : "");
  expect(text.startsWith(head), text).toBe(true);
  return text.slice(head.length);
}

/** A generous bound: a quadratic step would pass it by far. */
function withinBounds(run: Measured): void {
  expect(run.seconds).toBeLessThan(15);
}

const lines = (text: string): string[] => text.split("\n").filter((line) => line !== "");
const keys = (n: number): Record<string, string> =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, "v"]));

describe("many unknown members: every one reported, in the order given, in linear time", () => {
  test.concurrent("20,000 unknown keys in --user-context-data", async () => {
    const path = file("ucd.json", JSON.stringify({ ...keys(20_000), IpAddress: "1.2.3.4" }));
    const run = await measure(["--client-id", "c", "--username", "u", "--user-context-data", `file://${path}`]);
    expect(run.exitCode).toBe(252);
    const reported = lines(run.stderr);
    expect(reported[0]).toBe(`${PREFIX}An error occurred (ParamValidation): Parameter validation failed:`);
    expect(reported.length).toBe(20_001);
    expect(reported[1]).toBe('Unknown parameter in UserContextData: "k0", must be one of: IpAddress, EncodedData');
    expect(reported[20_000]).toBe(
      'Unknown parameter in UserContextData: "k19999", must be one of: IpAddress, EncodedData',
    );
    withinBounds(run);
  });

  test.concurrent("20,000 unknown keys in --cli-input-json, after the missing ones", async () => {
    const path = file("cij.json", JSON.stringify({ ClientId: "c", ...keys(20_000) }));
    const run = await measure(["--cli-input-json", `file://${path}`]);
    expect(run.exitCode).toBe(252);
    const reported = lines(run.stderr);
    expect(reported.slice(0, 3)).toEqual([
      `${PREFIX}An error occurred (ParamValidation): Parameter validation failed:`,
      'Missing required parameter in input: "Username"',
      'Unknown parameter in input: "k0", must be one of: ClientId, SecretHash, UserContextData, Username, AnalyticsMetadata, ClientMetadata',
    ]);
    expect(reported.length).toBe(20_002);
    expect(reported[20_001]).toMatch(/^Unknown parameter in input: "k19999", /);
    withinBounds(run);
  });
});

describe("YAML aliases are expanded within a bound", () => {
  test.concurrent("an alias bomb is refused, naming --cli-input-yaml", async () => {
    const path = file("bomb.yaml", aliasBomb());
    const run = await measure(["--cli-input-yaml", `file://${path}`]);
    expect([run.exitCode, errorMessage(run)]).toEqual([
      252,
      "Error parsing parameter '--cli-input-yaml': its aliases expand to more than 1,000,000 nodes and characters",
    ]);
    withinBounds(run);
  });

  test.concurrent("an alias to the node that holds it is refused", async () => {
    const run = await measure(["--cli-input-yaml", "ClientId: c\nUsername: u\nClientMetadata: &m {k: *m}\n"]);
    expect([run.exitCode, errorMessage(run)]).toEqual([
      252,
      "Error parsing parameter '--cli-input-yaml': an alias stands for a node that holds it, which would expand without end",
    ]);
  });

  test.concurrent("aliases within the bound are read as before", async () => {
    const run = await measure([
      "--cli-input-yaml",
      "ClientId: &c c\nUsername: *c\nClientMetadata: {a: &v x, b: *v}\n",
      "--generate-cli-skeleton",
      "output",
    ]);
    expect([run.exitCode, run.stderr]).toEqual([0, ""]);
  });
});

describe("a line of 50 MB costs no more than a short one", () => {
  const long = "u".repeat(50 * 1024 * 1024);

  test.concurrent("in a usernames file: a SKIPPED line with its number; the lines around it are read", async () => {
    const users = file("users-long.txt", `alice\r\n${long}\r\nbob`);
    const run = await measure(["--client-id", "c", "--usernames-file", users, "--dry-run"]);
    expect(run.exitCode).toBe(0);
    const results = lines(run.stdout).map((line) => JSON.parse(line));
    expect(results.map((r) => [r.Username, r.Status])).toEqual([
      ["alice", "WOULD_SEND"],
      [null, "SKIPPED"],
      ["bob", "WOULD_SEND"],
    ]);
    expect(results[1]).toMatchObject({ Reason: "line 2: too long (more than 65536 bytes)", Line: 2 });
    withinBounds(run);
  });

  test.concurrent("in a resume file: passed over", async () => {
    const users = file("users-ab.txt", "alice\nbob\n");
    const resume = file(
      "resume-long.jsonl",
      `{"Username":"alice","Status":"SENT"}\n${long}\n{"Username":"bob","Status":"SENT"}`,
    );
    const run = await measure(["--client-id", "c", "--usernames-file", users, "--resume", resume, "--dry-run"]);
    expect(run.exitCode).toBe(0);
    expect(lines(run.stdout).map((line) => JSON.parse(line).Status)).toEqual(["SKIPPED", "SKIPPED"]);
    withinBounds(run);
  });
});

describe("a 10 MB value echoed in a message costs a small multiple of its size", () => {
  const big = "x".repeat(10 * 1024 * 1024);

  test.concurrent("as a list where a string is wanted", async () => {
    const path = file("big-list.json", JSON.stringify({ IpAddress: [big] }));
    const run = await measure(["--client-id", "c", "--username", "u", "--user-context-data", `file://${path}`]);
    expect(run.exitCode).toBe(252);
    expect(run.stderr).toContain(
      `Invalid type for parameter UserContextData.IpAddress, value: ['${big}'], type: <class 'list'>, valid types: <class 'str'>`,
    );
    withinBounds(run);
  });

  test.concurrent("in JSON that does not parse", async () => {
    const text = `{"IpAddress": "${big}",}`;
    const path = file("big-bad.json", text);
    const run = await measure(["--client-id", "c", "--username", "u", "--user-context-data", `file://${path}`]);
    expect(run.exitCode).toBe(252);
    expect(run.stderr).toBe(
      `\n${PREFIX}An error occurred (ParamValidation): Error parsing parameter '--user-context-data': Invalid JSON: Expecting property name enclosed in double quotes: line 1 column ${text.length} (char ${text.length - 1})\nJSON received: ${text}\n`,
    );
    withinBounds(run);
  });
});

describe("nesting too deep says so and names the parameter", () => {
  const deep = 100_000;
  // Given as files: an argument of this size is more than exec() takes.
  test.concurrent.each([
    ["JSON in a parameter", "--client-metadata", `{"a":${"[".repeat(deep)}${"]".repeat(deep)}}`],
    ["shorthand in a parameter", "--client-metadata", `a=${"{b=".repeat(deep)}c${"}".repeat(deep)}`],
    [
      "--cli-input-json",
      "--cli-input-json",
      `{"ClientId":"c","Username":"u","x":${'{"a":'.repeat(deep)}1${"}".repeat(deep)}}`,
    ],
    ["--cli-input-yaml", "--cli-input-yaml", `ClientId: c\nUsername: u\nx: ${"[".repeat(deep)}${"]".repeat(deep)}\n`],
  ])("%s", async (name, flag, text) => {
    const value = `file://${file(`deep-${name.replace(/\W/g, "")}.txt`, text)}`;
    const args = flag.startsWith("--cli-input") ? [flag, value] : ["--client-id", "c", "--username", "u", flag, value];
    const run = await measure(args);
    expect([run.exitCode, errorMessage(run)]).toEqual([
      252,
      `Error parsing parameter '${flag}': nesting too deep (more than 1000 levels)`,
    ]);
    withinBounds(run);
  });

  test.concurrent("1000 levels are read, and the message that prints them does not overflow", async () => {
    const run = await measure([
      "--client-id",
      "c",
      "--username",
      "u",
      "--user-context-data",
      `{"IpAddress":${"[".repeat(999)}${"]".repeat(999)}}`,
    ]);
    expect(run.exitCode).toBe(252);
    expect(run.stderr).toContain(
      `Invalid type for parameter UserContextData.IpAddress, value: ${"[".repeat(999)}${"]".repeat(999)}, type: <class 'list'>`,
    );
  });

  test.concurrent("in a usernames file: a SKIPPED line", async () => {
    // 30,000 levels: deep, and within a line's 64 KiB.
    const users = file(
      "users-deep.txt",
      `{"Username":"u","ClientMetadata":{"k":${"[".repeat(30_000)}${"]".repeat(30_000)}}}\n`,
    );
    const run = await measure(["--client-id", "c", "--usernames-file", users, "--dry-run"]);
    expect(JSON.parse(lines(run.stdout)[0])).toEqual({
      Username: null,
      ClientId: "c",
      Status: "SKIPPED",
      Reason: "line 1: nesting too deep (more than 1000 levels)",
      Line: 1,
    });
  });
});

describe("a deep or long --query is read at the cost of its size, nothing sent", () => {
  const deep = 100_000;
  test.concurrent.each([
    ["parentheses", `${"(".repeat(deep)}a${")".repeat(deep)}`],
    ["negations", `${"!".repeat(deep)}a`],
    ["a literal", `\`${"[".repeat(deep)}${"]".repeat(deep)}\``],
    ["function calls", `${"length(".repeat(deep)}@${")".repeat(deep)}`],
    ["pipes, which nest to the left", `${"a|".repeat(deep)}a`],
  ])("%s nested 100,000 deep: 252, nesting too deep", async (_name, query) => {
    const run = await measure(["--client-id", "c", "--username", "u", "--query", query]);
    expect([run.exitCode, errorMessage(run)]).toEqual([
      252,
      `Bad value for --query ${query}: nesting too deep (more than 1000 levels)`,
    ]);
    withinBounds(run);
  });

  test.concurrent("a query of 1 MB with 300,000 steps is read, and the call made", async () => {
    const run = await measure(["--client-id", "c", "--username", "u", "--query", `${"a.".repeat(300_000)}a`]);
    expect(run.exitCode).toBe(255);
    expect(errorMessage(run)).toContain("Could not connect to the endpoint URL");
    withinBounds(run);
  });
});

describe("a file that cannot be read is named, with the reason in words, exit 252", () => {
  const folder = join(dir, "a-folder");
  mkdirSync(folder, { recursive: true });
  const loop = join(dir, "loop");
  if (!existsSync(loop)) symlinkSync(loop, loop);
  const notDir = `${file("plain.txt", "x\n")}/below`;

  test.concurrent.each([
    ["a folder", folder, "is a directory"],
    ["a path through a file", notDir, "not a directory"],
    ["a symlink loop", loop, "too many levels of symbolic links"],
  ])("%s, as --usernames-file and --resume", async (_name, path, reason) => {
    const users = file("users-one.txt", "alice\n");
    const asUsers = await measure(["--client-id", "c", "--usernames-file", path, "--dry-run"]);
    expect([asUsers.exitCode, errorMessage(asUsers)]).toEqual([
      252,
      `Bad value for --usernames-file "${path}": ${reason}`,
    ]);
    const asResume = await measure(["--client-id", "c", "--usernames-file", users, "--resume", path, "--dry-run"]);
    expect([asResume.exitCode, errorMessage(asResume)]).toEqual([252, `Bad value for --resume "${path}": ${reason}`]);
  });

  test.concurrent("a unix socket", async () => {
    const socket = join(mkdtempSync(join(tmpdir(), "rcc-sock-")), "s");
    const server = createServer();
    await new Promise<void>((done) => server.listen(socket, done));
    try {
      const run = await measure(["--client-id", "c", "--usernames-file", socket, "--dry-run"]);
      expect([run.exitCode, errorMessage(run)]).toEqual([
        252,
        `Bad value for --usernames-file "${socket}": no such device or address`,
      ]);
      const param = await measure(["--client-id", `file://${socket}`, "--username", "u"]);
      expect([param.exitCode, errorMessage(param)]).toEqual([
        252,
        `Error parsing parameter '--client-id': Unable to load paramfile file://${socket}: [Errno 6] No such device or address: '${socket}'`,
      ]);
    } finally {
      server.close();
    }
  });

  test.concurrent("a paramfile through a symlink loop, in Python's words", async () => {
    const run = await measure(["--client-id", `file://${loop}`, "--username", "u"]);
    expect([run.exitCode, errorMessage(run)]).toEqual([
      252,
      `Error parsing parameter '--client-id': Unable to load paramfile file://${loop}: [Errno 40] Too many levels of symbolic links: '${loop}'`,
    ]);
  });
});

describe("numbers as the AWS CLI reads them", () => {
  test.concurrent.each([
    ["1e9", "invalid literal for int() with base 10: '1e9'"],
    ["0x10", "invalid literal for int() with base 10: '0x10'"],
    ["2.0", "invalid literal for int() with base 10: '2.0'"],
    ["0", 'Value provided to "max_attempts": 0 must be an integer greater than or equal to one.'],
    [" -3 ", 'Value provided to "max_attempts": -3 must be an integer greater than or equal to one.'],
  ])("AWS_MAX_ATTEMPTS=%j is refused before anything is sent", async (value, message) => {
    const run = await measure(["--client-id", "c", "--username", "u"], { AWS_MAX_ATTEMPTS: value });
    expect([run.exitCode, errorMessage(run)]).toEqual([255, message]);
  });

  test.concurrent.each([
    ["--max-rate", "0x10", "argument --max-rate: '0x10' is not a plain decimal number (write 16)"],
    ["--max-rate", "1e3", "argument --max-rate: '1e3' is not a plain decimal number (write 1000)"],
    ["--max-rate", " 5", "argument --max-rate: ' 5' is not a plain decimal number (write 5)"],
    [
      "--max-rate",
      "0.000000001",
      "argument --max-rate: expected 0 (no limit) or at least 0.001 requests a second, got '0.000000001'",
    ],
    ["--concurrency", "0x10", "argument --concurrency: '0x10' is not a plain whole number (write 16)"],
    ["--concurrency", "1e3", "argument --concurrency: '1e3' is not a plain whole number (write 1000)"],
    [
      "--concurrency",
      "99999999999999999999",
      "argument --concurrency: expected a whole number of at least 1, got '99999999999999999999'",
    ],
  ])("%s %j is a usage error", async (flag, value, message) => {
    const users = file("users-n.txt", "alice\n");
    const run = await measure(["--client-id", "c", "--usernames-file", users, "--dry-run", flag, value]);
    expect(run.exitCode).toBe(252);
    expect(run.stderr).toContain(`${PREFIX}An error occurred (ParamValidation): ${message}\n`);
  });

  test.concurrent("plain decimals are taken: --max-rate 0.5 and .5, --concurrency 007", async () => {
    const users = file("users-ok.txt", "alice\n");
    for (const args of [
      ["--max-rate", "0.5"],
      ["--max-rate", ".5"],
      ["--max-rate", "0.001"],
      ["--concurrency", "007"],
    ]) {
      const run = await measure(["--client-id", "c", "--usernames-file", users, "--dry-run", ...args]);
      expect(run.exitCode, args.join(" ")).toBe(0);
    }
  });
});

describe("an empty client secret is a usage error, nothing sent", () => {
  test.concurrent.each([
    ["inline", ["--client-secret", ""], "Bad value for --client-secret: the secret is empty"],
    [
      "an empty file",
      ["--client-secret", `file://${join(dir, "empty-secret.txt")}`],
      `Bad value for --client-secret file://${join(dir, "empty-secret.txt")}: the file holds no secret`,
    ],
    [
      "a file of a newline",
      ["--client-secret", `file://${join(dir, "newline-secret.txt")}`],
      `Bad value for --client-secret file://${join(dir, "newline-secret.txt")}: the file holds no secret`,
    ],
  ])("%s", async (_name, args, message) => {
    file("empty-secret.txt", "");
    file("newline-secret.txt", "\n");
    const run = await measure(["--client-id", "c", "--username", "u", ...args]);
    expect([run.exitCode, errorMessage(run)]).toEqual([252, message]);
  });

  test.concurrent("an empty COGNITO_CLIENT_SECRET still counts as not given", async () => {
    const run = await measure(["--client-id", "c", "--username", "u", "--generate-cli-skeleton", "output"], {
      COGNITO_CLIENT_SECRET: "",
    });
    expect(run.exitCode).toBe(0);
  });
});
