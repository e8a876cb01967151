// Error answers read as AWS CLI 2.36.7 reads them (learnt by running it
// against a local server that answers each shape): the code, the message, the
// model's members, the answers it cannot read, the reason phrases Python
// knows, and which answers it tries again. Then end to end over loopback HTTP:
// the line, the structured error, the exit code, and how often the request
// reached the server.
import { describe, expect, test } from "vitest";
import { type ErrorAnswer, readErrorAnswer, saysTryAgain, statusPhrase, utf8Failure } from "../src/call/answer";
import { ServiceError, additionalDetails, detailText } from "../src/common/errors";
import { C, at, folder, withEndpoint } from "./support/fixtures";
import { runMain } from "./support/io";
import type { ScriptedAnswer } from "./support/local-cognito";

const said = (code: string, message: unknown, members: Record<string, unknown> = {}): ErrorAnswer => ({
  code,
  message,
  members,
  statusOnly: false,
});
const bare = (code: string, message: string): ErrorAnswer => ({ code, message, members: {}, statusOnly: true });
const unreadable = (reason: string): ErrorAnswer => ({ unreadable: reason });
const bytes = (body: string | Buffer): Uint8Array => (typeof body === "string" ? Buffer.from(body) : body);

describe("an error answer as the AWS CLI reads it", () => {
  test.each<[string, number, string | Buffer, ErrorAnswer, Record<string, string>?]>([
    // A 5xx with nothing or <html>: the status, and Python's phrase for it.
    ["a 503 with no body", 503, "", bare("503", "Service Unavailable")],
    ["a 509 with no body: Python has no phrase", 509, "", bare("509", "")],
    ["a 520 with <html>", 520, "<html><body>x</body></html>", bare("520", "")],
    ["a 599 with <html> after whitespace", 599, "  <html>", bare("599", "")],
    ["a 500 of whitespace", 500, " \r\n", bare("500", "Internal Server Error")],
    [
      "a 503 with <html> before bytes that are not UTF-8",
      503,
      Buffer.from("<html>\xff", "latin1"),
      bare("503", "Service Unavailable"),
    ],
    // Below 500, or not <html>: the body is read.
    ["a 403 with no body: the message is empty", 403, "", said("403", "")],
    ["a 400 of whitespace: the whitespace is the message", 400, " ", said("400", " ")],
    ["a 413 with <html>: only a 5xx is bare", 413, "<html>", said("413", "<html>")],
    ["<!DOCTYPE html>, not <html>", 503, "<!DOCTYPE html>\n<html/>\n", said("503", "<!DOCTYPE html>\n<html/>\n")],
    ["text that is not JSON", 500, "{not json", said("500", "{not json")],
    ["message before Message", 500, '{"message":"m","Message":"M"}', said("500", "m")],
    ["Message when there is no message", 500, '{"Message":"M"}', said("500", "M")],
    ["a message of null, Message besides", 500, '{"Message":"M","message":null}', said("500", null)],
    ["a message that is a number", 500, '{"__type":"X","message":123}', said("X", 123)],
    ["a message that is a list", 500, '{"message":["a"]}', said("500", ["a"])],
    ["no message", 500, "{}", said("500", "")],
    // The code: __type, else the status; x-amzn-ErrorType is not read.
    [
      "a namespace and a suffix, and the model's members (not null, not unmodelled)",
      400,
      '{"__type":"ns#InvalidParameterException:http://x/","message":"m","reasonCode":"R","extra":1}',
      said("InvalidParameterException", "m", { message: "m", reasonCode: "R" }),
    ],
    [
      "a member of null is left out",
      400,
      '{"__type":"InvalidParameterException","Message":"M","reasonCode":null}',
      said("InvalidParameterException", "M"),
    ],
    [
      "an error of the service that this operation does not name: its members too",
      400,
      '{"__type":"UsernameExistsException","message":"m"}',
      said("UsernameExistsException", "m", { message: "m" }),
    ],
    ["a:b#c is a", 400, '{"__type":"a:b#c"}', said("a", "")],
    ["a#b#c is c", 400, '{"__type":"a#b#c"}', said("c", "")],
    ["an empty __type", 500, '{"__type":"","message":"e"}', said("", "e")],
    ["a __type of null", 500, '{"__type":null,"message":"n"}', said("", "n")],
    [
      "x-amzn-ErrorType names nothing",
      500,
      '{"message":"x"}',
      said("500", "x"),
      { "x-amzn-errortype": "InternalFailure" },
    ],
    ["x-amzn-query-error Code;Type", 400, '{"__type":"X"}', said("AWS.Foo", ""), { "x-amzn-query-error": "AWS.Foo;S" }],
    ["x-amzn-query-error of three parts", 400, "{}", said("400", ""), { "x-amzn-query-error": "A;B;C" }],
    ["x-amzn-query-error with no code", 400, "{}", said("400", ""), { "x-amzn-query-error": ";B" }],
    // What the AWS CLI cannot read: Python's own error.
    [
      "bytes that are not UTF-8",
      507,
      Buffer.from([0xff, 0xfe, 0x6f, 0x6f, 0x70, 0x73, 0xc3]),
      unreadable("'utf-8' codec can't decode byte 0xff in position 0: invalid start byte"),
    ],
    ["a JSON list", 503, "[]", unreadable("'list' object has no attribute 'get'")],
    ["a JSON string", 503, '"oops"', unreadable("'str' object has no attribute 'get'")],
    ["a JSON int", 400, "42", unreadable("'int' object has no attribute 'get'")],
    ["a JSON float", 400, "1.5", unreadable("'float' object has no attribute 'get'")],
    ["JSON null", 400, "null", unreadable("'NoneType' object has no attribute 'get'")],
    ["JSON true", 400, "true", unreadable("'bool' object has no attribute 'get'")],
    ["a __type that is a number", 400, '{"__type":123}', unreadable("argument of type 'int' is not iterable")],
    ["a __type that is true", 400, '{"__type":true}', unreadable("argument of type 'bool' is not iterable")],
    ["a __type that is a list", 400, '{"__type":["a"]}', unreadable("unhashable type: 'list'")],
    ["a __type that is an object", 400, '{"__type":{"a":1}}', unreadable("unhashable type: 'dict'")],
  ])("%s", (_name, status, body, expected, headers = {}) => {
    expect(readErrorAnswer(status, headers, bytes(body))).toEqual(expected);
  });
});

describe("Python's reason phrases", () => {
  // http.client.responses of the AWS CLI's Python, 500 to 599.
  const PYTHON_5XX: Record<number, string> = {
    500: "Internal Server Error",
    501: "Not Implemented",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
    505: "HTTP Version Not Supported",
    506: "Variant Also Negotiates",
    507: "Insufficient Storage",
    508: "Loop Detected",
    510: "Not Extended",
    511: "Network Authentication Required",
  };
  test("every 5xx as Python has it, none where it has none", () => {
    const phrases = Array.from({ length: 100 }, (_, i) => [500 + i, statusPhrase(500 + i)] as const);
    expect(Object.fromEntries(phrases.filter(([, phrase]) => phrase !== ""))).toEqual(PYTHON_5XX);
  });
  test.each([
    [413, "Request Entity Too Large"],
    [414, "Request-URI Too Long"],
    [416, "Requested Range Not Satisfiable"],
    [404, "Not Found"],
    [429, "Too Many Requests"],
  ])("%i: %s", (status, phrase) => expect(statusPhrase(status)).toBe(phrase));
});

describe("Python's UnicodeDecodeError", () => {
  // As Python 3 words each (bytes.decode("utf-8")).
  test.each([
    ["41c3a9e282ac", undefined],
    ["ff", "byte 0xff in position 0: invalid start byte"],
    ["80", "byte 0x80 in position 0: invalid start byte"],
    ["c0af", "byte 0xc0 in position 0: invalid start byte"],
    ["f5", "byte 0xf5 in position 0: invalid start byte"],
    ["c3", "byte 0xc3 in position 0: unexpected end of data"],
    ["41c3", "byte 0xc3 in position 1: unexpected end of data"],
    ["e282", "bytes in position 0-1: unexpected end of data"],
    ["f09f98", "bytes in position 0-2: unexpected end of data"],
    ["e28241", "bytes in position 0-1: invalid continuation byte"],
    ["e041", "byte 0xe0 in position 0: invalid continuation byte"],
    ["e080", "byte 0xe0 in position 0: invalid continuation byte"],
    ["eda080", "byte 0xed in position 0: invalid continuation byte"],
    ["f4908080", "byte 0xf4 in position 0: invalid continuation byte"],
    ["c3a9ff", "byte 0xff in position 2: invalid start byte"],
    ["e282ac80", "byte 0x80 in position 3: invalid start byte"],
  ])("%s", (hex, reason) => {
    expect(utf8Failure(Buffer.from(hex, "hex"))).toBe(reason && `'utf-8' codec can't decode ${reason}`);
  });
});

describe("which answers the AWS CLI tries again", () => {
  test.each<[number, string, boolean]>([
    [500, "{}", true],
    [502, "<html>", true],
    [503, "", true],
    [504, '{"__type":"UserNotFoundException"}', true],
    [501, "", false],
    [505, "{}", false],
    [509, "", false],
    [520, "", false],
    [429, "", false],
    [429, '{"__type":"InternalErrorException"}', false],
    [429, '{"__type":"TooManyRequestsException"}', true],
    [400, '{"__type":"LimitExceededException"}', true],
    [400, '{"__type":"ThrottlingException"}', true],
    [400, '{"__type":"RequestTimeoutException"}', true],
    [400, '{"__type":"UserNotFoundException"}', false],
    [503, "[]", false],
    [503, "\xff", false],
  ])("%i %s: %s", (status, body, again) => {
    expect(saysTryAgain(status, readErrorAnswer(status, {}, Buffer.from(body, "latin1")))).toBe(again);
  });
});

const line = (code: string, message: string, retries = " (reached max retries: 0)"): string =>
  `\nresend-confirmation-code: [ERROR]: An error occurred (${code}) when calling the ResendConfirmationCode operation${retries}:${message === "" ? "" : ` ${message}`}\n`;

describe("end to end: the line, the structured error, the exit code, the requests", () => {
  const base = ["--client-id", C, "--username", "jane"];
  test.concurrent.each<[string, ScriptedAnswer, string[], Record<string, string>, number, string, number]>([
    [
      "a 429 whose code is not throttling's: not tried again",
      { status: 429, body: '{"__type":"InternalErrorException","message":"m"}' },
      [],
      {},
      254,
      line("InternalErrorException", "m", ""),
      1,
    ],
    [
      "a 503 with no body, three times",
      { status: 503, body: "" },
      [],
      {},
      254,
      line("503", "Service Unavailable", " (reached max retries: 2)"),
      3,
    ],
    [
      "a 503 that is not UTF-8: Python's error, not tried again",
      { status: 503, body: Buffer.from([0xff, 0x6f]).toString("base64"), base64: true },
      [],
      {},
      255,
      "\nresend-confirmation-code: [ERROR]: 'utf-8' codec can't decode byte 0xff in position 0: invalid start byte\n",
      1,
    ],
    [
      "a message of null: None",
      { status: 400, body: '{"__type":"X","message":null}' },
      [],
      { AWS_MAX_ATTEMPTS: "1" },
      254,
      line("X", "None"),
      1,
    ],
    [
      "text with trailing whitespace: the line drops it",
      { status: 400, body: "  padded \n " },
      [],
      { AWS_MAX_ATTEMPTS: "1" },
      254,
      line("400", "  padded"),
      1,
    ],
    [
      "a bare 509 as JSON: the code first, the message empty",
      { status: 509, body: "" },
      ["--cli-error-format", "json"],
      { AWS_MAX_ATTEMPTS: "1" },
      254,
      '{\n    "Code": "509",\n    "Message": ""\n}\n',
      1,
    ],
    [
      "a message of null as JSON: null, and no member for Message alone",
      { status: 500, body: '{"__type":"InternalErrorException","Message":null}' },
      ["--cli-error-format", "json"],
      { AWS_MAX_ATTEMPTS: "1" },
      254,
      '{\n    "Message": null,\n    "Code": "InternalErrorException"\n}\n',
      1,
    ],
  ])("%s", (_name, answer, args, env, exit, stderr, requests) =>
    withEndpoint({}, async (endpoint) => {
      endpoint.answerNext(3, answer);
      const outcome = await runMain([...base, ...at(endpoint), ...args], { cwd: folder(), env });
      expect(outcome).toMatchObject({ exitCode: exit, stderr, stdout: "" });
      await endpoint.settled();
      expect(endpoint.requests).toHaveLength(requests);
    }),
  );

  test.concurrent("a bulk run: an answer that cannot be read is the user's FAILED line, once; the run goes on", () =>
    withEndpoint({}, async (endpoint) => {
      endpoint.answerNext(1, { status: 503, body: "[]" });
      const outcome = await runMain(
        ["--client-id", C, "--usernames-file", "users.txt", "--max-rate", "0", "--concurrency", "1", ...at(endpoint)],
        { cwd: folder({ "users.txt": "user-1\nuser-2\n" }), env: {} },
      );
      const lines = outcome.stdout
        .trim()
        .split("\n")
        .map((text) => JSON.parse(text) as { Username: string; Status: string; Error?: unknown });
      expect(lines.map((l) => ({ Username: l.Username, Status: l.Status, Error: l.Error }))).toEqual([
        {
          Username: "user-1",
          Status: "FAILED",
          Error: { Code: "503", Message: "'list' object has no attribute 'get'" },
        },
        { Username: "user-2", Status: "SENT", Error: undefined },
      ]);
      expect(outcome.exitCode).toBe(254);
      await endpoint.settled();
      expect(endpoint.requests).toHaveLength(2);
    }));
});

describe("an error's other members, as AWS CLI 2.36.7 lists them after its message", () => {
  test.each([
    ["a", "a"],
    [1.5, "1.5"],
    [true, "True"],
    [["a", 1], "[a, 1]"],
    [{ k: true, n: null }, "{k: True, n: None}"],
    [[["x"], { a: "b" }], undefined],
    [{ k: [1] }, undefined],
  ])("%j: %j", (value, text) => {
    expect(detailText(value)).toBe(text);
  });

  test("a member that is null is left out; one nested deeper is a <complex value>, with a line saying where to see it", () => {
    const error = new ServiceError("m", {
      code: "InvalidParameterException",
      failure: { details: { message: "m", reasonCode: [["x"]], gone: null, flag: false } },
    } as never);
    expect(additionalDetails(error)).toBe(
      '\nAdditional error details:\nreasonCode: <complex value>\nflag: False\nUse "--cli-error-format json" or another error format to see the full details.\n',
    );
  });
});
